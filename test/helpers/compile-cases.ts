/**
 * Filter and sort cases for the compile-only tests (test/query-compile.test.ts): every operator
 * of every property type on a schema with awkward property ids, compound filters, hidden
 * relation pages, every sortable type both ways — and the statement each compiles to in a
 * dialect, with cursors at a sample row's values and at empty keys.
 */
import assert from "node:assert/strict";
import type { PropertySchema } from "../../src/domain/properties/schema.js";
import { compile, compileBefore, orderKey, parseFilter, parseSorts, queryRow, withHidden, type Dialect, type FilterNode, type SortKey } from "../../src/query/index.js";
import type { NodeRow } from "../../src/storage/types.js";
import { USER, opt, pageRow, prop, rt, typedProps } from "./query-db.js";

const P = {
  ...typedProps({ stage: ["Todo", "Doing", "It's done"], tags: ["Red", "Green"], status: ["Not started", "Done"] }, "n\"o\\tes'"),
  button: prop("bt", "Button", "button"),
  noOptions: prop("no", "No options", "select"),
};
const R1 = "9a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a01";

/** The schema every case is parsed against. */
export const COMPILE_SCHEMA: PropertySchema[] = Object.values(P);

/** A row whose values give the cursors' keys. */
export const SAMPLE_ROW: NodeRow = pageRow("00000000-0000-4000-8000-0000000000d5", COMPILE_SCHEMA, {
  id: "00000000-0000-4000-8000-0000000000e1",
  properties: {
    [P.name.id]: rt("It's"), [P.notes.id]: rt("x"), [P.count.id]: 2.5, [P.done.id]: true, [P.stage.id]: opt(P.stage, "It's done"),
    [P.tags.id]: [opt(P.tags, "Red")], [P.status.id]: opt(P.status, "Done"), [P.due.id]: { start: "2024-05-10", end: null, time_zone: null },
    [P.owner.id]: [USER], [P.files.id]: [{ name: "a.pdf", type: "external", external: { url: "https://x.test/a" } }], [P.link.id]: "https://x",
    [P.mail.id]: "a@x", [P.phone.id]: "1", [P.rel.id]: [R1], [P.ticket.id]: 7, [P.verified.id]: { state: "verified", date: null, verified_by: null },
  },
});

/** One case: a filter (JSON as the API takes it), sorts (else one of COMPILE_SORTS), related pages hidden from the reader. */
export interface CompileCase {
  filter: unknown;
  sorts?: unknown[];
  hidden?: string[];
}

const TEXT = { equals: "It's", does_not_equal: "a", contains: "%_'", does_not_contain: "b", starts_with: "é😀", ends_with: "z", is_empty: true, is_not_empty: true };
const NUMBER = { equals: 2.5, does_not_equal: 1, greater_than: -1, less_than: 1e9, greater_than_or_equal_to: 0, less_than_or_equal_to: 3, is_empty: true, is_not_empty: true };
const DATE = { equals: "2024-05-10", before: "2024-05-10T10:00:00Z", after: "today", on_or_before: "2024-05-10", on_or_after: "one_week_ago", past_week: {}, next_month: {}, this_week: {}, is_empty: true, is_not_empty: true };
const each = (ops: Record<string, unknown>) => Object.entries(ops).map(([op, v]) => ({ [op]: v }));

function leaves(): unknown[] {
  const out: unknown[] = [];
  const add = (name: string, type: string, ops: Record<string, unknown>[]) => { for (const c of ops) out.push({ property: name, [type]: c }); };
  for (const p of [P.name, P.notes, P.link, P.mail, P.phone]) add(p.name, p.type, each(TEXT));
  add(P.name.name, "rich_text", each(TEXT));
  for (const p of [P.count, P.ticket]) add(p.name, p.type, each(NUMBER));
  add(P.done.name, "checkbox", [{ equals: true }, { equals: false }, { does_not_equal: true }]);
  add(P.stage.name, "select", [{ equals: "It's done" }, { equals: ["Todo", "nope"] }, { does_not_equal: "todo" }, { equals: "nope" }, { is_empty: true }, { is_not_empty: true }]);
  add(P.status.name, "status", [{ equals: "Done" }, { does_not_equal: ["Done", "Not started"] }, { is_empty: true }]);
  add(P.tags.name, "multi_select", [{ contains: "Red" }, { contains: ["Red", "Green"] }, { does_not_contain: "Green" }, { contains: "nope" }, { is_empty: true }, { is_not_empty: true }]);
  add(P.due.name, "date", each(DATE));
  for (const p of [P.created, P.edited]) add(p.name, p.type, each(DATE).slice(0, 5));
  for (const t of ["created_time", "last_edited_time"]) for (const c of each(DATE).slice(0, 8)) out.push({ timestamp: t, [t]: c });
  add(P.owner.name, "people", [{ contains: USER }, { contains: "me" }, { does_not_contain: USER }, { is_empty: true }, { is_not_empty: true }]);
  for (const p of [P.author, P.editor]) add(p.name, p.type, [{ contains: USER }, { does_not_contain: USER }, { is_empty: true }]);
  add(P.rel.name, "relation", [{ contains: R1 }, { does_not_contain: R1 }, { is_empty: true }, { is_not_empty: true }]);
  add(P.files.name, "files", [{ is_empty: true }, { is_not_empty: true }]);
  add(P.verified.name, "verification", [{ status: "verified" }, { status: "none" }, { does_not_equal: "expired" }]);
  return out;
}

const LEAVES = leaves();

/** Sort lists cycled over the cases: every sortable type, both ways, with ties broken by more keys. */
export const COMPILE_SORTS: unknown[][] = [
  [],
  ...COMPILE_SCHEMA.flatMap((p) => [[{ property: p.name, direction: "ascending" }], [{ property: p.name, direction: "descending" }, { timestamp: "created_time", direction: "ascending" }]]),
  [{ property: "Stage", direction: "descending" }, { property: "Name", direction: "ascending" }, { property: "Done", direction: "descending" }],
  [{ timestamp: "last_edited_time", direction: "descending" }],
];

/** Every case: each leaf alone, compound filters, hidden related pages, no filter with every sort list. */
export const COMPILE_CASES: CompileCase[] = [
  ...LEAVES.map((filter) => ({ filter })),
  { filter: { and: LEAVES.slice(0, 40) } },
  { filter: { or: [{ and: LEAVES.slice(40, 50) }, { or: LEAVES.slice(50, 60) }, { and: [] }] } },
  { filter: { or: [] } },
  { filter: { property: "Rel", relation: { contains: R1 } }, hidden: [R1] },
  { filter: { property: "Rel", relation: { does_not_contain: R1 } }, hidden: [R1, "0a1f27b4-6d5c-4c1f-9d7c-2a7c9e0b1a03"] },
  { filter: { property: "Rel", relation: { is_empty: true } }, sorts: [{ property: "Rel", direction: "ascending" }], hidden: [R1] },
  ...COMPILE_SORTS.map((sorts) => ({ filter: undefined, sorts })),
];

/** A compiled case as one statement: the WHERE, rows at or after a cursor, the ORDER BY. */
function statementFor(d: Dialect, f: FilterNode | null, s: readonly SortKey[], cursor: "none" | "values" | "empty"): { sql: string; params: unknown[] } | null {
  const c = compile(d, f, s);
  if (!c) return null;
  const params = [...c.params];
  let after = d.true;
  if (cursor !== "none") {
    const key = orderKey(s, queryRow(SAMPLE_ROW)).map((v) => (cursor === "values" ? v : null));
    const before = compileBefore(d, s, { id: SAMPLE_ROW.id, key }, params);
    if (before !== null) after = `NOT ${d.orFalse(before)}`;
  }
  return { sql: `SELECT n.id FROM nodes n WHERE (${c.where}) AND ${after} ORDER BY ${c.orderBy}, n.id`, params };
}

/** Every case × cursor form, compiled by `d`. */
export function* compiledCases(d: Dialect): Generator<{ label: string; sql: string; params: unknown[] }> {
  const now = Date.UTC(2024, 4, 15, 12);
  for (const [i, c] of COMPILE_CASES.entries()) {
    const label = JSON.stringify({ filter: c.filter, sorts: c.sorts, hidden: c.hidden });
    const parsed = parseFilter(c.filter, COMPILE_SCHEMA, { now, meUserId: USER });
    const sorts = parseSorts(c.sorts ?? COMPILE_SORTS[i % COMPILE_SORTS.length], COMPILE_SCHEMA);
    const { filter, sorts: s } = c.hidden ? withHidden(parsed, sorts, new Map(COMPILE_SCHEMA.map((p) => [p.id, c.hidden!]))) : { filter: parsed, sorts };
    for (const cursor of ["none", "values", "empty"] as const) {
      const st = statementFor(d, filter, s, cursor);
      assert.ok(st, `${label} compiles`);
      yield { label: `${label} (cursor: ${cursor})`, ...st };
    }
  }
}
