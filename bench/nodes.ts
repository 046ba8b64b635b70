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
 */
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startChild, type Child } from "./lib/children.js";
import { drive, type LoadResult, type Target } from "./lib/load.js";
import { apiHeaders, newPage, seed, type QuireReady } from "./lib/seed.js";
import { benchDatabases } from "./lib/pg-databases.js";

const { values: opt } = parseArgs({
  options: {
    "database-url": { type: "string" },
    nodes: { type: "string", default: "1,2,4" },
    duration: { type: "string", default: "8" },
    warmup: { type: "string", default: "2" },
    connections: { type: "string", default: "16" },
    json: { type: "string" },
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
  scenario: string;
  rps: number;
  p99: number;
  failure: string | null;
}

/** Drives the same kind of request at every node at once (connections split evenly); sums their answers. */
async function spread(targets: Target[], pids: number[], secs: number): Promise<{ rps: number; p99: number; failure: string | null }> {
  const per = Math.max(1, Math.round(connections / targets.length));
  const results: LoadResult[] = await Promise.all(targets.map((t, i) => drive(t, { connections: per, seconds: secs, serverPid: pids[i] })));
  const failure = results.map((r) => r.failure).filter(Boolean).join("; ") || null;
  return { rps: results.reduce((n, r) => n + r.rps, 0), p99: Math.max(...results.map((r) => r.p99)), failure };
}

async function measureCount(n: number, url: string, tmp: string): Promise<Row[]> {
  const nodes: Child<QuireReady>[] = [];
  try {
    for (let i = 0; i < n; i++) nodes.push(await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: join(tmp, `n${n}-${i}`), QUIRE_BENCH_DATABASE_URL: url }));
    const data = await seed(nodes[0].ready);
    const parent = await newPage(nodes[0].ready, "Nodes bench");
    const pids = nodes.map((c) => c.pid);
    const scenarios: [string, (q: QuireReady) => Target][] = [
      ["GET page", (q) => ({ url: `${q.url}/v1/pages/${data.pageId}`, method: "GET", headers: apiHeaders(q) })],
      ["create page", (q) => ({ url: `${q.url}/v1/pages`, method: "POST", headers: { ...apiHeaders(q), "content-type": "application/json" }, body: JSON.stringify({ parent: { page_id: parent }, properties: { title: [{ text: { content: "Made by the bench" } }] } }) })],
    ];
    const rows: Row[] = [];
    for (const [name, target] of scenarios) {
      const targets = nodes.map((c) => target(c.ready));
      if (warmup > 0) await spread(targets, pids, warmup);
      const r = await spread(targets, pids, seconds);
      process.stdout.write(`  ${n} node(s)  ${name.padEnd(12)} ${r.rps.toFixed(0).padStart(6)} req/s  p99 ${r.p99.toFixed(1)} ms${r.failure ? "  FAILED: " + r.failure : ""}\n`);
      rows.push({ nodes: n, scenario: name, ...r });
    }
    return rows;
  } finally {
    await Promise.all(nodes.map((c) => c.close()));
  }
}

async function main() {
  process.stdout.write(`Quire nodes bench — ${new Date().toISOString()}\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  process.stdout.write(`${connections} connections split over the nodes, ${warmup} s warm-up + ${seconds} s per scenario\n`);
  const tmp = mkdtempSync(join(tmpdir(), "quire-nodes-"));
  const dbs = await benchDatabases(opt["database-url"]!, counts.map((n) => `n${n}`));
  const rows: Row[] = [];
  try {
    for (const n of counts) rows.push(...(await measureCount(n, dbs.urls[`n${n}`], tmp)));
  } finally {
    await dbs.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const base = (s: string) => rows.find((r) => r.scenario === s && r.nodes === counts[0])!.rps;
  process.stdout.write(`\nnodes  scenario      req/s   p99 ms  vs ${counts[0]} node(s)\n`);
  for (const r of rows) process.stdout.write(`${String(r.nodes).padStart(5)}  ${r.scenario.padEnd(12)} ${r.rps.toFixed(0).padStart(6)}  ${r.p99.toFixed(1).padStart(7)}  ${((100 * r.rps) / base(r.scenario)).toFixed(0).padStart(6)}%${r.failure ? "  (FAILED)" : ""}\n`);
  process.stdout.write(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ at: new Date().toISOString(), seconds, warmup, connections, rows }, null, 2));
}

await main();
