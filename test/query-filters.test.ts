/**
 * A table of filters and sorts per operator per property type, each run through BOTH
 * evaluators — compiled SQL on a real store of this pass (SQLite or PostgreSQL), and evaluate()/compareRows() in memory —
 * against six pages stored in the documented format. Formula and rollup filters (memory only)
 * at the end.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { compareRows, evaluate, parseFilter, parseSorts, queryRow, type QueryRow } from "../src/query/index.js";
import type { NodeRow } from "../src/storage/types.js";
import { USER, bothIds, opt, openQueryDb, pageRow, prop, rt, typedProps, uid, type QueryDb } from "./helpers/query-db.js";

const NOW = Date.UTC(2024, 4, 15, 12); // Wednesday 2024-05-15 12:00 UTC
const U2 = "6b1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a11";
const R1 = "9a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a01";
const R2 = "9a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a02";

const P = typedProps({ stage: ["Todo", "Doing", "Done"], tags: ["Red", "Green", "Blue"], status: ["Not started", "In progress", "Done"] });
const schema = Object.values(P);
const file = (name: string) => ({ name, type: "external", external: { url: `https://x.test/${name}` } });

/** Six pages, created a day apart from 2024-05-01 09:00 UTC (p6 newest). */
const SPECS: Record<string, Record<string, unknown>> = {
  p1: {
    [P.name.id]: rt("Apple ", "pie"), [P.notes.id]: rt("Hello World"), [P.count.id]: 3, [P.done.id]: true,
    [P.stage.id]: opt(P.stage, "Todo"), [P.tags.id]: [opt(P.tags, "Red"), opt(P.tags, "Green")], [P.status.id]: opt(P.status, "Not started"),
    [P.due.id]: { start: "2024-05-10", end: null, time_zone: null }, [P.owner.id]: [USER], [P.files.id]: [file("a.pdf")],
    [P.link.id]: "https://Example.com/x", [P.mail.id]: "Ann@x.io", [P.phone.id]: "+1 555", [P.rel.id]: [R1], [P.ticket.id]: 1,
    [P.verified.id]: { state: "verified", date: null, verified_by: null },
  },
  p2: {
    [P.name.id]: rt("apple TART"), [P.notes.id]: [], [P.count.id]: 10, [P.done.id]: false, [P.stage.id]: opt(P.stage, "Doing"),
    [P.tags.id]: [opt(P.tags, "Blue")], [P.status.id]: opt(P.status, "In progress"), [P.due.id]: { start: "2024-05-15T10:30:00Z", end: null, time_zone: null },
    [P.owner.id]: [U2, USER], [P.files.id]: [], [P.link.id]: null, [P.mail.id]: null, [P.rel.id]: [], [P.ticket.id]: 2,
    [P.verified.id]: { state: "expired", date: null, verified_by: null },
  },
  p3: {
    [P.name.id]: rt("Banana"), [P.notes.id]: rt("héllo ÉCOLE"), [P.count.id]: -1.5, [P.tags.id]: [], [P.status.id]: opt(P.status, "Done"),
    // 01:00 in New York is 05:00 UTC on the 16th.
    [P.due.id]: { start: "2024-05-16T01:00:00", end: null, time_zone: "America/New_York" }, [P.owner.id]: [], [P.rel.id]: [R2], [P.ticket.id]: 3,
    [P.verified.id]: null,
  },
  p4: { [P.name.id]: [] },
  p5: {
    [P.name.id]: rt("Cherry"), [P.notes.id]: rt("xyz"), [P.count.id]: 0, [P.tags.id]: [opt(P.tags, "Green")], [P.stage.id]: opt(P.stage, "Done"),
    [P.due.id]: { start: "2024-04-30", end: "2024-05-20", time_zone: null }, [P.link.id]: "http://cherry", [P.ticket.id]: 5,
  },
  p6: {
    [P.name.id]: rt("Date Plum"), [P.notes.id]: rt("HELLO"), [P.count.id]: 3, [P.stage.id]: opt(P.stage, "Todo"), [P.tags.id]: [opt(P.tags, "Red")],
    [P.due.id]: { start: "2023-12-31", end: null, time_zone: null }, [P.verified.id]: { state: "unverified", date: null, verified_by: null },
  },
};
const ID: Record<string, string> = Object.fromEntries(Object.keys(SPECS).map((k, i) => [k, uid(0x100 + i)]));
const NAME: Record<string, string> = Object.fromEntries(Object.entries(ID).map(([k, v]) => [v, k]));

let q: QueryDb;
let ds: string;
let rows: NodeRow[];

before(async () => {
  q = await openQueryDb();
  ({ id: ds, rows } = await q.insert(schema, (dsId) =>
    Object.entries(SPECS).map(([k, properties], i) =>
      pageRow(dsId, schema, {
        id: ID[k], properties, created_time: Date.UTC(2024, 4, i + 1, 9), last_edited_time: Date.UTC(2024, 4, i + 1, 9 + i + 1),
        created_by: k === "p4" ? U2 : USER,
      }),
    ),
  ));
});
after(() => q.close());

/** Runs a filter and sorts through both evaluators; both must answer `expected`, in order. */
async function check(filter: unknown, expected: string[], sorts?: unknown, timeZone?: string) {
  const f = parseFilter(filter, schema, { now: NOW, meUserId: U2, timeZone });
  const s = parseSorts(sorts, schema);
  const { sql, memory } = await bothIds(q, ds, rows, f, s);
  const label = JSON.stringify({ filter, sorts });
  assert.deepEqual(memory.map((id) => NAME[id]), expected, `memory: ${label}`);
  assert.deepEqual(sql.map((id) => NAME[id]), expected, `sql: ${label}`);
}
const ALL = ["p6", "p5", "p4", "p3", "p2", "p1"]; // default order: newest first
/** Filter cases expect the default order, so list them newest first. */
const only = (...names: string[]) => ALL.filter((n) => names.includes(n));
const except = (...names: string[]) => ALL.filter((n) => !names.includes(n));
const f = (p: { name: string; type: string }, condition: Record<string, unknown>) => ({ property: p.name, [p.type]: condition });

const CASES: [string, unknown, string[]][] = [
  // text: case-insensitive; negative operators keep empty values; a blank operand filters nothing
  ["title equals (any case)", f(P.name, { equals: "apple PIE" }), only("p1")],
  ["title does_not_equal", f(P.name, { does_not_equal: "Apple Pie" }), except("p1")],
  ["title contains", f(P.name, { contains: "APPLE" }), only("p1", "p2")],
  ["title does_not_contain", f(P.name, { does_not_contain: "apple" }), only("p3", "p4", "p5", "p6")],
  ["title starts_with", f(P.name, { starts_with: "ap" }), only("p1", "p2")],
  ["title ends_with", f(P.name, { ends_with: "TART" }), only("p2")],
  ["title ends_with longer than values", f(P.name, { ends_with: "a much longer text than any" }), []],
  ["title is_empty", f(P.name, { is_empty: true }), only("p4")],
  ["title is_not_empty", f(P.name, { is_not_empty: true }), except("p4")],
  ["title contains blank", f(P.name, { contains: "" }), ALL],
  ["title equals blank", f(P.name, { equals: "" }), ALL],
  ["rich_text contains", f(P.notes, { contains: "hello" }), only("p1", "p6")],
  ["rich_text contains accented (any case)", f(P.notes, { contains: "école" }), only("p3")],
  ["rich_text starts_with accented", f(P.notes, { starts_with: "HÉ" }), only("p3")],
  ["rich_text equals", f(P.notes, { equals: "XYZ" }), only("p5")],
  ["rich_text does_not_equal", f(P.notes, { does_not_equal: "hello" }), except("p6")],
  ["rich_text is_empty ([] and missing)", f(P.notes, { is_empty: true }), only("p2", "p4")],
  ["url contains", f(P.link, { contains: "example" }), only("p1")],
  ["url starts_with", f(P.link, { starts_with: "http://" }), only("p5")],
  ["url is_empty (null and missing)", f(P.link, { is_empty: true }), only("p2", "p3", "p4", "p6")],
  ["email equals", f(P.mail, { equals: "ann@x.io" }), only("p1")],
  ["phone_number contains", f(P.phone, { contains: "555" }), only("p1")],
  // number
  ["number equals", f(P.count, { equals: 3 }), only("p1", "p6")],
  ["number does_not_equal keeps empty", f(P.count, { does_not_equal: 3 }), only("p2", "p3", "p4", "p5")],
  ["number greater_than", f(P.count, { greater_than: 0 }), only("p1", "p2", "p6")],
  ["number less_than", f(P.count, { less_than: 0 }), only("p3")],
  ["number greater_than_or_equal_to", f(P.count, { greater_than_or_equal_to: 3 }), only("p1", "p2", "p6")],
  ["number less_than_or_equal_to", f(P.count, { less_than_or_equal_to: 0 }), only("p3", "p5")],
  ["number is_empty", f(P.count, { is_empty: true }), only("p4")],
  ["number is_not_empty", f(P.count, { is_not_empty: true }), except("p4")],
  ["unique_id greater_than", f(P.ticket, { greater_than: 2 }), only("p3", "p5")],
  ["unique_id is_empty", f(P.ticket, { is_empty: true }), only("p4", "p6")],
  // checkbox: missing is false
  ["checkbox equals true", f(P.done, { equals: true }), only("p1")],
  ["checkbox equals false", f(P.done, { equals: false }), except("p1")],
  ["checkbox does_not_equal true", f(P.done, { does_not_equal: true }), except("p1")],
  ["checkbox does_not_equal false", f(P.done, { does_not_equal: false }), only("p1")],
  // select / status: names any case, arrays mean any of them
  ["select equals", f(P.stage, { equals: "todo" }), only("p1", "p6")],
  ["select equals array", f(P.stage, { equals: ["Doing", "Done"] }), only("p2", "p5")],
  ["select equals by option id", f(P.stage, { equals: opt(P.stage, "Todo") }), only("p1", "p6")],
  ["select does_not_equal keeps empty", f(P.stage, { does_not_equal: "Todo" }), only("p2", "p3", "p4", "p5")],
  ["select equals unknown name", f(P.stage, { equals: "Nope" }), []],
  ["select does_not_equal unknown name", f(P.stage, { does_not_equal: "Nope" }), ALL],
  ["select equals []", f(P.stage, { equals: [] }), ALL],
  ["select is_empty", f(P.stage, { is_empty: true }), only("p3", "p4")],
  ["select is_not_empty", f(P.stage, { is_not_empty: true }), only("p1", "p2", "p5", "p6")],
  ["status equals", f(P.status, { equals: "Done" }), only("p3")],
  ["status does_not_equal array", f(P.status, { does_not_equal: ["Done", "in progress"] }), only("p1", "p4", "p5", "p6")],
  // multi_select
  ["multi_select contains", f(P.tags, { contains: "Red" }), only("p1", "p6")],
  ["multi_select contains any of", f(P.tags, { contains: ["Blue", "green"] }), only("p1", "p2", "p5")],
  ["multi_select does_not_contain keeps empty", f(P.tags, { does_not_contain: "Red" }), only("p2", "p3", "p4", "p5")],
  ["multi_select does_not_contain none of", f(P.tags, { does_not_contain: ["Red", "Green"] }), only("p2", "p3", "p4")],
  ["multi_select is_empty", f(P.tags, { is_empty: true }), only("p3", "p4")],
  ["multi_select is_not_empty", f(P.tags, { is_not_empty: true }), only("p1", "p2", "p5", "p6")],
  // date: date-only operands by day (UTC), date-times at the minute (Notion keeps dates to the
  // minute: a time with seconds names its minute), ranges by their start
  ["date equals day", f(P.due, { equals: "2024-05-15" }), only("p2")],
  ["date equals instant", f(P.due, { equals: "2024-05-15T10:30:00Z" }), only("p2")],
  ["date equals a time with seconds: its minute", f(P.due, { equals: "2024-05-15T10:30:39.08Z" }), only("p2")],
  ["date equals the next minute", f(P.due, { equals: "2024-05-15T10:31:00Z" }), []],
  ["date before a time in the value's minute", f(P.due, { before: "2024-05-15T10:30:39Z" }), only("p1", "p5", "p6")],
  ["date on_or_before a time in the value's minute", f(P.due, { on_or_before: "2024-05-15T10:30:39Z" }), only("p1", "p2", "p5", "p6")],
  ["date after a time in the value's minute", f(P.due, { after: "2024-05-15T10:30:39Z" }), only("p3")],
  ["date before", f(P.due, { before: "2024-05-10" }), only("p5", "p6")],
  ["date on_or_before", f(P.due, { on_or_before: "2024-05-10" }), only("p1", "p5", "p6")],
  ["date after", f(P.due, { after: "2024-05-15" }), only("p3")],
  ["date on_or_after", f(P.due, { on_or_after: "2024-05-15" }), only("p2", "p3")],
  ["date after floating date-time (UTC)", f(P.due, { after: "2024-05-15T10:30:00" }), only("p3")],
  ["date on_or_after with offset", f(P.due, { on_or_after: "2024-05-15T06:30:00-04:00" }), only("p2", "p3")],
  ["date value in its own time zone", f(P.due, { equals: "2024-05-16T05:00:00Z" }), only("p3")],
  ["date equals today", f(P.due, { equals: "today" }), only("p2")],
  ["date equals tomorrow", f(P.due, { equals: "tomorrow" }), only("p3")],
  ["date equals yesterday", f(P.due, { equals: "yesterday" }), []],
  ["date before one_week_ago", f(P.due, { before: "one_week_ago" }), only("p5", "p6")],
  ["date on_or_after one_month_ago", f(P.due, { on_or_after: "one_month_ago" }), only("p1", "p2", "p3", "p5")],
  ["date before one_week_from_now", f(P.due, { before: "one_week_from_now" }), except("p4")],
  ["date after one_month_from_now", f(P.due, { after: "one_month_from_now" }), []],
  ["date past_week", f(P.due, { past_week: {} }), only("p1", "p2")],
  ["date past_month", f(P.due, { past_month: {} }), only("p1", "p2", "p5")],
  ["date past_year", f(P.due, { past_year: {} }), only("p1", "p2", "p5", "p6")],
  ["date this_week", f(P.due, { this_week: {} }), only("p2", "p3")],
  ["date next_week", f(P.due, { next_week: {} }), only("p2", "p3")],
  ["date next_month", f(P.due, { next_month: {} }), only("p2", "p3")],
  ["date next_year", f(P.due, { next_year: {} }), only("p2", "p3")],
  ["date is_empty", f(P.due, { is_empty: true }), only("p4")],
  ["date is_not_empty", f(P.due, { is_not_empty: true }), except("p4")],
  // people, relation, files
  ["people contains", f(P.owner, { contains: USER }), only("p1", "p2")],
  ["people contains undashed id", f(P.owner, { contains: U2.replace(/-/g, "").toUpperCase() }), only("p2")],
  ["people contains me", f(P.owner, { contains: "me" }), only("p2")],
  ["people does_not_contain keeps empty", f(P.owner, { does_not_contain: USER }), only("p3", "p4", "p5", "p6")],
  ["people is_empty", f(P.owner, { is_empty: true }), only("p3", "p4", "p5", "p6")],
  ["relation contains", f(P.rel, { contains: R1 }), only("p1")],
  ["relation does_not_contain", f(P.rel, { does_not_contain: R1 }), except("p1")],
  ["relation is_not_empty", f(P.rel, { is_not_empty: true }), only("p1", "p3")],
  ["files is_not_empty", f(P.files, { is_not_empty: true }), only("p1")],
  ["files is_empty", f(P.files, { is_empty: true }), except("p1")],
  // node columns: timestamps and authors, as timestamp filters or as properties
  ["timestamp created_time on_or_after", { timestamp: "created_time", created_time: { on_or_after: "2024-05-03" } }, only("p3", "p4", "p5", "p6")],
  ["timestamp created_time equals day", { timestamp: "created_time", created_time: { equals: "2024-05-02" } }, only("p2")],
  ["timestamp last_edited_time after instant", { timestamp: "last_edited_time", last_edited_time: { after: "2024-05-04T12:00:00Z" } }, only("p4", "p5", "p6")],
  ["timestamp is_empty never", { timestamp: "created_time", created_time: { is_empty: true } }, []],
  ["created_time property before", f(P.created, { before: "2024-05-03" }), only("p1", "p2")],
  ["last_edited_time property past_month", f(P.edited, { past_month: {} }), ALL],
  ["created_by contains", f(P.author, { contains: U2 }), only("p4")],
  ["created_by does_not_contain", f(P.author, { does_not_contain: U2 }), except("p4")],
  ["created_by is_not_empty", f(P.author, { is_not_empty: true }), ALL],
  ["last_edited_by contains", f(P.editor, { contains: USER }), ALL],
  // verification
  ["verification verified", f(P.verified, { status: "verified" }), only("p1")],
  ["verification expired", f(P.verified, { status: "expired" }), only("p2")],
  ["verification none", f(P.verified, { status: "none" }), only("p3", "p4", "p5", "p6")],
  ["verification does_not_equal none", f(P.verified, { does_not_equal: "none" }), only("p1", "p2")],
  // compounds
  ["and", { and: [f(P.tags, { contains: "Red" }), f(P.count, { equals: 3 })] }, only("p1", "p6")],
  ["or", { or: [f(P.stage, { equals: "Doing" }), f(P.due, { is_empty: true })] }, only("p2", "p4")],
  ["and of or", { and: [{ or: [f(P.name, { contains: "apple" }), f(P.name, { contains: "cherry" })] }, f(P.done, { equals: false })] }, only("p2", "p5")],
  ["or of and", { or: [{ and: [f(P.count, { greater_than: 1 }), f(P.done, { equals: false })] }, { timestamp: "created_time", created_time: { before: "2024-05-02" } }] }, only("p2", "p6", "p1")],
  ["empty and", { and: [] }, ALL],
  ["empty or", { or: [] }, ALL],
];

for (const [name, filter, expected] of CASES) test(`filter: ${name}`, () => check(filter, expected));

test("filter: today in the caller's time zone", async () => {
  await check(f(P.due, { equals: "today" }), only("p3"), undefined, "Pacific/Kiritimati");
  await check(f(P.due, { equals: "today" }), only("p2"), undefined, "America/Los_Angeles");
});

const SORTS: [string, unknown, string[]][] = [
  ["none: newest first", undefined, ALL],
  ["title ascending, empty last", [{ property: "Name", direction: "ascending" }], ["p1", "p2", "p3", "p5", "p6", "p4"]],
  ["title descending, empty still last", [{ property: "Name", direction: "descending" }], ["p6", "p5", "p3", "p2", "p1", "p4"]],
  ["number ascending, ties by id", [{ property: "Count", direction: "ascending" }], ["p3", "p5", "p1", "p6", "p2", "p4"]],
  ["number descending", [{ property: "Count", direction: "descending" }], ["p2", "p1", "p6", "p5", "p3", "p4"]],
  ["select by option order", [{ property: "Stage", direction: "ascending" }], ["p1", "p6", "p2", "p5", "p3", "p4"]],
  ["select descending", [{ property: "Stage", direction: "descending" }], ["p5", "p2", "p1", "p6", "p3", "p4"]],
  ["status by option order", [{ property: "Status", direction: "descending" }], ["p3", "p2", "p1", "p4", "p5", "p6"]],
  ["multi_select by first option", [{ property: "Tags", direction: "ascending" }], ["p1", "p6", "p5", "p2", "p3", "p4"]],
  ["date by start", [{ property: "Due", direction: "ascending" }], ["p6", "p5", "p1", "p2", "p3", "p4"]],
  ["date descending", [{ property: "Due", direction: "descending" }], ["p3", "p2", "p1", "p5", "p6", "p4"]],
  ["checkbox descending: checked first", [{ property: "Done", direction: "descending" }], ["p1", "p2", "p3", "p4", "p5", "p6"]],
  ["people by first person", [{ property: "Owner", direction: "descending" }], ["p2", "p1", "p3", "p4", "p5", "p6"]],
  ["files by first name", [{ property: "Files", direction: "ascending" }], ["p1", "p2", "p3", "p4", "p5", "p6"]],
  ["url", [{ property: "Link", direction: "ascending" }], ["p5", "p1", "p2", "p3", "p4", "p6"]],
  ["verification", [{ property: "Verified", direction: "descending" }], ["p2", "p1", "p3", "p4", "p5", "p6"]],
  ["unique_id", [{ property: "Ticket", direction: "descending" }], ["p5", "p3", "p2", "p1", "p4", "p6"]],
  ["timestamp", [{ timestamp: "last_edited_time", direction: "ascending" }], ["p1", "p2", "p3", "p4", "p5", "p6"]],
  ["created_by property", [{ property: "Author", direction: "descending" }], ["p4", "p1", "p2", "p3", "p5", "p6"]],
  ["two keys", [{ property: "Stage", direction: "ascending" }, { property: "Count", direction: "descending" }], ["p1", "p6", "p2", "p5", "p3", "p4"]],
];

for (const [name, sorts, expected] of SORTS) test(`sort: ${name}`, () => check(undefined, expected, sorts));

test("sort with a filter", () => check(f(P.tags, { is_not_empty: true }), ["p2", "p1", "p6", "p5"], [{ property: "Count", direction: "descending" }]));

// Formula and rollup values are computed by the caller and evaluated in memory only.
const MEM = [prop("fs", "Str", "formula"), prop("fn", "Num", "formula"), prop("fb", "Bool", "formula"), prop("fd", "When", "formula"), prop("ro", "Roll", "rollup")];
const selectItem = (name: string) => ({ type: "select", select: { id: `id-${name}`, name, color: "default" } });
function memRow(n: number, computed: Record<string, unknown>): QueryRow {
  return { id: uid(0x200 + n), created_time: n, last_edited_time: n, created_by: USER, last_edited_by: USER, properties: {}, computed };
}
const MEM_ROWS = [
  memRow(1, { fs: { type: "string", string: "Xylophone" }, fn: { type: "number", number: 7 }, fb: { type: "boolean", boolean: true }, fd: { type: "date", date: { start: "2024-05-14", end: null } }, ro: { type: "array", array: [selectItem("Red"), selectItem("Blue")], function: "show_original" } }),
  memRow(2, { fs: { type: "string", string: "" }, fn: { type: "number", number: null }, fb: { type: "boolean", boolean: false }, fd: { type: "date", date: null }, ro: { type: "array", array: [selectItem("Blue")], function: "show_original" } }),
  memRow(3, { fs: { type: "string", string: "box" }, fn: { type: "number", number: 2 }, fb: { type: "boolean", boolean: false }, fd: { type: "date", date: { start: "2023-01-01T00:00:00Z" } }, ro: { type: "array", array: [], function: "show_original" } }),
];
const memIds = (filter: unknown, sorts?: unknown) => {
  const parsed = parseFilter(filter, MEM, { now: NOW });
  return MEM_ROWS.filter((r) => (parsed ? evaluate(parsed, r) : true)).sort((a, b) => compareRows(parseSorts(sorts, MEM), a, b)).map((r) => r.id.slice(-1));
};

test("formula filters evaluate computed results in memory", () => {
  assert.deepEqual(memIds({ property: "Str", formula: { string: { contains: "X" } } }), ["3", "1"]);
  assert.deepEqual(memIds({ property: "Str", formula: { string: { is_empty: true } } }), ["2"]);
  assert.deepEqual(memIds({ property: "Num", formula: { number: { greater_than: 5 } } }), ["1"]);
  assert.deepEqual(memIds({ property: "Num", formula: { number: { does_not_equal: 7 } } }), ["3", "2"]);
  assert.deepEqual(memIds({ property: "Bool", formula: { checkbox: { equals: false } } }), ["3", "2"]);
  assert.deepEqual(memIds({ property: "When", formula: { date: { past_week: {} } } }), ["1"]);
  assert.deepEqual(memIds({ property: "When", formula: { date: { is_empty: true } } }), ["2"]);
  // A result of another type than the filter names reads as empty.
  assert.deepEqual(memIds({ property: "Num", formula: { string: { is_empty: true } } }), ["3", "2", "1"]);
});

test("rollup filters: any / every / none over items, number and date over the result", () => {
  assert.deepEqual(memIds({ property: "Roll", rollup: { any: { select: { equals: "red" } } } }), ["1"]);
  // `every` over an empty rollup (row 3) is false on Notion, `none` true.
  assert.deepEqual(memIds({ property: "Roll", rollup: { every: { select: { equals: "Blue" } } } }), ["2"]);
  assert.deepEqual(memIds({ property: "Roll", rollup: { none: { select: { equals: "Blue" } } } }), ["3"]);
  const numberRow = memRow(9, { ro: { type: "number", number: 4, function: "sum" } });
  const dateRow = memRow(8, { ro: { type: "date", date: { start: "2024-05-15T00:00:00Z" }, function: "latest_date" } });
  const run = (filter: unknown, row: QueryRow) => evaluate(parseFilter(filter, MEM, { now: NOW })!, row);
  assert.equal(run({ property: "Roll", rollup: { number: { greater_than_or_equal_to: 4 } } }, numberRow), true);
  assert.equal(run({ property: "Roll", rollup: { number: { less_than: 4 } } }, numberRow), false);
  assert.equal(run({ property: "Roll", rollup: { date: { equals: "today" } } }, dateRow), true);
  assert.equal(run({ property: "Roll", rollup: { any: { number: { greater_than: 3 } } } }, numberRow), true);
  const textRow = memRow(7, { ro: { type: "array", array: [{ type: "rich_text", rich_text: rt("Alpha") }, { type: "title", title: rt("beta") }] } });
  assert.equal(run({ property: "Roll", rollup: { every: { rich_text: { contains: "A" } } } }, textRow), true);
  assert.equal(run({ property: "Roll", rollup: { any: { rich_text: { starts_with: "B" } } } }, textRow), true);
  const peopleRow = memRow(6, { ro: { type: "array", array: [{ type: "people", people: [{ object: "user", id: U2 }] }] } });
  assert.equal(run({ property: "Roll", rollup: { any: { people: { contains: U2 } } } }, peopleRow), true);
  assert.equal(run({ property: "Roll", rollup: { none: { people: { contains: U2 } } } }, peopleRow), false);
});

test("formula and rollup sorts order computed values in memory, empties last", () => {
  assert.deepEqual(memIds(undefined, [{ property: "Num", direction: "descending" }]), ["1", "3", "2"]);
  assert.deepEqual(memIds(undefined, [{ property: "Str", direction: "ascending" }]), ["3", "1", "2"]);
  assert.deepEqual(memIds(undefined, [{ property: "When", direction: "ascending" }]), ["3", "1", "2"]);
  assert.deepEqual(memIds(undefined, [{ property: "Roll", direction: "ascending" }]), ["2", "1", "3"]);
});

test("queryRow reads a stored node as the evaluator's row", () => {
  const r = queryRow(rows[0], { x: 1 });
  assert.equal(r.id, ID.p1);
  assert.deepEqual(r.computed, { x: 1 });
  assert.equal(r.created_time, Date.UTC(2024, 4, 1, 9));
});
