/**
 * What adding a list property costs at size: every row of the data source gets its "empty" entry
 * (src/storage/planner/row-keys.ts emptyNamesAdded) in the unit that writes the schema. Builds
 * --rows N (100,000) rows in a fresh SQLite file and, with --pg, on a throwaway PostgreSQL cluster
 * (test/helpers/pg.ts), then times, each --rounds times: the unit adding a text property (no
 * entries: the data source's write alone) and the unit adding a relation (N entries); then
 * --writes W (300) units each updating one row's number (every row has the relations' empty
 * entries by then: what a row's write pays to keep them), the median and p90 per unit.
 *
 *   npx tsx bench/empty-entries.ts [--rows 100000] [--rounds 3] [--writes 300] [--pg]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/store.js";
import type { Store } from "../src/storage/types.js";
import type { PropertySchema } from "../src/domain/properties/schema.js";
import { startCluster } from "../test/helpers/pg.js";
import { WS, USER, pageRow, prop, rt, uid } from "../test/helpers/query-db.js";

const { values: opt } = parseArgs({ options: { rows: { type: "string", default: "100000" }, rounds: { type: "string", default: "3" }, writes: { type: "string", default: "300" }, pg: { type: "boolean", default: false } } });
const ROWS = Number(opt.rows);
const ROUNDS = Number(opt.rounds);
const WRITES = Number(opt.writes);

async function fill(store: Store, ids: string[]): Promise<string> {
  const schema: PropertySchema[] = [prop("title", "Name", "title"), prop("est", "Estimate", "number")];
  const ds = uid();
  await store.write((tx) =>
    tx.insertNodes([{
      workspace_id: WS, id: ds, type: "data_source", parent_type: "database_id", parent_id: uid(), position: 0,
      data: { properties: schema }, properties: null, icon: null, cover: null, in_trash: false, is_locked: false,
      is_archived: false, created_time: 0, created_by: USER, last_edited_time: 0, last_edited_by: USER,
    }]),
  );
  for (let i = 0; i < ROWS; i += 5000) {
    const batch = Array.from({ length: Math.min(5000, ROWS - i) }, (_, j) => pageRow(ds, schema, { id: uid(), properties: { title: rt(`row ${i + j}`), est: (i + j) % 13 }, created_time: Date.UTC(2025, 0, 1) + (i + j) * 1000 }));
    for (const r of batch) ids.push(r.id);
    await store.write((tx) => tx.insertNodes(batch));
  }
  return ds;
}

async function addProperty(store: Store, ds: string, p: PropertySchema): Promise<number> {
  const t = performance.now();
  await store.write(async (tx) => {
    const node = (await tx.getNode(WS, ds))!;
    const props = (node.data.properties as PropertySchema[]) ?? [];
    await tx.updateNode({ ...node, data: { ...node.data, properties: [...props, p] } });
  });
  return performance.now() - t;
}

async function measure(name: string, store: Store, count: () => Promise<number>): Promise<void> {
  const t = performance.now();
  const ids: string[] = [];
  const ds = await fill(store, ids);
  console.log(`${name}: ${ROWS} rows written in ${((performance.now() - t) / 1000).toFixed(1)} s; row_keys ${await count()}`);
  for (let r = 0; r < ROUNDS; r++) {
    const text = await addProperty(store, ds, prop(`t${r}`, `Text ${r}`, "rich_text"));
    const before = await count();
    const relation = await addProperty(store, ds, prop(`r${r}`, `Relation ${r}`, "relation"));
    const entries = (await count()) - before;
    console.log(`${name} round ${r + 1}: add a text property ${text.toFixed(1)} ms; add a relation ${relation.toFixed(1)} ms (${entries} entries written)`);
  }
  const times: number[] = [];
  for (let w = 0; w < WRITES; w++) {
    const id = ids[(w * 7919) % ids.length];
    const t = performance.now();
    await store.write(async (tx) => {
      const row = (await tx.getNode(WS, id))!;
      await tx.updateNode({ ...row, properties: { ...row.properties, est: w } });
    });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  if (times.length > 0) console.log(`${name}: ${WRITES} row writes (a number changed, ${ROUNDS} empty relations kept): median ${times[times.length >> 1].toFixed(2)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(2)} ms`);
}

const dir = mkdtempSync(join(tmpdir(), "quire-empty-"));
try {
  const file = join(dir, "q.db");
  const store = openSqliteStore({ filename: file });
  const Database = (await import("better-sqlite3")).default;
  const peek = new Database(file, { readonly: true });
  await measure("SQLite", store, async () => Number(peek.prepare(`SELECT count(*) FROM row_keys`).pluck().get()));
  peek.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (opt.pg) {
  const cluster = await startCluster();
  try {
    const url = cluster.url("postgres");
    const store = await openPostgresStore({ url });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await measure("PostgreSQL", store, async () => Number((await client.query(`SELECT count(*)::int AS n FROM row_keys`)).rows[0].n));
    await client.end();
    await store.close();
  } finally {
    cluster.stop();
  }
}
