/**
 * What the toolkit's shared state costs (src/storage/toolkit-shared.ts; docs/PERFORMANCE.md,
 * "Shared rate limits, faults and request log"): per call of each port on PostgreSQL against the
 * ceiling of `SELECT 1` on a pool of the same size, measured in the same run, and on SQLite
 * (the process's memory); then GET /v1/users/me over HTTP with the rate limit off and on,
 * alternated, on both backends, with the Server-Timing statement counts and the load average.
 *
 *   npx tsx bench/toolkit-shared.ts [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--rounds 2000]
 *
 * Without --database-url a throwaway cluster is started (test/helpers/pg.ts: fsync off, so a
 * logged table's commit costs no flush there either).
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { openPool } from "../src/storage/postgres/pool.js";
import { memoryToolkitShared } from "../src/storage/sqlite-toolkit-shared.js";
import type { ToolkitShared } from "../src/storage/toolkit-shared.js";
import { startQuire } from "../src/server.js";
import { benchDatabases } from "./lib/pg-databases.js";
import { startCluster } from "../test/helpers/pg.js";

const { values } = parseArgs({ options: { "database-url": { type: "string" }, rounds: { type: "string", default: "2000" }, requests: { type: "string", default: "1500" } } });
const rounds = Number(values.rounds);
const requests = Number(values.requests);
const cluster = values["database-url"] ? null : await startCluster();
const url = values["database-url"] ?? cluster!.url("postgres");

/** Mean microseconds per call of `f` (`parallel` at a time), after a warm-up. */
async function perCall(f: (i: number) => Promise<unknown>, parallel = 1): Promise<number> {
  for (let i = 0; i < 100; i++) await f(i);
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < rounds) await f(next++);
  }));
  return Number(process.hrtime.bigint() - t0) / 1000 / rounds;
}

const row = (name: string, us: number, ceiling?: number) => console.log(`${name.padEnd(58)} ${us.toFixed(1).padStart(8)} µs${ceiling ? `   ×${(us / ceiling).toFixed(2)} SELECT 1` : ""}`);
const entry = (i: number) => ({ id: `req-${i}`, entry: JSON.stringify({ object: "request", id: `req-${i}`, path: "/v1/pages", request_body: "x".repeat(128), response_body: "y".repeat(900) }) });

async function ports(name: string, s: ToolkitShared, ceiling?: number) {
  await s.rateWindows.clear();
  row(`${name}: rate count, 2 keys, 1 workspace, sequential`, await perCall(() => s.rateWindows.count("ws", ["c:a", "w"], Date.now(), 60_000)), ceiling);
  row(`${name}: rate count, 2 keys, 1 workspace, 8 at once`, await perCall((i) => s.rateWindows.count("ws", [`c:${i % 8}`, "w"], Date.now(), 60_000), 8), ceiling);
  await s.faults.add({ id: "f", rule: "{}", remaining: null, hits: 0, created_time: Date.now() });
  row(`${name}: fault spend (unlimited), sequential`, await perCall(() => s.faults.spend("f")), ceiling);
  await s.faults.clear();
  if (s.requests) {
    const batch = Array.from({ length: 50 }, (_, i) => entry(i));
    const us = await perCall(() => s.requests!.append(batch, 1000));
    row(`${name}: request log append, batch of 50 (per entry)`, us / 50, ceiling);
  }
}

async function http(name: string, opts: Parameters<typeof startQuire>[0]) {
  const q = await startQuire({ ...opts, port: 0, serverTiming: true });
  const get = async () => {
    const res = await fetch(`${q.url}/v1/users/me`, { headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03" } });
    await res.arrayBuffer();
    return res;
  };
  const statements = async () => Number(/store;desc="(\d+) statements"/.exec((await get()).headers.get("server-timing") ?? "")?.[1]);
  const round = async () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (n < requests) (n++, await get());
    }));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { rps: requests / (ms / 1000), cpuUs: (cpu.user + cpu.system) / requests };
  };
  const admin = (limit: string) => fetch(`${q.url}/_quire/v1/rate_limit`, { method: "PUT", headers: { authorization: `Bearer ${q.adminKey}`, "content-type": "application/json" }, body: JSON.stringify({ limit }) });
  // A budget no round spends: every request is counted, none refused.
  const on = "100000/min";
  await round();
  const out: string[] = [];
  for (let r = 0; r < 3; r++) {
    for (const limit of ["off", on]) {
      await admin(limit);
      const st = (await statements(), await statements());
      const { rps, cpuUs } = await round();
      out.push(`${name} rate limit ${limit === "off" ? "off" : "on "}: ${rps.toFixed(0).padStart(6)} req/s, ${cpuUs.toFixed(0).padStart(5)} µs CPU/request (client and server, one process), ${st} statements   load ${loadavg()[0].toFixed(2)}`);
    }
  }
  console.log(out.join("\n"));
  await q.close();
}

const dbs = await benchDatabases(url, ["ports", "http"]);
try {
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const store = await openPostgresStore({ url: dbs.urls.ports });
  const pool = await openPool(dbs.urls.ports, 3);
  const ceiling = await perCall(() => pool.query("SELECT 1"));
  row("PostgreSQL: SELECT 1 (the ceiling)", ceiling);
  await ports("PostgreSQL", store.shared!, ceiling);
  await pool.end();
  await store.close();
  await ports("SQLite (memory)", memoryToolkitShared());
  await http("SQLite    ", { memory: true, responseCache: false });
  await http("PostgreSQL", { databaseUrl: dbs.urls.http });
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await dbs.drop();
  cluster?.stop();
}
