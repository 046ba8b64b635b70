/**
 * What one request costs the Quire process on PostgreSQL, beside SQLite:
 * - round trips: starts one Quire in this process on `--database-url` (a database of its own,
 *   dropped at the end), seeds bench:http's page, and counts the statements `pg` sends (BEGIN and
 *   COMMIT included: one round trip each) over N GET page calls and N searches (a request with a
 *   body). Deterministic.
 * - Node CPU per request: a Quire in a child process (bench/quire-server.ts) on each backend,
 *   GET page one request at a time on a kept-alive connection, the child's own CPU time
 *   (`process.cpuUsage`) differenced around blocks of requests; the least and the median block
 *   are printed. One request at a time, so a loaded machine inflates these less than the
 *   concurrent load of bench:http; still say the load with them.
 *
 *   npx tsx bench/round-trips.ts --database-url postgres://postgres@127.0.0.1:5432/postgres [--requests 200] [--blocks 7 --block 500]
 */
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startQuire } from "../src/index.js";
import { benchDatabases } from "./lib/pg-databases.js";
import { apiHeaders, newPage, type QuireReady } from "./lib/seed.js";
import { startChild } from "./lib/children.js";
import { closeConnections, send } from "./lib/sequential.js";

const { values: opt } = parseArgs({
  options: {
    "database-url": { type: "string" },
    requests: { type: "string", default: "200" },
    blocks: { type: "string", default: "7" },
    block: { type: "string", default: "500" },
  },
});
if (!opt["database-url"]) throw new Error("--database-url is required");
const n = Number(opt.requests);

let sent = 0;
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const original = proto.query;
proto.query = function (this: unknown, ...a: unknown[]) {
  sent++;
  return original.apply(this, a);
};

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
process.stdout.write(`${new Date().toISOString()}, load average ${load()}\n`);
const dbs = await benchDatabases(opt["database-url"], ["trips", "cpu"]);
try {
  await roundTrips(dbs.urls.trips);
  const sqlite = await nodeCpu("SQLite", {});
  const postgres = await nodeCpu("PostgreSQL", { QUIRE_BENCH_DATABASE_URL: dbs.urls.cpu });
  process.stdout.write(`PostgreSQL / SQLite, Node CPU per GET page (least blocks): ${(postgres / sqlite).toFixed(2)}×; load average at the end ${load()}\n`);
} finally {
  closeConnections();
  await dbs.drop();
}

async function roundTrips(url: string): Promise<void> {
  const q = await startQuire({ databaseUrl: url, port: 0 });
  try {
    const ready = { url: q.url, token: q.token, adminKey: q.adminKey, devIntegrationId: q.devIntegrationId };
    const page = await newPage(ready, "Round trips");
    const headers = apiHeaders(ready);
    const get = async () => {
      const res = await fetch(`${q.url}/v1/pages/${page}`, { headers });
      if (res.status !== 200) throw new Error(`GET page answered ${res.status}`);
      await res.arrayBuffer();
    };
    // A request with a body: its token is looked up in a unit of its own (Store.readOne).
    const search = async () => {
      const res = await fetch(`${q.url}/v1/search`, { method: "POST", headers, body: JSON.stringify({ query: "Round trips", page_size: 1 }) });
      if (res.status !== 200) throw new Error(`search answered ${res.status}`);
      await res.arrayBuffer();
    };
    for (const [label, call] of [["GET page", get], ["POST search (page_size 1)", search]] as const) {
      for (let i = 0; i < 20; i++) await call();
      sent = 0;
      for (let i = 0; i < n; i++) await call();
      process.stdout.write(`${label}: ${(sent / n).toFixed(2)} statements sent to PostgreSQL per request (${n} requests, one at a time)\n`);
    }
  } finally {
    await q.close();
  }
}

/** The server child's CPU µs per GET page, least and median over the blocks; returns the least. */
async function nodeCpu(label: string, env: Record<string, string>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "quire-trips-"));
  const child = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dir, ...env });
  try {
    const page = await newPage(child.ready, "CPU");
    const url = new URL(`${child.ready.url}/v1/pages/${page}`);
    const headers = apiHeaders(child.ready);
    const get = async () => {
      const res = await send("GET", url, headers);
      if (res.status !== 200) throw new Error(`GET page answered ${res.status}`);
    };
    const cpu = async () => {
      const { usage } = await child.ask<{ usage: NodeJS.CpuUsage }>("cpu", "cpu");
      return usage.user + usage.system;
    };
    const size = Number(opt.block);
    for (let i = 0; i < size; i++) await get();
    const perRequest: number[] = [];
    for (let b = 0; b < Number(opt.blocks); b++) {
      const before = await cpu();
      for (let i = 0; i < size; i++) await get();
      perRequest.push(((await cpu()) - before) / size);
    }
    perRequest.sort((a, b) => a - b);
    const least = perRequest[0];
    const median = perRequest[Math.floor(perRequest.length / 2)];
    process.stdout.write(`${label}: GET page costs the server ${least.toFixed(0)} µs of Node CPU per request (least of ${perRequest.length} blocks of ${size}; median ${median.toFixed(0)})\n`);
    return least;
  } finally {
    await child.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
