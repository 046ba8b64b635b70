/**
 * The query planner (src/storage/planner/) on a data source large enough for every plan
 * at its thresholds: each query is paged through with cursors of several sizes and must give
 * the in-memory evaluator's ids in its order. Edits between queries (values changed, cleared,
 * options gone, rows trashed) must reach the row-key index. The random differential test covers
 * the same ground on small data; this one drives the large-group paths on purpose.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { PropertySchema } from "../src/domain/properties/schema.js";
import { orderKey, parseFilter, parseSorts, projectIdx, queryRow, withHidden } from "../src/query/index.js";
import { KeyCounts } from "../src/storage/planner/key-counts.js";
import { PLAN_COUNTS } from "../src/storage/planner/options.js";
import { meterStatements, newMeter } from "../src/storage/meter.js";
import { onPostgres } from "./helpers/store.js";
import { OTHER_USER, USER, WS, relatedIds, seededRandom, memoryIds, openQueryDb, opt, pageRow, plannedIds, prop, rt, uid, type QueryDb } from "./helpers/query-db.js";

const N = 600;
/** Lookups and option groups above 20 rows are walked; batches stay small so walks take many steps. */
const PLANNER = { scanBelowRows: 0, firstBatch: 4, maxBatch: 32, smallSetAtMost: 20 };
const schema: PropertySchema[] = [
  prop("title", "Name", "title"),
  prop("pri", "Priority", "select", ["Low", "Mid", "High", "Urgent"]),
  prop("st", "Stage", "status", ["Todo", "Doing", "Done"]),
  prop("tags", "Tags", "multi_select", ["a", "b", "c"]),
  prop("est", "Estimate", "number"),
  prop("due", "Due", "date"),
  prop("ok", "Done", "checkbox"),
  prop("who", "Owner", "people"),
  prop("proj", "Project", "relation"),
  prop("att", "Files", "files"),
];
const P = (id: string) => schema.find((p) => p.id === id)!;
/** Related pages: a relation sort orders by the first one (groups of ~50 rows). */
const PROJECTS = relatedIds(12);

let q: QueryDb;
let dsId: string;
let rows: ReturnType<typeof pageRow>[];

before(async () => {
  q = await openQueryDb(PLANNER);
  const r = seededRandom(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const inserted = await q.insert(schema, (ds) =>
    Array.from({ length: N }, (_, i) => {
      const props: Record<string, unknown> = {};
      if (r() > 0.05) props.title = rt(pick(["alpha", "Beta", "gamma", "delta", "Épsilon", ""]) + " " + Math.floor(r() * 40));
      if (r() > 0.1) props.pri = pick([opt(P("pri"), "Low"), opt(P("pri"), "Mid"), opt(P("pri"), "High"), opt(P("pri"), "Urgent"), "gone-option"]);
      props.st = opt(P("st"), pick(["Todo", "Doing", "Done"]));
      props.tags = ["a", "b", "c"].filter(() => r() > 0.6).map((n) => opt(P("tags"), n));
      if (r() > 0.15) props.est = pick([1, 2, 3, 5, 8, 2.5]);
      if (i % 50 === 0) props.est = 42; // a rare value: a lookup small enough to read whole
      if (r() > 0.2) props.due = { start: `2025-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, end: null, time_zone: null };
      props.ok = r() > 0.5;
      props.who = r() > 0.5 ? [USER] : r() > 0.5 ? [OTHER_USER, USER] : [];
      if (r() > 0.1) props.proj = PROJECTS.filter(() => r() > 0.8).sort(() => r() - 0.5);
      // Files on a few rows (not from the random stream: the other values stay as they were).
      if (i % 40 === 3) props.att = [{ name: `f${i}.pdf`, type: "external", external: { url: `https://example.com/f${i}.pdf` } }];
      else if (i % 40 === 4) props.att = [];
      return pageRow(ds, schema, { id: uid(), properties: props, created_time: Date.UTC(2025, 0, 1) + Math.floor(i / 3) * 1000, last_edited_time: Date.UTC(2025, 0, 1) + Math.floor(r() * 50) * 1000 });
    }),
  );
  dsId = inserted.id;
  rows = inserted.rows;
});
after(() => q.close());

const QUERIES: { name: string; filter?: unknown; sorts?: unknown[] }[] = [
  { name: "newest first" },
  { name: "by due, a date window", filter: { and: [{ property: "Due", date: { on_or_after: "2025-03-01" } }, { property: "Due", date: { before: "2025-07-01" } }] }, sorts: [{ property: "Due", direction: "ascending" }] },
  { name: "by estimate desc, owner", filter: { property: "Owner", people: { contains: USER } }, sorts: [{ property: "Estimate", direction: "descending" }] },
  { name: "tag and open, by priority then name", filter: { and: [{ property: "Tags", multi_select: { contains: "a" } }, { property: "Done", checkbox: { equals: false } }] }, sorts: [{ property: "Priority", direction: "descending" }, { property: "Name", direction: "ascending" }] },
  { name: "by priority asc then estimate desc", sorts: [{ property: "Priority", direction: "ascending" }, { property: "Estimate", direction: "descending" }] },
  { name: "by stage then due", filter: { property: "Estimate", number: { greater_than_or_equal_to: 3 } }, sorts: [{ property: "Stage", direction: "ascending" }, { property: "Due", direction: "descending" }] },
  { name: "by name desc then estimate", sorts: [{ property: "Name", direction: "descending" }, { property: "Estimate", direction: "ascending" }] },
  { name: "checked, by last edited", filter: { property: "Done", checkbox: { equals: true } }, sorts: [{ timestamp: "last_edited_time", direction: "descending" }] },
  { name: "a rare estimate (a small lookup), by name", filter: { property: "Estimate", number: { equals: 42 } }, sorts: [{ property: "Name", direction: "ascending" }] },
  { name: "by project (a relation: its first page)", sorts: [{ property: "Project", direction: "ascending" }] },
  { name: "open, by project desc then name", filter: { property: "Done", checkbox: { equals: false } }, sorts: [{ property: "Project", direction: "descending" }, { property: "Name", direction: "ascending" }] },
  { name: "by tags (a multi-select: its first option) then estimate desc", sorts: [{ property: "Tags", direction: "ascending" }, { property: "Estimate", direction: "descending" }] },
  { name: "by owner (people) desc, due in a window", filter: { property: "Due", date: { on_or_after: "2025-03-01" } }, sorts: [{ property: "Owner", direction: "descending" }] },
  { name: "tag and owner (the rarer probed first), by name", filter: { and: [{ property: "Tags", multi_select: { contains: "a" } }, { property: "Owner", people: { contains: OTHER_USER } }] }, sorts: [{ property: "Name", direction: "ascending" }] },
  { name: "tag and owner, by priority desc then name", filter: { and: [{ property: "Tags", multi_select: { contains: "a" } }, { property: "Owner", people: { contains: OTHER_USER } }] }, sorts: [{ property: "Priority", direction: "descending" }, { property: "Name", direction: "ascending" }] },
  { name: "no project (an empty relation), newest first", filter: { property: "Project", relation: { is_empty: true } } },
  { name: "untagged (Tags is_empty), by name", filter: { property: "Tags", multi_select: { is_empty: true } }, sorts: [{ property: "Name", direction: "ascending" }] },
  { name: "no owner and open (Owner is_empty), by due desc", filter: { and: [{ property: "Owner", people: { is_empty: true } }, { property: "Done", checkbox: { equals: false } }] }, sorts: [{ property: "Due", direction: "descending" }] },
  { name: "an owner and a project (not empty), by estimate", filter: { and: [{ property: "Owner", people: { is_not_empty: true } }, { property: "Project", relation: { is_not_empty: true } }] }, sorts: [{ property: "Estimate", direction: "ascending" }] },
  { name: "with files (not empty: no empty entry), newest first", filter: { property: "Files", files: { is_not_empty: true } } },
  { name: "without files and open, by priority then name", filter: { and: [{ property: "Files", files: { is_empty: true } }, { property: "Done", checkbox: { equals: false } }] }, sorts: [{ property: "Priority", direction: "descending" }, { property: "Name", direction: "ascending" }] },
  { name: "or-filter, by priority then created", filter: { or: [{ property: "Priority", select: { equals: "Urgent" } }, { property: "Name", title: { contains: "beta" } }] }, sorts: [{ property: "Priority", direction: "ascending" }, { timestamp: "created_time", direction: "ascending" }] },
];

async function check(label: string, templates: ReadonlySet<string> = new Set()) {
  for (const c of QUERIES) {
    const f = parseFilter(c.filter, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts(c.sorts, schema);
    const memory = memoryIds(rows.filter((r) => !r.in_trash && !templates.has(r.id)), f, s);
    for (const size of [1, 7, 100]) {
      if (size === 1 && memory.length > 150) continue; // paging one by one through hundreds is slow and adds nothing
      assert.deepEqual(await plannedIds(q.store, dsId, f, s, size), memory, `${label}: ${c.name}, pages of ${size}`);
    }
  }
}

test("every query pages to the in-memory answer, through each plan", async () => {
  const before = { ...PLAN_COUNTS };
  await check("as built");
  for (const plan of ["lookup", "walk", "optionGroups", "empties"] as const) assert.ok(PLAN_COUNTS[plan] > before[plan], `the ${plan} plan ran`);
});

test("a page's rows are read by the statements that chose them (PostgreSQL): queryRows costs queryRowIds' statements, through each plan", { skip: onPostgres ? false : "PostgreSQL pass only: SQLite reads a page's rows with a statement of its own, in the process (no round trip to save)" }, async () => {
  const counted = async <T>(fn: () => Promise<T>) => {
    const meter = newMeter();
    await meterStatements(meter, fn);
    return meter.statements;
  };
  for (const c of QUERIES) {
    const f = parseFilter(c.filter, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts(c.sorts, schema);
    const page = { filter: f, sorts: s, trashed: false, offset: 0, limit: 8 };
    const first = await q.store.read((tx) => tx.queryRows(WS, dsId, page, null));
    assert.ok(first && first.length > 0, c.name);
    // A cursor's page too (the walks start from a position).
    const at = { id: first.at(-1)!.id, key: orderKey(s, queryRow(first.at(-1)!)) };
    for (const from of [null, at]) {
      // Once unmeasured first: a descending walk learns its ties (`valueFirst`) and plans differently after.
      await q.store.read((tx) => tx.queryRows(WS, dsId, page, from));
      const rows = await counted(() => q.store.read((tx) => tx.queryRows(WS, dsId, page, from)));
      const ids = await counted(() => q.store.read((tx) => tx.queryRowIds(WS, dsId, page, from)));
      assert.equal(rows, ids, `${c.name}${from ? ", after a cursor" : ""}: ${rows} statements for the rows, ${ids} for their ids`);
    }
  }
});

test("a descending walk whose page lies in one value reads it forwards once the key is known for ties (PostgreSQL), same answers", { skip: onPostgres ? false : "PostgreSQL pass only: the walk it checks is the PostgreSQL adapter's" }, async () => {
  // Estimate holds few values (ties): pages of 7 end inside one value, and the cursor's next page
  // starts inside a value that may or may not hold a whole page — both ways of valueFirst.
  const { VALUE_FIRST } = await import("../src/storage/postgres/rows-query.js");
  for (const c of QUERIES.filter((x) => x.name === "by estimate desc, owner" || x.name === "by priority asc then estimate desc")) {
    const f = parseFilter(c.filter, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts(c.sorts, schema);
    const before = VALUE_FIRST.answered;
    for (let round = 0; round < 2; round++)
      for (const size of [3, 7]) assert.deepEqual(await plannedIds(q.store, dsId, f, s, size), memoryIds(rows, f, s), `${c.name}, pages of ${size}, round ${round}`);
    if (c.name === "by estimate desc, owner") assert.ok(VALUE_FIRST.answered > before, `${c.name}: some pages read their value forwards`);
  }
});

test("a walk probes the condition that lets the fewest rows through first (Owner, 1 in 4, before Tags, 2 in 5), a small one read whole, same answers", async () => {
  const owner = rows.filter((r) => (r.properties?.who as string[]).includes(OTHER_USER)).length;
  const tagged = rows.filter((r) => (r.properties?.tags as string[]).includes(opt(P("tags"), "a"))).length;
  assert.ok(owner > PLANNER.smallSetAtMost && owner < tagged, `Owner (${owner} rows) is rarer than Tags (${tagged}) and no lookup`);
  for (const c of QUERIES.filter((x) => x.name.startsWith("tag and owner"))) {
    const f = parseFilter(c.filter, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts(c.sorts, schema);
    const before = { ...PLAN_COUNTS };
    for (const size of [7, 100]) assert.deepEqual(await plannedIds(q.store, dsId, f, s, size), memoryIds(rows, f, s), `${c.name}, pages of ${size}`);
    assert.ok(PLAN_COUNTS.reordered > before.reordered, `${c.name}: the probes were put rarest first`);
    assert.ok(PLAN_COUNTS.hashed > before.hashed, `${c.name}: a probe with few entries was marked to be read whole (PostgreSQL's walk hashes it)`);
    // Pages of 100 at ~1 match in 10 may read past a walk's allowance and scan: pages of 7 walk.
    assert.ok(PLAN_COUNTS.walk + PLAN_COUNTS.optionGroups > before.walk + before.optionGroups, `${c.name}: walked`);
  }
});

test("lookup counts are kept per data source and taken again when its rows change by more than an eighth, or after a minute", () => {
  const counts = new KeyCounts();
  const l = { name: "select:pri", values: ["x"] };
  counts.of("ws/a", 800, 0).set(l, 200);
  assert.equal(counts.of("ws/a", 850, 1000).get(l), 200);
  assert.equal(counts.of("ws/a", 800, 0).get({ ...l, absent: true }), 200, "absent or not, the same entries");
  assert.equal(counts.of("ws/b", 800, 0).get(l), undefined, "another data source");
  assert.equal(counts.of("ws/a", 800, 0).get({ name: "select:pri", values: ["y"] }), undefined, "another value");
  assert.equal(counts.of("ws/a", 901, 1000).get(l), undefined, "rows grew by more than an eighth");
  counts.of("ws/a", 800, 0).set(l, 200);
  assert.equal(counts.of("ws/a", 800, 60_001).get(l), undefined, "older than a minute");
});

/** The `first:` entries of a list property (values.ts firstKeyName), by node, as stored. */
async function firstEntries(type: string, id: string): Promise<Map<string, string>> {
  const got = await q.sql(`SELECT node, ${onPostgres ? "vt" : "v"} AS v FROM row_keys WHERE name = ?`, `first:${type}:${id}`);
  return new Map(got.map((r) => [r.node as string, r.v as string]));
}

/** What those entries must be: each row's first element, for rows that have one. */
function expectedFirst(id: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const v = r.properties?.[id];
    if (Array.isArray(v) && typeof v[0] === "string") out.set(r.id, v[0]);
  }
  return out;
}

test("sorts by a relation, people or multi-select walk their first-element entries, never scan every row", async () => {
  const lists = QUERIES.filter((c) => /by project|people|multi-select/.test(c.name));
  assert.equal(lists.length, 4);
  for (const c of lists) {
    const f = parseFilter(c.filter, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts(c.sorts, schema);
    const before = { ...PLAN_COUNTS };
    assert.deepEqual(await plannedIds(q.store, dsId, f, s, 7), memoryIds(rows, f, s), c.name);
    assert.equal(PLAN_COUNTS.scan, before.scan, `${c.name}: no scan`);
    assert.ok(PLAN_COUNTS.walk + PLAN_COUNTS.optionGroups > before.walk + before.optionGroups, `${c.name}: walked`);
  }
  // A relation holding pages the reader cannot see orders by the first page it sees: scanned.
  const hidden = withHidden(null, parseSorts([{ property: "Project", direction: "ascending" }], schema), new Map([["proj", [PROJECTS[3]]]]));
  const before = PLAN_COUNTS.scan;
  assert.deepEqual(await plannedIds(q.store, dsId, null, hidden.sorts, 50), memoryIds(rows, null, hidden.sorts));
  assert.ok(PLAN_COUNTS.scan > before, "scanned");
  for (const [type, id] of [["relation", "proj"], ["people", "who"], ["multi_select", "tags"]]) assert.deepEqual(await firstEntries(type, id), expectedFirst(id), `${type} as built`);
});

test("edits reach the index: changed and cleared values, new edit times, trashed rows", async () => {
  await q.store.write(async (tx) => {
    for (const [i, row] of rows.entries()) {
      if (i % 7 === 0) row.properties = { ...row.properties, pri: opt(P("pri"), "Urgent"), est: 13 };
      if (i % 11 === 0) row.properties = { ...row.properties, title: rt(""), due: null };
      // A relation's first page changes (reordered, first removed, emptied, set): its first entry follows.
      if (i % 3 === 0 && Array.isArray(row.properties!.proj)) row.properties = { ...row.properties, proj: [...(row.properties!.proj as string[])].reverse() };
      if (i % 10 === 1) row.properties = { ...row.properties, proj: (row.properties!.proj as string[] | undefined)?.slice(1) ?? [PROJECTS[0]] };
      if (i % 17 === 0) row.properties = { ...row.properties, proj: [], tags: [] };
      if (i % 13 === 0) row.in_trash = true;
      if (i % 5 === 0) row.last_edited_time += 99_000;
      if (i % 7 === 0 || i % 11 === 0 || i % 13 === 0 || i % 5 === 0 || i % 3 === 0 || i % 10 === 1 || i % 17 === 0) {
        row.idx = projectIdx(schema, row.properties);
        await tx.updateNode(row);
      }
    }
  });
  await check("after edits");
  for (const [type, id] of [["relation", "proj"], ["multi_select", "tags"]]) assert.deepEqual(await firstEntries(type, id), expectedFirst(id), `${type} after edits`);
  // The trash (in_trash: true) is its own set of rows.
  const f = parseFilter({ property: "Done", checkbox: { equals: false } }, schema, { now: Date.UTC(2025, 5, 1) });
  const s = parseSorts([{ property: "Due", direction: "ascending" }], schema);
  const trashed = memoryIds(rows.filter((r) => r.in_trash), f, s);
  assert.ok(trashed.length > 5);
  assert.deepEqual(await plannedIds(q.store, dsId, f, s, 4, true), trashed);
});

test("templates are in no plan's answer, nor in allRows; unmarked, they are rows again", async () => {
  const ws = rows[0].workspace_id;
  const marked = new Set(rows.filter((_, i) => i % 9 === 4).map((r) => r.id));
  await q.store.write(async (tx) => {
    for (const id of marked) await tx.templates.put({ workspace_id: ws, data_source_id: dsId, page_id: id, is_default: false, created_time: 0 });
  });
  const before = { ...PLAN_COUNTS };
  await check("with templates", marked);
  for (const plan of ["lookup", "walk", "optionGroups", "empties", "scan"] as const) assert.ok(PLAN_COUNTS[plan] > before[plan], `the ${plan} plan ran`);
  const all = await q.store.read((tx) => tx.allRows(ws, dsId, false));
  assert.deepEqual(all.map((r) => r.id).sort(), rows.filter((r) => !r.in_trash && !marked.has(r.id)).map((r) => r.id).sort());
  // A template is written while marked: its keys stay out of the index.
  await q.store.write(async (tx) => {
    const first = rows.find((r) => marked.has(r.id))!;
    first.properties = { ...first.properties, est: 42 };
    first.idx = projectIdx(schema, first.properties);
    await tx.updateNode(first);
  });
  await check("a template edited", marked);
  // Rebuilt from scratch (a data directory from before the index), the keys still leave templates out.
  await q.forgetRowKeys();
  const reopened = await q.reopen(PLANNER);
  try {
    const f = parseFilter({ property: "Owner", people: { contains: USER } }, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts([{ property: "Priority", direction: "ascending" }, { property: "Due", direction: "descending" }], schema);
    assert.deepEqual(await plannedIds(reopened, dsId, f, s, 50), memoryIds(rows.filter((r) => !r.in_trash && !marked.has(r.id)), f, s));
  } finally {
    await reopened.close();
  }
  await q.store.write(async (tx) => {
    for (const id of marked) await tx.templates.remove(ws, id);
  });
  await check("templates unmarked");
});

test("a database written before the index gets its row keys at the next start", async () => {
  // As a data directory from before the row-key index: no entries, no remembered key lists.
  await q.forgetRowKeys();
  const reopened = await q.reopen(PLANNER);
  try {
    assert.ok(Number((await q.sql(`SELECT count(*) AS n FROM row_keys`))[0].n) > N);
    const f = parseFilter({ property: "Owner", people: { contains: USER } }, schema, { now: Date.UTC(2025, 5, 1) });
    const s = parseSorts([{ property: "Priority", direction: "ascending" }, { property: "Due", direction: "descending" }], schema);
    assert.deepEqual(await plannedIds(reopened, dsId, f, s, 50), memoryIds(rows.filter((r) => !r.in_trash), f, s));
  } finally {
    await reopened.close();
  }
});

test("dates stored with seconds by an older Quire are indexed and projected at the minute at the next start", async () => {
  // Values as Quire stored them before dates were kept to the minute: seconds, `Z`, a time zone.
  const dateSchema: PropertySchema[] = [prop("title", "Name", "title"), prop("when", "When", "date")];
  const r = seededRandom(11);
  const stored = Array.from({ length: 120 }, (_, i) => {
    const minute = Math.floor(r() * 4); // 09:00–09:03, so many values share a minute
    const seconds = String(Math.floor(r() * 60)).padStart(2, "0");
    const forms = [
      { start: `2025-02-03T09:0${minute}:${seconds}.${Math.floor(r() * 1000)}Z`, end: null, time_zone: null },
      { start: `2025-02-03T10:0${minute}:${seconds}`, end: null, time_zone: "Europe/Berlin" },
      { start: `2025-02-03T09:0${minute}:${seconds}+00:00`, end: null, time_zone: null },
    ];
    return { title: rt(`r${i}`), when: forms[i % 3] };
  });
  const inserted = await q.insert(dateSchema, (ds) => stored.map((properties) => pageRow(ds, dateSchema, { id: uid(), properties })));
  // Put back what the older Quire had indexed: the exact millisecond, and the old key version.
  for (const row of inserted.rows) {
    const v = row.properties!.when as { start: string; time_zone: string | null };
    const exact = v.time_zone ? Date.parse(`${v.start}+01:00`) : Date.parse(v.start);
    const idx = JSON.stringify({ title: `${(row.properties!.title as { plain_text: string }[])[0].plain_text}`, when: { s: exact, e: exact } });
    await q.sql(onPostgres ? `UPDATE nodes SET idx = ?, qidx = CAST(? AS jsonb) WHERE id = ?` : `UPDATE nodes SET idx = ? WHERE id = ?`, ...(onPostgres ? [idx, idx] : [idx]), row.id);
    await q.sql(`UPDATE row_keys SET ${onPostgres ? "vn" : "v"} = ? WHERE node = ? AND name = 'date:when'`, exact, row.id);
  }
  await q.sql(`UPDATE meta SET value = '1' WHERE key = 'row_keys'`);
  const reopened = await q.reopen(PLANNER);
  try {
    const now = Date.UTC(2025, 5, 1);
    for (const operand of ["2025-02-03T09:01:30Z", "2025-02-03T10:02:59.999+01:00", "2025-02-03T09:00:00Z"]) {
      for (const op of ["equals", "before", "after", "on_or_before", "on_or_after"]) {
        const f = parseFilter({ property: "When", date: { [op]: operand } }, dateSchema, { now });
        for (const sorts of [[], [{ property: "When", direction: "ascending" }]]) {
          const s = parseSorts(sorts, dateSchema);
          const memory = memoryIds(inserted.rows, f, s);
          assert.deepEqual(await plannedIds(reopened, inserted.id, f, s, 7), memory, `${op} ${operand}, sorts ${JSON.stringify(sorts)}`);
        }
      }
    }
    // A time with seconds names its minute: `equals 09:01:30` finds every value of 09:01.
    const f = parseFilter({ property: "When", date: { equals: "2025-02-03T09:01:30Z" } }, dateSchema, { now });
    const ofMinute = inserted.rows.filter((row) => {
      const v = row.properties!.when as { start: string; time_zone: string | null };
      return v.time_zone ? v.start.startsWith("2025-02-03T10:01") : v.start.startsWith("2025-02-03T09:01");
    });
    assert.ok(ofMinute.length > 5);
    assert.deepEqual(new Set(await plannedIds(reopened, inserted.id, f, [], 50)), new Set(ofMinute.map((row) => row.id)));
  } finally {
    await reopened.close();
  }
});

/** The nodes with an entry `name` in data source `ds`'s scope (the row-key index read directly), sorted. */
async function entryNodes(ds: string, name: string): Promise<string[]> {
  const got = await q.sql(`SELECT k.node FROM row_keys k JOIN row_scopes s ON s.scope = k.scope WHERE s.data_source_id = ? AND k.name = ?`, ds, name);
  return got.map((r) => r.node as string).sort();
}
const idsOf = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

test("an empty list value has an entry of its own, kept in step: rows written, a property added (every row, one unit), set, retyped, removed, a row moved, a rebuild", async () => {
  const base: PropertySchema[] = [prop("title", "Name", "title"), prop("tg", "Tags", "multi_select", ["x", "y"])];
  const x = opt(base[1], "x");
  const made = await q.insert(base, (ds) => Array.from({ length: 200 }, (_, i) => pageRow(ds, base, { id: uid(), properties: { title: rt(`e${i}`), ...(i % 3 === 0 ? { tg: [x] } : i % 3 === 1 ? { tg: [] } : {}) }, created_time: Date.UTC(2025, 0, 1) + i * 1000 })));
  const ds = made.id;
  const local = made.rows;
  const now = { now: Date.UTC(2025, 5, 1) };
  assert.deepEqual(await entryNodes(ds, "empty:multi_select:tg"), idsOf(local.filter((_, i) => i % 3 !== 0)), "written with the rows: absent and [] alike");
  // One row trashed (its entries stay: the trash is queried too), one a template (no entries).
  local[5].in_trash = true;
  const template = local[7];
  await q.store.write(async (tx) => {
    await tx.updateNode(local[5]);
    await tx.templates.put({ workspace_id: WS, data_source_id: ds, page_id: template.id, is_default: false, created_time: 0 });
  });
  const rowsNow = () => local.filter((r) => r.id !== template.id);

  // Properties added: every row (not the template) gets their empty entries in the unit that writes the schema.
  const added: PropertySchema[] = [...base, prop("bk", "Blocked by", "relation"), prop("pp", "Reviewer", "people"), prop("fl", "Files", "files"), prop("nt", "Note", "rich_text")];
  await q.store.write(async (tx) => {
    const node = (await tx.getNode(WS, ds))!;
    await tx.updateNode({ ...node, data: { ...node.data, properties: added } });
  });
  for (const name of ["empty:relation:bk", "empty:people:pp", "empty:files:fl"]) assert.deepEqual(await entryNodes(ds, name), idsOf(rowsNow()), `${name}: every row`);
  assert.deepEqual(await entryNodes(ds, "empty:rich_text:nt"), [], "only list properties");
  // Saving the same schema again adds nothing, nor does a unit that rolls back.
  await q.store.write(async (tx) => {
    const node = (await tx.getNode(WS, ds))!;
    await tx.updateNode({ ...node, last_edited_time: node.last_edited_time + 1 });
  });
  await assert.rejects(
    q.store.write(async (tx) => {
      const node = (await tx.getNode(WS, ds))!;
      await tx.updateNode({ ...node, data: { ...node.data, properties: [...added, prop("rb", "Rolled back", "relation")] } });
      throw new Error("rolled back");
    }),
    /rolled back/,
  );
  assert.deepEqual(await entryNodes(ds, "empty:relation:rb"), []);
  assert.equal((await entryNodes(ds, "empty:relation:bk")).length, rowsNow().length);

  // Values set on all rows but a few: their empty entries go (each row's remembered keys knew them).
  const left = new Set(local.filter((_, i) => i % 25 === 2).map((r) => r.id));
  await q.store.write(async (tx) => {
    for (const r of local) {
      if (left.has(r.id) || r.id === template.id) continue;
      r.properties = { ...r.properties, bk: [PROJECTS[0]], fl: [{ name: "a.txt", type: "external", external: { url: "https://example.com/a.txt" } }] };
      r.idx = projectIdx(added, r.properties);
      await tx.updateNode(r);
    }
  });
  assert.deepEqual(await entryNodes(ds, "empty:relation:bk"), [...left].sort());
  assert.deepEqual(await entryNodes(ds, "empty:files:fl"), [...left].sort());
  for (const [filter, lookup] of [
    [{ property: "Blocked by", relation: { is_empty: true } }, true],
    [{ property: "Files", files: { is_empty: true } }, true],
    [{ property: "Files", files: { is_not_empty: true } }, false],
    [{ property: "Reviewer", people: { is_empty: true } }, false],
  ] as const) {
    const f = parseFilter(filter, added, now);
    const before = PLAN_COUNTS.lookup;
    assert.deepEqual(await plannedIds(q.store, ds, f, [], 7), memoryIds(rowsNow().filter((r) => !r.in_trash), f, []), JSON.stringify(filter));
    if (lookup) assert.ok(PLAN_COUNTS.lookup > before, `${JSON.stringify(filter)}: its ${left.size} empty entries are a lookup`);
  }
  // A value emptied again gets its entry back.
  const emptied = local[10];
  emptied.properties = { ...emptied.properties, bk: [] };
  await q.store.write((tx) => tx.updateNode(emptied));
  assert.deepEqual(await entryNodes(ds, "empty:relation:bk"), [...left, emptied.id].sort());

  // Retyped (relation → people) and removed (files): the rows are rewritten, as update-data-source does.
  const retyped = added.filter((p) => p.id !== "fl").map((p) => (p.id === "bk" ? { ...p, type: "people" as const } : p));
  await q.store.write(async (tx) => {
    const node = (await tx.getNode(WS, ds))!;
    await tx.updateNode({ ...node, data: { ...node.data, properties: retyped } });
    for (const r of local) {
      if (r.id === template.id) continue;
      const { fl: _fl, ...props } = r.properties as Record<string, unknown>;
      r.properties = { ...props, bk: [] };
      await tx.updateNode(r);
    }
  });
  assert.deepEqual(await entryNodes(ds, "empty:relation:bk"), []);
  assert.deepEqual(await entryNodes(ds, "empty:files:fl"), []);
  assert.deepEqual(await entryNodes(ds, "empty:people:bk"), idsOf(rowsNow()));

  // A row moved to another data source: its entries follow, by the other's schema.
  const other = await q.insert(base, () => []);
  const moved = local[20];
  moved.parent_id = other.id;
  await q.store.write((tx) => tx.updateNode(moved));
  assert.ok(!(await entryNodes(ds, "empty:people:pp")).includes(moved.id));
  assert.deepEqual(await entryNodes(other.id, "empty:multi_select:tg"), [moved.id], "row 20 has no tags");
  assert.deepEqual(await entryNodes(other.id, "empty:people:pp"), []);

  // A database from the previous key version: its empty entries are written at the next start.
  await q.sql(`DELETE FROM row_keys WHERE name LIKE 'empty:%'`);
  await q.sql(`UPDATE meta SET value = '3' WHERE key = 'row_keys'`);
  const reopened = await q.reopen(PLANNER);
  try {
    assert.deepEqual(await entryNodes(ds, "empty:people:bk"), idsOf(rowsNow().filter((r) => r.id !== moved.id)));
    assert.deepEqual(await entryNodes(ds, "empty:people:pp"), idsOf(rowsNow().filter((r) => r.id !== moved.id)));
  } finally {
    await reopened.close();
  }
});

test("is_empty on a relation holding pages the reader cannot see: a row holding only those is empty to it (no entry says so), same answers", async () => {
  const f0 = parseFilter({ property: "Project", relation: { is_empty: true } }, schema, { now: Date.UTC(2025, 5, 1) });
  const hidden = withHidden(f0, [], new Map([["proj", [PROJECTS[3], PROJECTS[5]]]]));
  const live = rows.filter((r) => !r.in_trash);
  const memory = memoryIds(live, hidden.filter, []);
  assert.ok(memory.length > memoryIds(live, f0, []).length, "some rows hold only hidden pages");
  for (const size of [7, 100]) assert.deepEqual(await plannedIds(q.store, dsId, hidden.filter, [], size), memory, `pages of ${size}`);
});
