/**
 * How much a plan reads (src/storage/planner/plan.ts), on both backends: emptiness of list values
 * (multi-select, people, relation) answered from the row-key index, and walks whose batches follow
 * the share of matches seen. Rows read whole are `PLAN_COUNTS.evaluated` (the ids handed to the
 * compiled query); every answer is also held to the in-memory evaluator's, paged with cursors.
 * Figures on 100,000 rows: docs/PERFORMANCE.md, "The last slow 100,000-row queries".
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { PropertySchema } from "../src/domain/properties/schema.js";
import { parseFilter, parseSorts, withHidden } from "../src/query/index.js";
import { PLAN_COUNTS } from "../src/storage/planner/options.js";
import { lookupsOf } from "../src/storage/planner/lookups.js";
import { OTHER_USER, USER, relatedIds, seededRandom, WS, memoryIds, openQueryDb, opt, pageRow, plannedIds, prop, rt, uid, type QueryDb } from "./helpers/query-db.js";
import type { FilterNode, SortKey } from "../src/query/ast.js";

const N = 1500;
const FIRST_BATCH = 32;
/** Every data source is planned (none scanned for its size); batches as a server's, smaller first. */
const PLANNER = { scanBelowRows: 0, firstBatch: FIRST_BATCH, maxBatch: 4096, smallSetAtMost: 20 };
const schema: PropertySchema[] = [
  prop("title", "Name", "title"),
  prop("notes", "Notes", "rich_text"),
  prop("tags", "Tags", "multi_select", ["a", "b", "c"]),
  prop("who", "Owner", "people"),
  prop("proj", "Project", "relation"),
  prop("due", "Due", "date"),
  prop("est", "Estimate", "number"),
];
const P = (id: string) => schema.find((p) => p.id === id)!;
const PROJECTS = relatedIds(6);

let q: QueryDb;
let dsId: string;
let rows: ReturnType<typeof pageRow>[];

before(async () => {
  q = await openQueryDb(PLANNER);
  const r = seededRandom(11);
  const inserted = await q.insert(schema, (ds) =>
    Array.from({ length: N }, (_, i) => {
      const props: Record<string, unknown> = {};
      props.title = rt(r() < 0.2 ? `Weekly report ${i}` : `Task ${i}`);
      if (r() < 0.15) props.notes = rt("see the report");
      // ~10% of rows empty, some holding only PROJECTS[5] (hidden below), a few odd stored forms.
      const roll = r();
      props.proj = roll < 0.1 ? [] : roll < 0.14 ? [PROJECTS[5]] : roll < 0.15 ? "not a list" : PROJECTS.filter(() => r() > 0.6);
      props.who = r() < 0.3 ? [] : r() < 0.5 ? [OTHER_USER, USER] : [USER];
      props.tags = ["a", "b", "c"].filter(() => r() > 0.7).map((n) => opt(P("tags"), n));
      return pageRow(ds, schema, { id: uid(), properties: props, created_time: Date.UTC(2025, 0, 1) + i * 1000, last_edited_time: Date.UTC(2025, 0, 1) + Math.floor(r() * 400) * 1000 });
    }),
  );
  dsId = inserted.id;
  rows = inserted.rows;
});
after(() => q.close());

/** The ids of the first page of `size` and how many rows the plan read whole for it; the whole answer checked against memory. */
async function firstPage(filter: FilterNode | null, sorts: readonly SortKey[], size: number, label: string) {
  const memory = memoryIds(rows, filter, sorts);
  assert.deepEqual(await plannedIds(q.store, dsId, filter, sorts, 40), memory, `${label}: pages of 40`);
  const scans = PLAN_COUNTS.scan;
  const evaluated = PLAN_COUNTS.evaluated;
  const page = await q.store.read((tx) => tx.queryRowIds(WS, dsId, { filter, sorts, trashed: false, offset: 0, limit: size + 1 }, null));
  assert.deepEqual(page, memory.slice(0, size + 1), `${label}: first page`);
  assert.equal(PLAN_COUNTS.scan, scans, `${label}: not scanned`);
  return { matches: memory.length, read: PLAN_COUNTS.evaluated - evaluated };
}

test("is_empty / is_not_empty of a relation, people and multi-select: the index decides, only matching rows are read", async () => {
  const newest: SortKey[] = [];
  const byName = parseSorts([{ property: "Name", direction: "ascending" }], schema);
  for (const [property, type] of [["Project", "relation"], ["Owner", "people"], ["Tags", "multi_select"]] as const) {
    for (const op of ["is_empty", "is_not_empty"] as const) {
      const filter = parseFilter({ property, [type]: { [op]: true } }, schema, { now: 0 });
      for (const sorts of [newest, byName]) {
        const label = `${property} ${op}${sorts.length ? ", by name" : ""}`;
        const { matches, read } = await firstPage(filter, sorts, 50, label);
        assert.ok(matches > 51, `${label}: more matches than a page (${matches})`);
        // Every row read is a match: the index's entries ruled the others out before their JSON was read.
        if (sorts.length === 0) assert.ok(read <= 2 * 51, `${label}: ${read} rows read for a page of 51`);
      }
    }
  }
});

test("is_empty of a relation counts rows holding only pages the reader cannot see", async () => {
  const hidden = new Map([["proj", [PROJECTS[5]]]]);
  for (const op of ["is_empty", "is_not_empty"] as const) {
    const parsed = parseFilter({ property: "Project", relation: { [op]: true } }, schema, { now: 0 });
    const { filter, sorts } = withHidden(parsed, [], hidden);
    const { matches, read } = await firstPage(filter, sorts, 50, `Project ${op}, one page hidden`);
    const plain = memoryIds(rows, parsed, []).length;
    // The rows holding only the hidden page move from "not empty" to "empty".
    assert.ok(op === "is_empty" ? matches > plain : matches < plain, `${op}: ${matches} vs ${plain} without hidden pages`);
    assert.ok(read <= 2 * 51, `${op}, hidden page: ${read} rows read`);
  }
});

test("a walk's batches follow the share of matches: an or-filter reads about what the page needs", async () => {
  // Name or Notes contain "report" (~30% of rows), newest edit first: no index lookup, a walk.
  const filter = parseFilter({ or: [{ property: "Name", title: { contains: "report" } }, { property: "Notes", rich_text: { contains: "report" } }] }, schema, { now: 0 });
  const sorts = parseSorts([{ timestamp: "last_edited_time", direction: "descending" }], schema);
  const size = 100;
  const { read } = await firstPage(filter, sorts, size, "or-filter by last edited");
  // Rows in the walk's order up to the page's last match: the fewest any walk can read.
  const order = memoryIds(rows, null, sorts);
  const matching = new Set(memoryIds(rows, filter, sorts));
  let needed = 0;
  for (let found = 0; found < size + 1; needed++) if (matching.has(order[needed])) found++;
  // Doubling batches from the first (32, 64, 128, …) until they cover `needed`.
  let doubling = 0;
  for (let b = FIRST_BATCH; doubling < needed; b *= 2) doubling += b;
  assert.ok(read >= needed, `read ${read}, needed ${needed}`);
  assert.ok(read < doubling, `read ${read} rows; doubling batches would read ${doubling} (needed ${needed})`);
  assert.ok(read <= Math.ceil(needed * 1.5), `read ${read} rows for ${needed} needed`);
});

test("two ranges on one date or number are one probe: their intersection", async () => {
  const window = parseFilter({ and: [
    { property: "Due", date: { on_or_after: "2025-03-01" } },
    { property: "Estimate", number: { greater_than_or_equal_to: 3 } },
    { property: "Due", date: { before: "2025-07-01" } },
    { property: "Estimate", number: { greater_than: 3 } },
    { property: "Estimate", number: { less_than_or_equal_to: 8 } },
  ] }, schema, { now: 0 });
  assert.deepEqual(lookupsOf(window), [
    { name: "date:due", lo: { v: Date.UTC(2025, 2, 1), incl: true }, hi: { v: Date.UTC(2025, 6, 1), incl: false } },
    { name: "number:est", lo: { v: 3, incl: false }, hi: { v: 8, incl: true } },
  ]);
  // Equal values stay two lookups of values, never a range.
  const values = parseFilter({ and: [{ property: "Estimate", number: { equals: 3 } }, { property: "Estimate", number: { greater_than: 1 } }] }, schema, { now: 0 });
  assert.deepEqual(lookupsOf(values), [{ name: "number:est", values: [3] }, { name: "number:est", lo: { v: 1, incl: false } }]);
});
