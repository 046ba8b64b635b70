/**
 * parseFilter / parseSorts: valid filters become the expected frozen AST; invalid ones fail
 * with Notion's status, code and exact wording.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../src/api/errors.js";
import { compileSqlite, computedProperties, parseFilter, parseFilterPaced, parseSorts, type FilterNode } from "../src/query/index.js";
import { prop } from "./helpers/query-db.js";

const schema = [
  prop("title", "Name", "title"),
  prop("txt", "Notes", "rich_text"),
  prop("n%3A", "Count", "number"),
  prop("sel", "Stage", "select", ["Todo", "Doing"]),
  prop("tag", "Tags", "multi_select", ["Red", "Green"]),
  prop("due", "Due", "date"),
  prop("ppl", "Owner", "people"),
  prop("rel", "Rel", "relation"),
  prop("crt", "Created", "created_time"),
  prop("by", "Author", "created_by"),
  prop("f", "Calc", "formula"),
  prop("r", "Roll", "rollup"),
  prop("ver", "Verified", "verification"),
];
const NOW = Date.UTC(2024, 4, 15, 12); // Wednesday 2024-05-15 12:00 UTC
const DAY = 86_400_000;
const ME = "6b1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a11";
const opts = { now: NOW, meUserId: ME };
const parse = (f: unknown, o: Partial<typeof opts & { timeZone: string; path: string }> = {}) => parseFilter(f, schema, { ...opts, ...o });

/** Asserts a 400 validation_error with exactly `message`. */
function rejects(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError, `not an ApiError: ${String(e)}`);
    assert.equal(e.status, 400);
    assert.equal(e.code, "validation_error");
    assert.equal(e.message, message);
    return true;
  });
}

const leaf = (f: FilterNode | null) => {
  assert.ok(f && f.kind === "leaf");
  return f;
};

test("a text filter parses to a leaf with a folded operand; absent filters are null", () => {
  assert.deepEqual(parse({ property: "Name", title: { contains: "ApPle" } }), {
    kind: "leaf", target: { kind: "property", id: "title", type: "title" }, condition: { kind: "text", op: "contains", value: "apple" },
  });
  assert.equal(parse(undefined), null);
  assert.equal(parse(null), null);
});

test("the AST is frozen all the way down", () => {
  const f = parse({ and: [{ property: "Stage", select: { equals: ["Todo"] } }] })!;
  assert.ok(Object.isFrozen(f));
  assert.ok(f.kind === "and" && Object.isFrozen(f.children) && Object.isFrozen(f.children[0]));
  const l = leaf(f.children[0]);
  assert.ok(Object.isFrozen(l.condition) && Object.isFrozen((l.condition as unknown as { ids: string[] }).ids));
});

test("a property is found by name, by id and by URL-encoded id", () => {
  for (const ref of ["Count", "n%3A", "n%253A"]) assert.deepEqual(leaf(parse({ property: ref, number: { equals: 1 } })).target, { kind: "property", id: "n%3A", type: "number" });
});

test("an unknown property is named in Notion's words", () => {
  rejects(() => parse({ property: "Nope", title: { contains: "x" } }), "Could not find property with name or id: Nope");
  rejects(() => parse({ or: [{ property: "Name", title: { contains: "x" } }, { property: "Gone", number: { equals: 1 } }] }), "Could not find property with name or id: Gone");
});

test("the condition key must match the property's type (rich_text also filters title, url, email, phone_number)", () => {
  assert.equal(leaf(parse({ property: "Name", rich_text: { contains: "x" } })).condition.kind, "text");
  rejects(() => parse({ property: "Name", url: { contains: "x" } }), "database property title does not match filter url");
  rejects(() => parse({ property: "Count", rich_text: { contains: "x" } }), "database property number does not match filter rich_text");
  rejects(() => parse({ property: "Stage", status: { equals: "Todo" } }), "database property select does not match filter status");
  rejects(() => parse({ property: "Created", date: { past_week: {} } }), "database property created_time does not match filter date");
});

test("operand types are checked with the path of the failing value", () => {
  rejects(() => parse({ and: [{ property: "Notes", rich_text: { contains: 5 } }] }), "body failed validation: body.filter.and[0].rich_text.contains should be a string, instead was `5`.");
  rejects(() => parse({ property: "Count", number: { greater_than: "5" } }), 'body failed validation: body.filter.number.greater_than should be a number, instead was `"5"`.');
  rejects(() => parse({ property: "Stage", select: { equals: 5 } }), "body failed validation. Fix one:\nbody.filter.select.equals should be a string, instead was `5`.\nbody.filter.select.equals should be an array, instead was `5`.");
  rejects(() => parse({ property: "Rel", relation: { contains: "abc" } }), 'body failed validation: body.filter.relation.contains should be a valid uuid, instead was `"abc"`.');
  rejects(() => parse({ property: "Owner", people: { contains: "you" } }), 'body failed validation. Fix one:\nbody.filter.people.contains should be a valid uuid, instead was `"you"`.\nbody.filter.people.contains should be `"me"`, instead was `"you"`.');
  rejects(() => parse({ property: "Due", date: { after: "2024-02-30" } }), 'body failed validation: body.filter.date.after should be a valid ISO 8601 date string, instead was `"2024-02-30"`.');
  rejects(() => parse({ property: "Due", date: { past_week: true } }), "body failed validation: body.filter.date.past_week should be an object, instead was `true`.");
  rejects(() => parse({ property: "Verified", verification: { status: "maybe" } }), 'body failed validation: body.filter.verification.status should be `"verified"`, `"expired"`, or `"none"`, instead was `"maybe"`.');
  rejects(() => parse({ property: "Name", title: "x" }), 'body failed validation: body.filter.title should be an object, instead was `"x"`.');
  rejects(() => parse("x"), 'body failed validation: body.filter should be an object, instead was `"x"`.');
});

test("is_empty and is_not_empty must be literally true", () => {
  rejects(() => parse({ property: "Name", title: { is_empty: false } }), "body failed validation: body.filter.title.is_empty should be `true`, instead was `false`.");
  rejects(() => parse({ property: "Count", number: { is_not_empty: 1 } }), "body failed validation: body.filter.number.is_not_empty should be `true`, instead was `1`.");
  assert.deepEqual(leaf(parse({ property: "Tags", multi_select: { is_empty: true } })).condition, { kind: "option", op: "is_empty" });
});

test("compound filters nest two levels; a third is refused as Notion words it", () => {
  const ok = parse({ and: [{ or: [{ property: "Name", title: { contains: "a" } }, { property: "Count", number: { equals: 1 } }] }] });
  assert.ok(ok?.kind === "and" && ok.children[0].kind === "or");
  rejects(
    () => parse({ and: [{ or: [{ and: [{ property: "Name", title: { contains: "a" } }] }] }] }),
    'body failed validation: body.filter.and[0].or[0].and should be not present, instead was `[{"property":"Name","title":{"contains":"a"}}]`.',
  );
  rejects(() => parse({ or: [{ and: [{ or: [] }] }] }), "body failed validation: body.filter.or[0].and[0].or should be not present, instead was `[]`.");
  rejects(() => parse({ and: { property: "Name" } }), 'body failed validation: body.filter.and should be an array, instead was `{"property":"Name"}`.');
});

test("an and/or array holds at most 100 filters and sorts at most 100 entries, checked before the items", () => {
  const leaves = (n: number) => Array.from({ length: n }, (_, i) => ({ property: "Count", number: { equals: i } }));
  assert.equal(parse({ or: leaves(100) })?.kind, "or");
  // 100 × 100 conditions is the most a filter can hold within the limits.
  const full = parse({ and: Array.from({ length: 100 }, () => ({ or: leaves(100) })) });
  assert.equal(full?.kind === "and" && full.children.length, 100);
  rejects(() => parse({ or: leaves(101) }), "body failed validation: body.filter.or.length should be ≤ `100`, instead was `101`.");
  rejects(() => parse({ and: [{ or: [...leaves(100), "not even a filter"] }] }), "body failed validation: body.filter.and[0].or.length should be ≤ `100`, instead was `101`.");
  rejects(() => parse({ or: [...leaves(10_000), { bogus: true }] }), "body failed validation: body.filter.or.length should be ≤ `100`, instead was `10001`.");
  const sorts = (n: number) => Array.from({ length: n }, () => ({ property: "Count", direction: "ascending" }));
  assert.equal(parseSorts(sorts(100), schema).length, 100);
  assert.throws(() => parseSorts(sorts(1000), schema), (e: unknown) => e instanceof ApiError && e.message === "body failed validation: body.sorts.length should be ≤ `100`, instead was `1000`.");
});

test("parseFilterPaced pauses while it parses a large filter, with parseFilter's answers and errors", async () => {
  let pauses = 0;
  const pause = async () => void pauses++;
  const paced = (f: unknown) => parseFilterPaced(f, schema, opts, pause);
  const group = (i: number) => ({ and: [{ property: "Count", number: { equals: i } }, { property: "Name", title: { contains: `n${i}` } }] });
  const big = { or: Array.from({ length: 100 }, (_, i) => group(i)) };
  assert.deepEqual(await paced(big), parse(big));
  assert.ok(pauses >= 10, `${pauses} pauses`);
  assert.ok(Object.isFrozen(await paced(big)));
  assert.deepEqual(await paced({ property: "Count", number: { equals: 1 } }), parse({ property: "Count", number: { equals: 1 } }));
  assert.equal(await paced(undefined), null);
  // The body's shape first, then names against the schema, as parseFilter.
  const badShape = { or: [...Array.from({ length: 20 }, (_, i) => (i === 3 ? { property: "Nope", number: { equals: 1 } } : group(i))), { property: "Count", number: {} }] };
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "";
  };
  await assert.rejects(paced(badShape), (e: unknown) => (e as Error).message === message(() => parse(badShape)) && /body\.filter\.or\[20\]\.number/.test((e as Error).message));
  const badName = { or: [...Array.from({ length: 20 }, (_, i) => group(i)), { property: "Nope", number: { equals: 1 } }] };
  await assert.rejects(paced(badName), (e: unknown) => (e as Error).message === "Could not find property with name or id: Nope");
  await assert.rejects(paced({ or: Array.from({ length: 101 }, (_, i) => group(i)) }), (e: unknown) => /or\.length should be ≤ `100`/.test((e as Error).message));
});

test("a filter without a type key lists every alternative; deep leaves do not offer and/or", () => {
  const keys = ["title", "rich_text", "number", "checkbox", "select", "multi_select", "status", "date", "people", "files", "url", "email", "phone_number", "relation", "created_by", "created_time", "last_edited_by", "last_edited_time", "formula", "unique_id", "rollup", "verification", "timestamp"];
  const lines = (path: string, compound: boolean) =>
    [...(compound ? ["or", "and"] : []), ...keys].map((k) => `${path}.${k} should be defined, instead was \`undefined\`.`).join("\n");
  rejects(() => parse({ property: "Name", text: { contains: "x" } }), `body failed validation. Fix one:\n${lines("body.filter", true)}`);
  rejects(() => parse({ and: [{ or: [{ property: "Name" }] }] }), `body failed validation. Fix one:\n${lines("body.filter.and[0].or[0]", false)}`);
});

test("property is required; a condition needs one operator; type must agree with the key", () => {
  rejects(() => parse({ title: { contains: "x" } }), "body failed validation: body.filter.property should be defined, instead was `undefined`.");
  rejects(() => parse({ property: 7, title: { contains: "x" } }), "body failed validation: body.filter.property should be a string, instead was `7`.");
  rejects(() => parse({ property: "Owner", people: {} }), "body failed validation. Fix one:\nbody.filter.people.contains should be defined, instead was `undefined`.\nbody.filter.people.does_not_contain should be defined, instead was `undefined`.\nbody.filter.people.is_empty should be defined, instead was `undefined`.\nbody.filter.people.is_not_empty should be defined, instead was `undefined`.");
  rejects(() => parse({ property: "Name", type: "rich_text", title: { contains: "x" } }), "body failed validation: body.filter.rich_text should be defined, instead was `undefined`.");
  assert.equal(leaf(parse({ property: "Name", type: "title", title: { equals: "X" } })).condition.kind, "text");
});

test("shape errors are reported before unknown properties (Notion validates the body first)", () => {
  rejects(() => parse({ and: [{ property: "Gone", title: { contains: "x" } }, { property: "Name", title: { contains: 1 } }] }), "body failed validation: body.filter.and[1].title.contains should be a string, instead was `1`.");
});

test("the message path follows opts.path", () => {
  rejects(() => parse({ property: "Name", title: { equals: 1 } }, { path: "body.filter.and[0]" }), "body failed validation: body.filter.and[0].title.equals should be a string, instead was `1`.");
});

test("select and multi_select operands resolve to option ids, by name (any case) or id", () => {
  assert.deepEqual(leaf(parse({ property: "Stage", select: { equals: "todo" } })).condition, { kind: "option", op: "equals", ids: ["sel-o0"], names: [], blank: false });
  assert.deepEqual(leaf(parse({ property: "Stage", select: { does_not_equal: ["Doing", "Nope", "sel-o0"] } })).condition, { kind: "option", op: "does_not_equal", ids: ["sel-o1", "sel-o0"], names: [], blank: false });
  assert.deepEqual(leaf(parse({ property: "Tags", multi_select: { contains: [] } })).condition, { kind: "option", op: "contains", ids: [], names: [], blank: true });
});

test("timestamp filters read the node columns; a timestamp filter takes no property", () => {
  assert.deepEqual(parse({ timestamp: "created_time", created_time: { on_or_after: "2024-05-01T10:00:00" } }), {
    kind: "leaf", target: { kind: "column", column: "created_time" }, condition: { kind: "date", op: "on_or_after", from: Date.UTC(2024, 4, 1, 10), to: null },
  });
  assert.deepEqual(leaf(parse({ property: "Author", created_by: { contains: "me" } })), {
    kind: "leaf", target: { kind: "column", column: "created_by" }, condition: { kind: "id", op: "contains", id: ME },
  });
  rejects(() => parse({ timestamp: "created", created_time: { past_week: {} } }), 'body failed validation: body.filter.timestamp should be `"created_time"` or `"last_edited_time"`, instead was `"created"`.');
  rejects(() => parse({ timestamp: "last_edited_time" }), "body failed validation: body.filter.last_edited_time should be defined, instead was `undefined`.");
  rejects(() => parse({ timestamp: "created_time", property: "Created", created_time: { past_week: {} } }), 'body failed validation: body.filter.property should be not present, instead was `"Created"`.');
});

test("dates resolve to [from, to) windows: by day for dates, at the minute for date-times", () => {
  const cond = (date: Record<string, unknown>, timeZone?: string) => leaf(parse({ property: "Due", date }, timeZone ? { timeZone } : {})).condition;
  const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
  assert.deepEqual(cond({ equals: "2024-05-10" }), { kind: "date", op: "equals", from: day(2024, 5, 10), to: day(2024, 5, 11) });
  assert.deepEqual(cond({ before: "2024-05-10T08:00:00+02:00" }), { kind: "date", op: "before", from: null, to: Date.UTC(2024, 4, 10, 6) });
  assert.deepEqual(cond({ on_or_before: "2024-05-10T08:00:39.123456Z" }), { kind: "date", op: "on_or_before", from: null, to: Date.UTC(2024, 4, 10, 8, 1) });
  assert.deepEqual(cond({ equals: "2024-05-10T08:00:39Z" }), { kind: "date", op: "equals", from: Date.UTC(2024, 4, 10, 8), to: Date.UTC(2024, 4, 10, 8, 1) });
  // Timestamps keep the millisecond.
  assert.deepEqual(leaf(parse({ timestamp: "created_time", created_time: { on_or_before: "2024-05-10T08:00:00.123456Z" } })).condition, { kind: "date", op: "on_or_before", from: null, to: Date.UTC(2024, 4, 10, 8, 0, 0, 124) });
  assert.deepEqual(cond({ after: "today" }), { kind: "date", op: "after", from: day(2024, 5, 16), to: null });
  assert.deepEqual(cond({ equals: "yesterday" }), { kind: "date", op: "equals", from: day(2024, 5, 14), to: day(2024, 5, 15) });
  assert.deepEqual(cond({ on_or_after: "one_month_ago" }), { kind: "date", op: "on_or_after", from: day(2024, 4, 15), to: null });
  assert.deepEqual(cond({ before: "one_week_from_now" }), { kind: "date", op: "before", from: null, to: day(2024, 5, 22) });
  // In Kiritimati (UTC+14) it is already Thursday the 16th.
  assert.deepEqual(cond({ equals: "today" }, "Pacific/Kiritimati"), { kind: "date", op: "equals", from: day(2024, 5, 16), to: day(2024, 5, 17) });
  assert.deepEqual(cond({ past_week: {} }), { kind: "date", op: "past_week", from: day(2024, 5, 8), to: day(2024, 5, 16) });
  assert.deepEqual(cond({ past_year: {} }), { kind: "date", op: "past_year", from: day(2023, 5, 15), to: day(2024, 5, 16) });
  assert.deepEqual(cond({ next_month: {} }), { kind: "date", op: "next_month", from: day(2024, 5, 15), to: day(2024, 6, 16) });
  assert.deepEqual(cond({ this_week: {} }), { kind: "date", op: "this_week", from: day(2024, 5, 12), to: day(2024, 5, 19) });
  assert.equal(day(2024, 5, 19) - day(2024, 5, 12), 7 * DAY);
});

test("month arithmetic clamps to the month's last day", () => {
  const at = (now: number, token: string) => (leaf(parseFilter({ property: "Due", date: { equals: token } }, schema, { now })).condition as { from: number }).from;
  assert.equal(at(Date.UTC(2024, 2, 31), "one_month_ago"), Date.UTC(2024, 1, 29));
  assert.equal(at(Date.UTC(2024, 0, 31), "one_month_from_now"), Date.UTC(2024, 1, 29));
});

test("formula and rollup filters parse, and only the in-memory evaluator can run them", () => {
  const f = parse({ property: "Calc", formula: { number: { greater_than: 2 } } });
  assert.deepEqual(f, { kind: "leaf", target: { kind: "formula", id: "f" }, condition: { kind: "number", op: "greater_than", value: 2 } });
  const r = parse({ property: "Roll", rollup: { any: { select: { equals: "Red" } } } });
  assert.deepEqual(r, { kind: "leaf", target: { kind: "rollup", id: "r", quantifier: "any" }, condition: { kind: "option", op: "equals", ids: [], names: ["red"], blank: false } });
  assert.deepEqual(leaf(parse({ property: "Roll", rollup: { date: { is_empty: true } } })).target, { kind: "rollup", id: "r", quantifier: "value" });
  rejects(() => parse({ property: "Calc", formula: { text: { contains: "x" } } }), "body failed validation. Fix one:\nbody.filter.formula.string should be defined, instead was `undefined`.\nbody.filter.formula.checkbox should be defined, instead was `undefined`.\nbody.filter.formula.number should be defined, instead was `undefined`.\nbody.filter.formula.date should be defined, instead was `undefined`.");
  rejects(() => parse({ property: "Roll", rollup: { every: { title: { contains: "x" } } } }), "body failed validation. Fix one:\n" + ["rich_text", "number", "checkbox", "select", "multi_select", "relation", "date", "people", "files", "status"].map((k) => `body.filter.rollup.every.${k} should be defined, instead was \`undefined\`.`).join("\n"));
  assert.equal(compileSqlite(f, []), null);
  assert.equal(compileSqlite(parse({ and: [{ property: "Name", title: { is_empty: true } }, { property: "Roll", rollup: { number: { equals: 1 } } }] }), []), null);
  assert.equal(compileSqlite(null, parseSorts([{ property: "Calc", direction: "ascending" }], schema)), null);
  assert.ok(compileSqlite(parse({ property: "Name", title: { is_empty: true } }), []));
  assert.deepEqual(computedProperties(parse({ or: [{ property: "Name", title: { is_empty: true } }, { and: [{ property: "Roll", rollup: { any: { select: { equals: "Red" } } } }] }] }), parseSorts([{ property: "Calc", direction: "ascending" }], schema)), ["r", "f"]);
  assert.deepEqual(computedProperties(null, []), []);
});

test("sorts: property or timestamp keys with Notion's messages", () => {
  assert.deepEqual(parseSorts([{ property: "Stage", direction: "descending" }, { timestamp: "last_edited_time", direction: "ascending" }, { property: "Created", direction: "ascending" }], schema), [
    { target: { kind: "property", id: "sel", type: "select" }, direction: "descending", options: ["sel-o0", "sel-o1"] },
    { target: { kind: "column", column: "last_edited_time" }, direction: "ascending" },
    { target: { kind: "column", column: "created_time" }, direction: "ascending" },
  ]);
  assert.deepEqual(parseSorts(undefined, schema), []);
  assert.ok(Object.isFrozen(parseSorts([{ property: "Name", direction: "ascending" }], schema)[0]));
  rejects(() => parseSorts([{ property: "Nope", direction: "ascending" }], schema), "Could not find sort property with name or id: Nope");
  rejects(() => parseSorts([{ direction: "ascending" }], schema), "body failed validation. Fix one:\nbody.sorts[0].property should be defined, instead was `undefined`.\nbody.sorts[0].timestamp should be defined, instead was `undefined`.");
  rejects(() => parseSorts([{ property: "Name", direction: "up" }], schema), 'body failed validation: body.sorts[0].direction should be `"ascending"` or `"descending"`, instead was `"up"`.');
  rejects(() => parseSorts([{ property: "Name" }], schema), "body failed validation: body.sorts[0].direction should be defined, instead was `undefined`.");
  rejects(() => parseSorts([{ timestamp: "created", direction: "ascending" }], schema), 'body failed validation: body.sorts[0].timestamp should be `"created_time"` or `"last_edited_time"`, instead was `"created"`.');
  rejects(() => parseSorts({ property: "Name" }, schema), 'body failed validation: body.sorts should be an array, instead was `{"property":"Name"}`.');
});
