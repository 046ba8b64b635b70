/**
 * `npm run bench:million -- [--blocks N] [--database-url postgres://…]` — one workspace filled
 * with N blocks (1,000,000 by default) through Quire's HTTP API (bench/lib/million-fill.ts), then:
 *   - append throughput as the store grows: blocks/s and the server's CPU-ms per 100 blocks, per
 *     tenth of the fill (CPU per block is what a loaded machine does not distort);
 *   - latency (p50/p99, one request at a time) at full size of GET page, GET block, list children
 *     (first page, and deep cursor pages of the "Long log" page with N/10 children), search (by
 *     title and all pages) and a data-source query (filter and sort over N/500 rows);
 *   - the ceilings measured in the same run: a fastify hello-world (own process) for the HTTP
 *     requests, and the hand-written SQL of list children on the same database (bench/lib/million-sql.ts);
 *   - the server's peak RSS (VmHWM from /proc/<pid>/status; the database's own processes not
 *     counted) and its start-up time on the full store;
 *   - the server's V8 heap after each tenth of the fill (committed, used, per space) and its live
 *     heap once the fill is done (after two full collections), asked over IPC (bench/quire-server.ts).
 * With --database-url the same run is made on PostgreSQL (a database of its own beside the one
 * named, dropped at the end) and the two printed side by side.
 *
 * Options: --blocks N (1000000) --concurrency N (4 appenders) --samples N (200 per read)
 * --json FILE --database-url URL --keep (leave the SQLite data dir) --backends sqlite,postgres
 * --fill-seconds S (stop filling after S seconds and measure at the size reached)
 * --sqlite-mmap-mb A,B,… (SQLite: fill and measure with A MiB memory-mapped, then restart on the
 * full store with each further value and measure the reads and memory again; 0 = no map).
 */
import { parseArgs } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startChild, type Child } from "./lib/children.js";
import { measureCpu } from "./lib/cpu.js";
import { apiHeaders, type QuireReady } from "./lib/seed.js";
import { fill, type Filled } from "./lib/million-fill.js";
import { postgresCeiling, sqliteCeiling, type ListCeiling } from "./lib/million-sql.js";
import { benchDatabases } from "./lib/pg-databases.js";
import { closeConnections, fmt, send } from "./lib/sequential.js";
import { prng } from "./lib/prng.js";

const { values: opt } = parseArgs({
  options: {
    blocks: { type: "string", default: "1000000" },
    concurrency: { type: "string", default: "4" },
    samples: { type: "string", default: "200" },
    json: { type: "string" },
    "database-url": { type: "string" },
    keep: { type: "boolean", default: false },
    backends: { type: "string", default: "sqlite,postgres" },
    "fill-seconds": { type: "string", default: "86400" },
    "sqlite-mmap-mb": { type: "string" },
  },
});
const BLOCKS = Number(opt.blocks);
const SAMPLES = Number(opt.samples);
const STEP = Math.max(1000, Math.round(BLOCKS / 10));
const out = (s: string) => process.stdout.write(s + "\n");

/** The highest RssAnon seen by `memory` (the kernel keeps a peak only for the whole RSS, VmHWM). */
let anonPeak = 0;

/**
 * VmRSS, VmHWM and RssAnon of a process, in MB (NaN off Linux). RSS counts SQLite's memory-mapped
 * database pages (RssFile: the OS page cache, shared and reclaimable); RssAnon is the heap's.
 */
function memory(pid: number): { rss: number; peak: number; anon: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(/(\d+) kB/.exec(status.split("\n").find((l) => l.startsWith(k)) ?? "")?.[1] ?? NaN);
    const anon = kb("RssAnon:") / 1024;
    anonPeak = Math.max(anonPeak, anon);
    return { rss: kb("VmRSS:") / 1024, peak: kb("VmHWM:") / 1024, anon };
  } catch {
    return { rss: NaN, peak: NaN, anon: NaN };
  }
}

interface Step {
  blocks: number;
  seconds: number;
  blocksPerSecond: number;
  cpuMsPer100: number;
  rssMb: number;
  anonMb: number;
}

const rssOf = (pid: number) => {
  const m = memory(pid);
  return { rssMb: m.rss, anonMb: m.anon };
};

/** The server's heap (V8's committed and used, and memory outside it), printed after each tenth of the fill. */
async function heapLine(q: Child<QuireReady>) {
  const m = await q.ask<{ heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; spaces: Record<string, number> }>("memory", "memory");
  const mb = (n: number) => fmt(n / 1048576, 0);
  out(`             heap ${mb(m.heapTotal)} MB committed, ${mb(m.heapUsed)} used (old ${mb(m.spaces.old_space)}, new ${mb(m.spaces.new_space)}, large ${mb(m.spaces.large_object_space)}), external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`);
}

interface Latency {
  p50: number;
  p99: number;
}

interface BackendResult {
  backend: string;
  fillSeconds: number;
  /** Blocks written (the target, or fewer when --fill-seconds stopped the fill). */
  blocks: number;
  steps: Step[];
  reads: Record<string, Latency>;
  ceilings: Record<string, Latency>;
  peakRssMb: number;
  /** The highest RssAnon sampled (after each tenth of the fill and each kind of read). */
  peakAnonMb: number;
  startMsEmpty: number;
  startMsFull: number;
  rssAfterStartMb: number;
  /** SQLite with --sqlite-mmap-mb: the reads and memory again for each further map size. */
  mmap?: { mb: string; reads: Record<string, Latency>; peakRssMb: number; peakAnonMb: number }[];
}

const pct = (ms: number[], p: number) => {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (ms: number[]): Latency => ({ p50: pct(ms, 50), p99: pct(ms, 99) });

/** Times `SAMPLES` requests made by `make(i)` one at a time (after 10 untimed), checking each answers 200. */
async function timeRequests(make: (i: number) => [string, string, unknown?], q: { url: string; headers: Record<string, string> }, label = "", pid = 0): Promise<Latency> {
  const ms: number[] = [];
  const started = performance.now();
  for (let i = -10; i < SAMPLES; i++) {
    const [method, path, body] = make(i + 10);
    const t = performance.now();
    const res = await send(method, new URL(q.url + path), q.headers, body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
    const took = performance.now() - t;
    if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    if (i >= 0) ms.push(took);
  }
  if (pid) memory(pid);
  const l = summary(ms);
  if (label) out(`    ${label.padEnd(28)} p50 ${fmt(l.p50, 2)} ms  p99 ${fmt(l.p99, 2)} ms  (${fmt((performance.now() - started) / 1000, 1)} s)`);
  return l;
}

async function startQuire(env: Record<string, string>): Promise<{ child: Child<QuireReady>; ms: number }> {
  const t = performance.now();
  const child = await startChild<QuireReady>("quire-server.ts", env);
  return { child, ms: performance.now() - t };
}

/** The reads at full size, each with its own random targets (same seed on every backend). */
async function reads(q: QuireReady, pid: number, f: Filled): Promise<Record<string, Latency>> {
  const r = prng(42);
  const target = { url: q.url, headers: apiHeaders(q) };
  const pick = <T>(xs: T[]) => () => xs[r.int(xs.length)];
  const doc = pick(f.docs);
  const block = pick(f.blockSample);
  const deep = pick(f.deepCursors);
  const word = pick(["Document 1", "Document 77", "Area", "budgets", "Long"]);
  return {
    "GET page": await timeRequests(() => ["GET", `/v1/pages/${doc()}`], target, "GET page", pid),
    "GET block": await timeRequests(() => ["GET", `/v1/blocks/${block()}`], target, "GET block", pid),
    "list children, first 100": await timeRequests(() => ["GET", `/v1/blocks/${doc()}/children?page_size=100`], target, "list children, first 100", pid),
    "list children, deep cursor": await timeRequests(() => ["GET", `/v1/blocks/${f.longLogId}/children?page_size=100&start_cursor=${deep()}`], target, "list children, deep cursor", pid),
    "search by title": await timeRequests(() => ["POST", "/v1/search", { query: word(), page_size: 100 }], target, "search by title", pid),
    "search, all pages": await timeRequests(() => ["POST", "/v1/search", { filter: { property: "object", value: "page" }, page_size: 100 }], target, "search, all pages", pid),
    "data-source query": await timeRequests(
      () => ["POST", `/v1/data_sources/${f.dataSourceId}/query`, { filter: { property: "Points", number: { greater_than: r.int(90) } }, sorts: [{ property: "Points", direction: "descending" }], page_size: 100 }],
      target,
      "data-source query",
      pid,
    ),
  };
}

async function ceilings(hello: Child<{ url: string }>, list: ListCeiling, f: Filled): Promise<Record<string, Latency>> {
  const r = prng(42);
  const time = async (g: () => Promise<number>) => {
    const ms: number[] = [];
    for (let i = -10; i < SAMPLES; i++) {
      const t = await g();
      if (i >= 0) ms.push(t);
    }
    return summary(ms);
  };
  return {
    "hello-world": await timeRequests(() => ["GET", "/"], { url: hello.ready.url, headers: {} }),
    "SQL list, first 100": await time(() => list.time(f.docs[r.int(f.docs.length)], null, 100)),
    "SQL list, deep cursor": await time(() => list.time(f.longLogId, f.deepCursors[r.int(f.deepCursors.length)], 100)),
  };
}

async function runBackend(backend: string, env: Record<string, string>, sqlite: string | null, pgUrl: string | null, hello: Child<{ url: string }>): Promise<BackendResult> {
  out(`\n== ${backend}: filling ${BLOCKS.toLocaleString("en-US")} blocks (${opt.concurrency} appenders) ==`);
  anonPeak = 0;
  const first = await startQuire(env);
  const quire = first.child;
  const steps: Step[] = [];
  let last = { blocks: 0, seconds: 0 };
  let cpu = measureCpu(quire.pid);
  let f: Filled;
  const fillStart = performance.now();
  try {
    f = await fill(quire.ready, BLOCKS, Number(opt["fill-seconds"]), Number(opt.concurrency), STEP, (p) => {
      const share = cpu();
      cpu = measureCpu(quire.pid);
      const seconds = p.seconds - last.seconds;
      const done = p.blocks - last.blocks;
      const cpuMs = share ? share.server * seconds * 1000 : NaN;
      const s: Step = { blocks: p.blocks, seconds: p.seconds, blocksPerSecond: done / seconds, cpuMsPer100: (cpuMs / done) * 100, ...rssOf(quire.pid) };
      steps.push(s);
      void heapLine(quire);
      out(`  ${p.blocks.toLocaleString("en-US").padStart(10)} blocks  ${fmt(p.seconds, 0).padStart(6)} s  ${fmt(s.blocksPerSecond, 0).padStart(6)} blocks/s  ${fmt(s.cpuMsPer100, 1).padStart(6)} CPU-ms/100 blocks  RSS ${fmt(s.rssMb, 0)} MB (anon ${fmt(s.anonMb, 0)})  (others on the machine: ${fmt(share?.others ?? NaN, 2)} cores)`);
      last = p;
    });
    const fillSeconds = (performance.now() - fillStart) / 1000;
    if (f.blocks < BLOCKS) out(`  fill stopped by --fill-seconds at ${f.blocks.toLocaleString("en-US")} blocks`);
    const live = await quire.ask<{ heapUsed: number }>("live-heap", "live-heap");
    out(`  live heap after the fill (after a full collection): ${fmt(live.heapUsed / 1048576, 1)} MB`);
    out(`  reads at ${f.blocks.toLocaleString("en-US")} blocks (${SAMPLES} each)…`);
    const measured = await reads(quire.ready, quire.pid, f);
    const peakRssMb = memory(quire.pid).peak;
    const peakAnonMb = anonPeak;
    await quire.close();
    closeConnections();
    const list = sqlite ? sqliteCeiling(sqlite, f.millionId) : await postgresCeiling(pgUrl!, f.millionId);
    const ceiling = await ceilings(hello, list, f);
    await list.close();
    closeConnections();
    const again = await startQuire(env);
    const rssAfterStartMb = memory(again.child.pid).rss;
    await again.child.close();
    const mmap = sqlite ? await otherMaps(env, f) : undefined;
    return { backend, blocks: f.blocks, fillSeconds, steps, reads: measured, ceilings: ceiling, peakRssMb, peakAnonMb, startMsEmpty: first.ms, startMsFull: again.ms, rssAfterStartMb, mmap };
  } finally {
    await quire.close();
  }
}

/** The reads and memory on the full SQLite store again, restarted with each further --sqlite-mmap-mb value. */
async function otherMaps(env: Record<string, string>, f: Filled): Promise<BackendResult["mmap"]> {
  const sizes = (opt["sqlite-mmap-mb"] ?? "").split(",").filter(Boolean);
  const out: NonNullable<BackendResult["mmap"]> = [{ mb: sizes[0] ?? "default", reads: {}, peakRssMb: NaN, peakAnonMb: NaN }];
  for (const mb of sizes.slice(1)) {
    process.stdout.write(`  restarted with --sqlite-mmap-mb ${mb}: reads (${SAMPLES} each)…\n`);
    anonPeak = 0;
    const q = await startQuire({ ...env, QUIRE_SQLITE_MMAP_MB: mb });
    try {
      const reads_ = await reads(q.child.ready, q.child.pid, f);
      out.push({ mb, reads: reads_, peakRssMb: memory(q.child.pid).peak, peakAnonMb: anonPeak });
    } finally {
      await q.child.close();
      closeConnections();
    }
  }
  return out.length > 1 ? out : undefined;
}

function print(results: BackendResult[]) {
  const col = (s: string) => s.padStart(24);
  out(`\n${BLOCKS.toLocaleString("en-US")} blocks, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the end`);
  out(`${"".padEnd(30)}${results.map((r) => col(r.backend)).join("")}`);
  const row = (label: string, f: (r: BackendResult) => string) => out(`${label.padEnd(30)}${results.map((r) => col(f(r))).join("")}`);
  row("blocks written", (r) => r.blocks.toLocaleString("en-US"));
  row("fill time", (r) => `${fmt(r.fillSeconds, 0)} s`);
  for (let i = 0; i < (results[0]?.steps.length ?? 0); i++) {
    row(`append @ ${results[0].steps[i].blocks.toLocaleString("en-US")}`, (r) => (r.steps[i] ? `${fmt(r.steps[i].blocksPerSecond, 0)}/s ${fmt(r.steps[i].cpuMsPer100, 1)} ms/100` : "—"));
  }
  const hello = (r: BackendResult) => r.ceilings["hello-world"].p50;
  for (const k of Object.keys(results[0]?.reads ?? {})) {
    row(`${k} p50/p99 ms`, (r) => `${fmt(r.reads[k].p50, 2)}/${fmt(r.reads[k].p99, 2)} (${fmt(r.reads[k].p50 / hello(r), 1)}×)`);
  }
  for (const k of Object.keys(results[0]?.ceilings ?? {})) row(`ceiling: ${k} p50/p99`, (r) => `${fmt(r.ceilings[k].p50, 2)}/${fmt(r.ceilings[k].p99, 2)}`);
  row("list first 100 vs SQL (p50)", (r) => `${fmt(r.reads["list children, first 100"].p50 / r.ceilings["SQL list, first 100"].p50, 1)}×`);
  row("list deep vs SQL (p50)", (r) => `${fmt(r.reads["list children, deep cursor"].p50 / r.ceilings["SQL list, deep cursor"].p50, 1)}×`);
  row("server peak RSS (VmHWM)", (r) => `${fmt(r.peakRssMb, 0)} MB`);
  row("  of it anonymous (peak seen)", (r) => `${fmt(r.peakAnonMb, 0)} MB`);
  row("start-up: empty → full", (r) => `${fmt(r.startMsEmpty, 0)} → ${fmt(r.startMsFull, 0)} ms`);
  row("RSS after start on full", (r) => `${fmt(r.rssAfterStartMb, 0)} MB`);
  out("(×: p50 over the hello-world's p50, one request at a time; ms/100: the server's CPU-ms per 100 blocks appended)");
  for (const r of results) {
    if (!r.mmap) continue;
    out(`\n${r.backend} restarted on the full store with each --sqlite-mmap-mb (reads p50/p99 ms, × hello-world p50)`);
    const maps = r.mmap.slice(1);
    const line = (label: string, f: (m: (typeof maps)[number]) => string, first: string) => out(`${label.padEnd(30)}${[first, ...maps.map(f)].map((s) => s.padStart(24)).join("")}`);
    line("mmap MiB", (m) => m.mb, `${r.mmap[0].mb} (the fill's)`);
    for (const k of Object.keys(r.reads)) line(k, (m) => `${fmt(m.reads[k].p50, 2)}/${fmt(m.reads[k].p99, 2)} (${fmt(m.reads[k].p50 / r.ceilings["hello-world"].p50, 1)}×)`, `${fmt(r.reads[k].p50, 2)}/${fmt(r.reads[k].p99, 2)} (${fmt(r.reads[k].p50 / r.ceilings["hello-world"].p50, 1)}×)`);
    line("VmHWM", (m) => `${fmt(m.peakRssMb, 0)} MB`, `${fmt(r.peakRssMb, 0)} MB`);
    line("RssAnon (peak seen)", (m) => `${fmt(m.peakAnonMb, 0)} MB`, `${fmt(r.peakAnonMb, 0)} MB`);
  }
}

const tmp = mkdtempSync(join(tmpdir(), "quire-million-"));
const hello = await startChild<{ url: string }>("hello-server.ts", {});
const databases = opt["database-url"] ? await benchDatabases(opt["database-url"], ["million"]) : null;
const results: BackendResult[] = [];
try {
  const dir = join(tmp, "sqlite");
  const backends = opt.backends.split(",");
  const firstMap = opt["sqlite-mmap-mb"]?.split(",")[0];
  const sqliteEnv: Record<string, string> = { QUIRE_BENCH_DATA_DIR: dir, ...(firstMap ? { QUIRE_SQLITE_MMAP_MB: firstMap } : {}) };
  if (backends.includes("sqlite")) results.push(await runBackend("SQLite", sqliteEnv, join(dir, "quire.db"), null, hello));
  if (databases && backends.includes("postgres")) {
    const url = databases.urls.million;
    results.push(await runBackend("PostgreSQL", { QUIRE_BENCH_DATA_DIR: join(tmp, "pg"), QUIRE_BENCH_DATABASE_URL: url }, null, url, hello));
  }
  print(results);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ blocks: BLOCKS, at: new Date().toISOString(), results }, null, 2));
} finally {
  await hello.close();
  await databases?.drop();
  if (!opt.keep) rmSync(tmp, { recursive: true, force: true });
  else out(`data kept in ${tmp}`);
}
