/**
 * Differential test: random schemas (odd property ids included), random pages in the stored
 * format, random filters and sorts within the grammar, random related pages hidden from the
 * reader. The compiled SQL, run on a real store of this pass (SQLite, or PostgreSQL with
 * QUIRE_TEST_STORE=postgres) over every row, must return the same ids in the same
 * order as evaluate() + compareRows(), and both the answer over rows without those pages. Fixed seed.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { PropertySchema, PropertyType } from "../src/domain/properties/schema.js";
import { compileSqlite, parseFilter, parseSorts, withHidden } from "../src/query/index.js";
import type { NodeRow } from "../src/storage/types.js";
import { PLAN_COUNTS } from "../src/storage/planner/options.js";
import { USER, memoryIds, openQueryDb, pageRow, plannedIds, prop, rt, uid, type QueryDb } from "./helpers/query-db.js";

const NOW = Date.UTC(2024, 4, 15, 12);
const DAY = 86_400_000;
const USERS = [USER, "6b1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a11", "ffffffff-6d5c-4c1f-9d7c-2a7c9e0b1a12"];
const PAGES = ["9a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a01", "9a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a02", "0a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a03"];
/** Small alphabets make matches likely; case, accents, ß, İ, astral characters and spaces included. */
const PIECES = ["a", "A", "b", "B", "ab", "Ab", "é", "É", "ß", "İ", "😀", " ", "a b"];
const ID_CHARS = ["a", "B", "%", "\"", "\\", ".", "$", "'", "[", "]", " ", "é", "0"];
const OPTION_NAMES = ["Red", "green", "Blue sky", "Été"];
const TYPES: PropertyType[] = [
  "title", "rich_text", "url", "email", "phone_number", "number", "unique_id", "checkbox", "select", "status", "multi_select",
  "date", "people", "relation", "files", "verification", "created_time", "last_edited_time", "created_by", "last_edited_by",
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join(""));

const schemaArb = fc
  .uniqueArray(fc.array(fc.constantFrom(...ID_CHARS), { minLength: 1, maxLength: 4 }).map((c) => c.join("")), { minLength: 1, maxLength: 5 })
  .chain((ids) => fc.tuple(...ids.map(() => fc.constantFrom(...TYPES)), fc.subarray(OPTION_NAMES)).map((types) => {
    const options = types.pop() as string[];
    return ids.map((id, i) => prop(id, `P${i}`, types[i] as PropertyType, options));
  }));

const optionIds = (p: PropertySchema) => ((p.config.options as { id: string }[] | undefined) ?? []).map((o) => o.id);
const dayText = (offset: number) => new Date(NOW + offset * DAY).toISOString().slice(0, 10);

const dateValue = fc.record({
  day: fc.integer({ min: -40, max: 40 }),
  // Times anywhere in the day, or within a few minutes of 09:00 with seconds (values stored before
  // dates were kept to the minute, and operands with seconds, compare at their minute).
  time: fc.option(fc.oneof(fc.integer({ min: 0, max: DAY - 1 }), fc.integer({ min: 9 * 3_600_000, max: 9 * 3_600_000 + 3 * 60_000 - 1 })), { nil: null }),
  form: fc.constantFrom("Z", "+05:30", "floating"),
  zone: fc.constantFrom(null, "America/New_York", "Asia/Tokyo"),
  end: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
}).map(({ day, time, form, zone, end }) => {
  if (time === null) return { start: dayText(day), end: end === null ? null : dayText(day + end), time_zone: null };
  const iso = new Date(NOW + day * DAY + time).toISOString().slice(0, 23);
  return { start: iso + (form === "floating" ? "" : form), end: null, time_zone: form === "floating" ? zone : null };
});

/** A stored value for a property, or undefined for "key missing". */
function valueArb(p: PropertySchema): fc.Arbitrary<unknown> {
  const missing = fc.constant(undefined);
  switch (p.type) {
    case "title": case "rich_text": return fc.oneof(missing, fc.array(text, { maxLength: 2 }).map((t) => rt(...t)));
    case "url": case "email": case "phone_number": return fc.oneof(missing, fc.constant(null), text);
    case "number": case "unique_id":
      return fc.oneof(missing, fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true }));
    case "checkbox": return fc.oneof(missing, fc.boolean());
    case "select": case "status": return fc.oneof(missing, fc.constant(null), fc.constantFrom("gone", ...optionIds(p)));
    case "multi_select": return fc.oneof(missing, fc.subarray(["gone", ...optionIds(p)]).chain((a) => fc.shuffledSubarray(a, { minLength: a.length })));
    case "date": return fc.oneof(missing, fc.constant(null), dateValue);
    case "people": return fc.oneof(missing, fc.shuffledSubarray(USERS));
    case "relation": return fc.oneof(missing, fc.shuffledSubarray(PAGES));
    case "files": return fc.oneof(missing, fc.array(text.map((name) => ({ name, type: "external", external: { url: "https://x.test/f" } })), { maxLength: 2 }));
    case "verification": return fc.oneof(missing, fc.constant(null), fc.constantFrom("verified", "expired", "unverified").map((state) => ({ state, date: null, verified_by: null })));
    default: return missing;
  }
}

const pageArb = (schema: PropertySchema[]) => fc.record({
  values: fc.tuple(...schema.map(valueArb)),
  created: fc.integer({ min: -3, max: 3 }).map((d) => NOW + d * DAY), // ties on purpose
  edited: fc.integer({ min: -40, max: 40 }).map((d) => NOW + d * DAY / 2),
  by: fc.constantFrom(...USERS),
  editor: fc.constantFrom(...USERS),
}).map(({ values, created, edited, by, editor }) => {
  const properties: Record<string, unknown> = {};
  schema.forEach((p, i) => { if (values[i] !== undefined) properties[p.id] = values[i]; });
  return { properties, created_time: created, last_edited_time: edited, created_by: by, last_edited_by: editor };
});

const TEXT_OPS = ["equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with"];
const NUMBER_OPS = ["equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to"];
const DATE_OPS = ["equals", "before", "after", "on_or_before", "on_or_after"];
const WINDOWS = ["past_week", "past_month", "past_year", "this_week", "next_week", "next_month", "next_year"];
const RELATIVE = ["today", "tomorrow", "yesterday", "one_week_ago", "one_week_from_now", "one_month_ago", "one_month_from_now"];
const existence = fc.constantFrom({ is_empty: true }, { is_not_empty: true });
const opOf = <T>(ops: string[], operand: fc.Arbitrary<T>) => fc.tuple(fc.constantFrom(...ops), operand).map(([op, v]) => ({ [op]: v }));

const dateOperand = fc.oneof(
  fc.constantFrom(...RELATIVE),
  fc.integer({ min: -40, max: 40 }).map(dayText),
  dateValue.map((d) => d.start),
);
const dateCondition = fc.oneof(opOf(DATE_OPS, dateOperand), fc.constantFrom(...WINDOWS).map((w) => ({ [w]: {} })), existence);
const names = (p: PropertySchema) => fc.constantFrom("nope", "", ...OPTION_NAMES.map((n) => n.toUpperCase()), ...optionIds(p));

/** A condition object for a property of this type (the key is the type). */
function conditionArb(p: PropertySchema): fc.Arbitrary<Record<string, unknown>> {
  switch (p.type) {
    case "title": case "rich_text": case "url": case "email": case "phone_number": return fc.oneof(opOf(TEXT_OPS, text), existence);
    case "number": case "unique_id": return fc.oneof(opOf(NUMBER_OPS, fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true }))), existence);
    case "checkbox": return opOf(["equals", "does_not_equal"], fc.boolean());
    case "select": case "status": return fc.oneof(opOf(["equals", "does_not_equal"], fc.oneof(names(p), fc.array(names(p), { maxLength: 3 }))), existence);
    case "multi_select": return fc.oneof(opOf(["contains", "does_not_contain"], fc.oneof(names(p), fc.array(names(p), { maxLength: 3 }))), existence);
    case "date": case "created_time": case "last_edited_time": return dateCondition;
    case "people": case "created_by": case "last_edited_by": return fc.oneof(opOf(["contains", "does_not_contain"], fc.constantFrom("me", ...USERS)), existence);
    case "relation": return fc.oneof(opOf(["contains", "does_not_contain"], fc.constantFrom(...PAGES)), existence);
    case "files": return existence;
    case "verification": return opOf(["status", "does_not_equal"], fc.constantFrom("verified", "expired", "none"));
    default: throw new Error(p.type);
  }
}

function leafArb(schema: PropertySchema[]): fc.Arbitrary<unknown> {
  const byProperty = fc.constantFrom(...schema).chain((p) =>
    fc.tuple(conditionArb(p), fc.constantFrom(p.name, p.id, encodeURIComponent(p.id))).map(([c, ref]) => ({ property: ref, [p.type]: c })));
  const byTimestamp = fc.tuple(fc.constantFrom("created_time", "last_edited_time"), dateCondition).map(([t, c]) => ({ timestamp: t, [t]: c }));
  return fc.oneof({ arbitrary: byProperty, weight: 4 }, { arbitrary: byTimestamp, weight: 1 });
}

function filterArb(schema: PropertySchema[]): fc.Arbitrary<unknown> {
  const leaf = leafArb(schema);
  const group = (inner: fc.Arbitrary<unknown>) => fc.tuple(fc.constantFrom("and", "or"), fc.array(inner, { maxLength: 3 })).map(([k, items]) => ({ [k]: items }));
  return fc.oneof({ arbitrary: leaf, weight: 3 }, { arbitrary: group(leaf), weight: 2 }, { arbitrary: group(fc.oneof(leaf, group(leaf))), weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 });
}

function sortsArb(schema: PropertySchema[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    fc.tuple(fc.constantFrom(...schema), fc.constantFrom("ascending", "descending")).map(([p, direction]) => ({ property: p.name, direction })),
    fc.tuple(fc.constantFrom("created_time", "last_edited_time"), fc.constantFrom("ascending", "descending")).map(([timestamp, direction]) => ({ timestamp, direction })),
  );
  return fc.oneof(fc.constant(undefined), fc.array(key, { maxLength: 3 }));
}

const caseArb = schemaArb.chain((schema) => fc.record({
  schema: fc.constant(schema),
  pages: fc.array(pageArb(schema), { minLength: 2, maxLength: 12 }),
  filter: filterArb(schema),
  sorts: sortsArb(schema),
  timeZone: fc.constantFrom(undefined, "UTC", "America/New_York", "Pacific/Kiritimati"),
  pageSize: fc.integer({ min: 1, max: 5 }),
  // The reader's side: related pages it may not see (src/query/hidden.ts).
  hidden: fc.subarray(PAGES),
}));

/** The rows as a reader that cannot see `hidden` would find them: those pages gone from every relation. */
const withoutPages = (schema: PropertySchema[], rows: NodeRow[], hidden: string[]) =>
  rows.map((r) => {
    const properties = { ...r.properties };
    for (const p of schema) if (p.type === "relation" && Array.isArray(properties[p.id])) properties[p.id] = (properties[p.id] as string[]).filter((id) => !hidden.includes(id));
    return { ...r, properties };
  });

let q: QueryDb;
// The store's planner thresholds are lowered so that these small data sources go through every
// plan (lookups, walks with tiny batches, the scan of the empties) instead of the plain scan.
before(async () => { q = await openQueryDb({ scanBelowRows: 0, firstBatch: 1, maxBatch: 3, smallSetAtMost: 2 }); });
after(() => q.close());

test("SQL, the planned store query (paged by cursors) and memory return the same ids in the same order", async () => {
  let compared = 0;
  let nonTrivial = 0;
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ schema, pages, filter, sorts, timeZone, pageSize, hidden }) => {
      const parsed = parseFilter(filter, schema, { now: NOW, timeZone, meUserId: USERS[1] });
      const { filter: f, sorts: s } = withHidden(parsed, parseSorts(sorts, schema), new Map(schema.map((p) => [p.id, hidden])));
      const compiled = compileSqlite(f, s);
      assert.ok(compiled, "SQL-able filters and sorts always compile");
      const { id, rows } = await q.insert(schema, (ds) => pages.map((spec) => pageRow(ds, schema, { ...spec, id: uid() })));
      const memory = memoryIds(rows, f, s);
      // Hidden pages read as not there: the same answer as over rows that never held them.
      assert.deepEqual(memory, memoryIds(withoutPages(schema, rows, hidden), parsed, parseSorts(sorts, schema)), JSON.stringify({ hidden, filter, sorts }));
      const sql = await q.sqlIds(id, f, s);
      assert.deepEqual(sql, memory, JSON.stringify({ filter, sorts, compiled }));
      const planned = await plannedIds(q.store, id, f, s, pageSize);
      assert.deepEqual(planned, memory, JSON.stringify({ planner: true, pageSize, filter, sorts }));
      compared++;
      if (memory.length > 0 && memory.length < rows.length) nonTrivial++;
    }),
    // No shrinking: fast-check's subarray shrinker crashed on a failure here ("reading 'length'"),
    // hiding the counterexample; the first failing case is small enough to read.
    { seed: 20240515, numRuns: 2000, endOnFailure: true },
  );
  // Every plan ran (its thresholds are lowered above).
  // (`reordered` and `hashed` count probe orders, not plans: few random filters hold two probes.)
  for (const [plan, n] of Object.entries(PLAN_COUNTS)) if (plan !== "reordered" && plan !== "hashed") assert.ok(n > 20, `the ${plan} plan ran ${n} times`);
  // The generators must produce selective filters, not only all-or-nothing ones.
  assert.ok(nonTrivial > compared / 4, `only ${nonTrivial} of ${compared} cases were selective`);
});
