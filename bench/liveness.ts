/**
 * What asking whether a node is gone costs on PostgreSQL (`Store.liveness.gone`, one statement
 * over `pg_locks`; src/storage/postgres/liveness.ts), against the ceiling of a trivial statement
 * on the same pool (`SELECT 1`), with N other nodes holding their locks and a number of
 * workspace writes holding theirs, measured in the same run.
 *
 *   npx tsx bench/liveness.ts --database-url postgres://postgres@127.0.0.1:5432/postgres [--nodes 8] [--rounds 2000]
 */
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { openPool } from "../src/storage/postgres/pool.js";
import type { Store } from "../src/storage/types.js";
import { benchDatabases } from "./lib/pg-databases.js";

const { values } = parseArgs({ options: { "database-url": { type: "string" }, nodes: { type: "string", default: "8" }, rounds: { type: "string", default: "2000" } } });
const url = values["database-url"];
if (!url) throw new Error("--database-url is required");
const others = Number(values.nodes);
const rounds = Number(values.rounds);

/** Mean microseconds per call of `f`, after a warm-up. */
async function perCall(f: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 100; i++) await f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await f();
  return Number(process.hrtime.bigint() - t0) / 1000 / rounds;
}

const dbs = await benchDatabases(url, ["liveness"]);
const stores: Store[] = [];
try {
  const asker = await openPostgresStore({ url: dbs.urls.liveness });
  stores.push(asker);
  for (let i = 0; i < others; i++) stores.push(await openPostgresStore({ url: dbs.urls.liveness }));
  const pool = await openPool(dbs.urls.liveness, 2);
  const alive = stores.slice(1).map((s) => s.liveness.node);
  const ceiling = await perCall(() => pool.query("SELECT 1"));
  const one = await perCall(() => asker.liveness.gone([alive[0] ?? randomUUID()]));
  const many = await perCall(() => asker.liveness.gone([...alive, ...Array.from({ length: 8 }, randomUUID)]));
  await pool.end();
  console.log(`liveness.gone on PostgreSQL, ${others} other nodes alive, ${rounds} rounds (µs per call, one client at a time)`);
  console.log(`  SELECT 1 (ceiling)          ${ceiling.toFixed(0).padStart(6)} µs`);
  console.log(`  gone([1 id])                ${one.toFixed(0).padStart(6)} µs   ${(one / ceiling).toFixed(2)}× the ceiling`);
  console.log(`  gone([${others + 8} ids])              ${many.toFixed(0).padStart(6)} µs   ${(many / ceiling).toFixed(2)}× the ceiling`);
} finally {
  for (const s of stores) await s.close();
  await dbs.drop();
}
