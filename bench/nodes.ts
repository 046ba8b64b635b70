/**
 * `npx tsx bench/nodes.ts --database-url postgres://…` — throughput of 1, 2 and 4 Quire
 * processes on one PostgreSQL database (docs/SCALING.md). Each count gets a fresh database made
 * beside the one named (dropped at the end), seeded through one node; the load (autocannon, in
 * this process) is spread evenly over the nodes' URLs, as a load balancer would, and the
 * requests per second of all nodes are summed. Scenarios: GET page (reads, any node answers
 * alone) and create page (writes to one workspace: serialized across nodes by its advisory lock).
 *
 * Options: --nodes 1,2,4 --duration S (8) --warmup S (2) --connections N (16, split over nodes)
 * --json FILE. Figures and what they mean: docs/PERFORMANCE.md, "Nodes on PostgreSQL".
 *
 * --read-database-url postgres://…: a streaming standby of the server --database-url names (the
 * bench's databases reach it by replication; any database name in the URL is replaced). Each count
 * is then measured again with the nodes reading from it (docs/SCALING.md step 3): GET page with
 * the server CPU per request, so the cost of the freshness wait (two statements, one on each
 * server) shows beside the primary-only run. Figures: docs/PERFORMANCE.md, "Read replicas".
 */
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startChild, type Child } from "./lib/children.js";
import { drive, type LoadResult, type Target } from "./lib/load.js";
import { apiHeaders, newPage, seed, type QuireReady } from "./lib/seed.js";
import { benchDatabases } from "./lib/pg-databases.js";
import pg from "pg";

const { values: opt } = parseArgs({
  options: {
    "database-url": { type: "string" },
    nodes: { type: "string", default: "1,2,4" },
    duration: { type: "string", default: "8" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "16" },
    json: { type: "string" },
    "read-database-url": { type: "string" },
  },
});
if (!opt["database-url"]) {
  process.stderr.write("bench/nodes.ts needs --database-url postgres://user@host:5432/db (a user that may CREATE DATABASE)\n");
  process.exit(2);
}
const counts = opt.nodes.split(",").map(Number);
const seconds = Number(opt.duration);
const warmup = Number(opt.warmup);
const connections = Number(opt.connections);

interface Row {
  nodes: number;
  /** The nodes read from the standby. */
  replica: boolean;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  /** The nodes' CPU per request, µs (null when it could not be read). */
  cpuUs: number | null;
  failure: string | null;
}

/** Drives the same kind of request at every node at once (connections split evenly); sums their answers. */
async function spread(targets: Target[], pids: number[], secs: number): Promise<{ rps: number; p50: number; p99: number; cpuUs: number | null; failure: string | null }> {
  const per = Math.max(1, Math.round(connections / targets.length));
  const results: LoadResult[] = await Promise.all(targets.map((t, i) => drive(t, { connections: per, seconds: secs, serverPid: pids[i] })));
  const failure = results.map((r) => r.failure).filter(Boolean).join("; ") || null;
  const requests = results.reduce((n, r) => n + r.requests, 0);
  // Quire's own CPU (the nodes' processes; PostgreSQL's is not counted), in CPU-seconds.
  const cpu = results.every((r) => r.cpu) ? results.reduce((n, r) => n + r.cpu!.server * secs, 0) : null;
  return {
    rps: results.reduce((n, r) => n + r.rps, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    cpuUs: cpu === null || requests === 0 ? null : (cpu * 1e6) / requests,
    failure,
  };
}

/** One sealing key for every node this bench starts. */
const SECRET_KEY = randomBytes(32).toString("base64");

async function measureCount(n: number, url: string, tmp: string, readUrl?: string): Promise<Row[]> {
  const nodes: Child<QuireReady>[] = [];
  const replica = readUrl !== undefined;
  try {
    // Nodes of one deployment share the key sealing the admin key and dev token (docs/SCALING.md).
    const env = (i: number) => ({ QUIRE_BENCH_DATA_DIR: join(tmp, `n${n}-${i}${replica ? "r" : ""}`), QUIRE_BENCH_DATABASE_URL: url, QUIRE_SECRET_KEY: SECRET_KEY, ...(readUrl ? { QUIRE_BENCH_READ_DATABASE_URL: readUrl } : {}) });
    for (let i = 0; i < n; i++) nodes.push(await startChild<QuireReady>("quire-server.ts", env(i)));
    const data = await seed(nodes[0].ready);
    const parent = await newPage(nodes[0].ready, "Nodes bench");
    const pids = nodes.map((c) => c.pid);
    const scenarios: [string, (q: QuireReady) => Target][] = [
      ["GET page", (q) => ({ url: `${q.url}/v1/pages/${data.pageId}`, method: "GET", headers: apiHeaders(q) })],
      ["create page", (q) => ({ url: `${q.url}/v1/pages`, method: "POST", headers: { ...apiHeaders(q), "content-type": "application/json" }, body: JSON.stringify({ parent: { page_id: parent }, properties: { title: [{ text: { content: "Made by the bench" } }] } }) })],
    ];
    const rows: Row[] = [];
    // Writes never touch a standby: with one, only the reads are measured again.
    for (const [name, target] of replica ? scenarios.slice(0, 1) : scenarios) {
      const targets = nodes.map((c) => target(c.ready));
      if (warmup > 0) await spread(targets, pids, warmup);
      const r = await spread(targets, pids, seconds);
      const cpu = r.cpuUs === null ? "" : `  server CPU ${r.cpuUs.toFixed(0)} µs/req`;
      process.stdout.write(`  ${n} node(s)${replica ? " + standby" : ""}  ${name.padEnd(12)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms${cpu}${r.failure ? "  FAILED: " + r.failure : ""}\n`);
      rows.push({ nodes: n, replica, scenario: name, ...r });
    }
    return rows;
  } finally {
    await Promise.all(nodes.map((c) => c.close()));
  }
}

/**
 * The standby's URL for a bench database (`dbUrl`'s name on the standby's server), once the
 * standby has replayed its creation.
 */
async function standbyUrl(readUrl: string, dbUrl: string): Promise<string> {
  const u = new URL(readUrl);
  const name = new URL(dbUrl).pathname.slice(1);
  u.pathname = `/postgres`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    for (let i = 0; (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 0; i++) {
      if (i > 200) throw new Error(`the standby at ${readUrl} never received database ${name}: is it a standby of --database-url's server?`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await c.end();
  }
  u.pathname = `/${name}`;
  return u.toString();
}

async function main() {
  process.stdout.write(`Quire nodes bench — ${new Date().toISOString()}\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  process.stdout.write(`${connections} connections split over the nodes, ${warmup} s warm-up + ${seconds} s per scenario\n`);
  const tmp = mkdtempSync(join(tmpdir(), "quire-nodes-"));
  const dbs = await benchDatabases(opt["database-url"]!, counts.map((n) => `n${n}`));
  const rows: Row[] = [];
  try {
    for (const n of counts) {
      rows.push(...(await measureCount(n, dbs.urls[`n${n}`], tmp)));
      if (opt["read-database-url"]) rows.push(...(await measureCount(n, dbs.urls[`n${n}`], tmp, await standbyUrl(opt["read-database-url"], dbs.urls[`n${n}`]))));
    }
  } finally {
    await dbs.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const base = (s: string) => rows.find((r) => r.scenario === s && r.nodes === counts[0] && !r.replica)!.rps;
  process.stdout.write(`\nnodes  standby  scenario      req/s   p50 ms   p99 ms  CPU µs/req  vs ${counts[0]} node(s)\n`);
  for (const r of rows)
    process.stdout.write(
      `${String(r.nodes).padStart(5)}  ${(r.replica ? "yes" : "no").padEnd(7)}  ${r.scenario.padEnd(12)} ${r.rps.toFixed(0).padStart(6)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${(r.cpuUs === null ? "-" : r.cpuUs.toFixed(0)).padStart(10)}  ${((100 * r.rps) / base(r.scenario)).toFixed(0).padStart(6)}%${r.failure ? "  (FAILED)" : ""}\n`,
    );
  process.stdout.write(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ at: new Date().toISOString(), seconds, warmup, connections, rows }, null, 2));
}

await main();
