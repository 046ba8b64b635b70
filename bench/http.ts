/**
 * `npm run bench` — Quire's HTTP throughput beside its ceilings, measured in the same run:
 *   - a fastify hello-world (same fastify, own child process): the HTTP ceiling;
 *   - the same SELECTs run with better-sqlite3 on the same file: the database ceiling.
 * Quire and the hello-world each run in a child process on their own event loop; the load
 * generator (autocannon) runs here. Quire keeps its data in a fresh temp dir (file-backed, WAL);
 * "append" has a Quire and data dir of its own, so the read scenarios see the same rows in
 * every round, and appends to a new page each round (the page grows by 100 blocks a request).
 *
 * With --database-url postgres://… the same scenarios run again on PostgreSQL (two databases
 * made beside the one named, dropped at the end; bytes of uploads in the database too) and the
 * two backends are printed side by side. The raw-SQL ceiling is SQLite's only.
 *
 * Options: --duration S (10) --warmup S (3) --connections N (10) --rounds N (1, interleaved;
 * the table shows medians) --sql-seconds S (3) --only id,id (hello,get-page,get-page-fresh,
 * get-page-after-other,get-page-after-same,list-children,append-children; "get-page" repeats one
 * GET, answered from the response cache on SQLite after the first; "get-page-fresh" is the same
 * GET as the first after a write that made the store forget everything; "get-page-after-other"
 * and "-same" the first after a real update of another page / of this page, which makes the
 * store forget only what was read from the tables it wrote) --profile DIR (node --cpu-prof on every server child) --json FILE
 * --database-url URL.
 * See docs/PERFORMANCE.md for what the figures mean and the ones recorded so far.
 */
import { parseArgs } from "node:util";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { startChild, type Child } from "./lib/children.js";
import { drive, type LoadResult, type Target } from "./lib/load.js";
import { sqlCeiling, TRANSACTION_CONTROL, type SqlCeiling } from "./lib/sql-ceiling.js";
import { apiHeaders, call, hundredParagraphs, newPage, seed, type QuireReady, type Seeded } from "./lib/seed.js";
import type { TracedStatement } from "./quire-server.js";
import { benchDatabases } from "./lib/pg-databases.js";

const { values: opt } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "1" },
    "sql-seconds": { type: "string", default: "3" },
    only: { type: "string" },
    profile: { type: "string" },
    json: { type: "string" },
    "database-url": { type: "string" },
  },
});
const seconds = Number(opt.duration);
const warmup = Number(opt.warmup);
const connections = Number(opt.connections);
const rounds = Number(opt.rounds);
const sqlSeconds = Number(opt["sql-seconds"]);

interface Scenario {
  id: string;
  label: string;
  target: Target;
  server: Child<unknown>;
  /** Throws unless one answer has the expected shape (so we never time an error path). */
  verify(body: any): void;
  /** For reads: the statements Quire ran for one request, replayed for the SQL ceiling. */
  sql?: TracedStatement[];
  /** Runs before each round (append starts every round on a new, empty page). */
  prepare?(): Promise<void>;
}

const expect = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`unexpected answer: ${what}`);
};

interface Servers {
  hello: Child<{ url: string }>;
  /** Serves the read scenarios; its database is the seeded one, unchanged by the bench. */
  reads: Child<QuireReady>;
  /** Serves "append": its own data dir, so the rows it adds never reach the read scenarios. */
  writes: Child<QuireReady>;
  /**
   * Serves "GET page after a write": on SQLite a copy of the seeded data dir whose store forgets
   * everything before each request (QUIRE_BENCH_FORGET_EACH_REQUEST, bench/quire-server.ts); on
   * PostgreSQL, where nothing is kept between requests, the reads server.
   */
  fresh: Child<QuireReady>;
  /**
   * Serve "GET page after a write to another page" and "… to this page": on SQLite copies of the
   * seeded data dir where each GET arrives as if one real page update (made once, before timing)
   * had just ended (QUIRE_BENCH_REPEAT_WRITE, bench/quire-server.ts); on PostgreSQL the reads server.
   */
  afterOther: Child<QuireReady>;
  afterSame: Child<QuireReady>;
}

function scenarios(servers: Servers, data: Seeded, traces: Record<string, TracedStatement[]>): Scenario[] {
  const { hello, reads, writes, fresh, afterOther, afterSame } = servers;
  const get = (q: QuireReady, path: string): Target => ({ url: q.url + path, method: "GET", headers: apiHeaders(q) });
  const all: Scenario[] = [
    {
      id: "hello",
      label: "fastify hello-world",
      target: { url: hello.ready.url + "/", method: "GET", headers: {} },
      server: hello,
      verify: (b) => expect(b.hello === "world", "hello-world body"),
    },
    {
      id: "get-page",
      label: "GET page",
      target: get(reads.ready, `/v1/pages/${data.pageId}`),
      server: reads,
      verify: (b) => expect(b.object === "page" && b.id === data.pageId, "a page"),
      sql: traces["get-page"],
    },
    {
      id: "get-page-fresh",
      label: "GET page after a write",
      target: get(fresh.ready, `/v1/pages/${data.pageId}`),
      server: fresh,
      verify: (b) => expect(b.object === "page" && b.id === data.pageId, "a page"),
      sql: traces["get-page"],
    },
    {
      id: "get-page-after-other",
      label: "GET page after a write to another page",
      target: get(afterOther.ready, `/v1/pages/${data.pageId}`),
      server: afterOther,
      verify: (b) => expect(b.object === "page" && b.id === data.pageId, "a page"),
      sql: traces["get-page"],
    },
    {
      id: "get-page-after-same",
      label: "GET page after a write to this page",
      target: get(afterSame.ready, `/v1/pages/${data.pageId}`),
      server: afterSame,
      verify: (b) => expect(b.object === "page" && b.id === data.pageId, "a page"),
      sql: traces["get-page"],
    },
    {
      id: "list-children",
      label: "list 100 children",
      target: get(reads.ready, `/v1/blocks/${data.pageId}/children?page_size=100`),
      server: reads,
      verify: (b) => expect(b.results?.length === 100 && b.has_more === false, "100 children"),
      sql: traces["list-children"],
    },
    {
      id: "append-children",
      label: "append 100 children",
      // The URL is set by prepare(), on a page of the writes server.
      target: { ...get(writes.ready, ""), method: "PATCH", body: JSON.stringify(hundredParagraphs()) },
      server: writes,
      verify: (b) => expect(b.results?.length === 100, "100 new blocks"),
      async prepare() {
        this.target.url = `${writes.ready.url}/v1/blocks/${await newPage(writes.ready, "Append sink")}/children`;
      },
    },
  ];
  const only = opt.only?.split(",");
  return only ? all.filter((s) => only.includes(s.id)) : all;
}

/** Seeds through a Quire that records its SQL, and keeps the statements of one request of each kind. */
async function seedAndTrace(dataDir: string) {
  const traced = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dataDir, QUIRE_BENCH_TRACE_SQL: "1" });
  try {
    const data = await seed(traced.ready);
    const q = traced.ready;
    const paths: Record<string, [string, string, unknown?]> = {
      "get-page": ["GET", `/v1/pages/${data.pageId}`],
      "list-children": ["GET", `/v1/blocks/${data.pageId}/children?page_size=100`],
      "append-children": ["PATCH", `/v1/blocks/${data.sinkId}/children`, hundredParagraphs()],
    };
    const traces: Record<string, TracedStatement[]> = {};
    const repeated: Record<string, TracedStatement[]> = {};
    const trace = async (method: string, path: string, body: unknown) => {
      await traced.ask("trace-start", "trace-started");
      await call(q, method, path, body);
      return (await traced.ask<{ statements: TracedStatement[] }>("trace-stop", "trace")).statements;
    };
    for (const [id, [method, path, body]] of Object.entries(paths)) {
      // A write first empties what the SQLite store remembers between requests (the token's owner,
      // the node in sight: src/storage/sqlite-read-cache.ts), so the trace holds every statement
      // of a request that finds nothing remembered: the raw-SQL ceiling replays those.
      await call(q, "PATCH", "/_quire/v1/workspace", {}, { authorization: `Bearer ${q.adminKey}`, "content-type": "application/json" });
      traces[id] = await trace(method, path, body);
      // Sent again, as the timed loop sends it over and over.
      repeated[id] = await trace(method, path, body);
    }
    return { data, traces, repeated };
  } finally {
    await traced.close();
  }
}

interface Measured {
  load: LoadResult[];
  sql: SqlCeiling[];
}

async function measure(list: Scenario[], dbFile: string | null): Promise<Map<string, Measured>> {
  const out = new Map<string, Measured>(list.map((s) => [s.id, { load: [], sql: [] }]));
  for (let round = 1; round <= rounds; round++) {
    for (const s of list) {
      await s.prepare?.();
      const o = { connections, serverPid: s.server.pid };
      if (warmup > 0) await drive(s.target, { ...o, seconds: warmup });
      const r = await drive(s.target, { ...o, seconds });
      out.get(s.id)!.load.push(r);
      process.stdout.write(`  round ${round}  ${s.label.padEnd(20)} ${fmt(r.rps, 0).padStart(7)} req/s  p99 ${fmt(r.p99, 2)} ms  ${cpuText(r)}${r.failure ? "  FAILED: " + r.failure : ""}\n`);
    }
    for (const s of list) {
      if (!s.sql || dbFile === null) continue;
      const c = sqlCeiling(dbFile, s.sql, sqlSeconds);
      out.get(s.id)!.sql.push(c);
      const each = c.statements.map((st) => `${st.micros.toFixed(1)} µs ${st.sql.split(" ").slice(0, 3).join(" ")}…`).join("; ");
      process.stdout.write(`  round ${round}  raw SQL of ${s.label.padEnd(13)} ${fmt(c.opsPerSecond, 0).padStart(7)} ops/s — alone: ${each}\n`);
    }
  }
  return out;
}

const fmt = (n: number, digits: number) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : "n/a");
/** Median of the finite values (a run with no answers has no latency). */
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
function cpuText(r: LoadResult) {
  return r.cpu ? `cpu: server ${r.cpu.server.toFixed(2)}, loadgen ${r.cpu.loadgen.toFixed(2)}, others ${r.cpu.others.toFixed(2)}` : "cpu: n/a";
}

function report(list: Scenario[], results: Map<string, Measured>) {
  const helloRps = results.has("hello") ? median(results.get("hello")!.load.map((r) => r.rps)) : NaN;
  const rows = [["scenario", "req/s", "spread", "p50 ms", "p99 ms", "vs hello", "SQL ops/s", "vs SQL", "srv µs/req", "srv CPU", "others CPU"]];
  for (const s of list) {
    const { load, sql } = results.get(s.id)!;
    const rps = load.map((r) => r.rps);
    const sqlOps = median(sql.map((c) => c.opsPerSecond));
    const spread = rps.length > 1 ? `±${((100 * (Math.max(...rps) - Math.min(...rps))) / 2 / median(rps)).toFixed(1)}%` : "-";
    const cpu = (f: (r: LoadResult) => number | undefined) => median(load.map((r) => f(r) ?? NaN));
    rows.push([
      s.label + (load.some((r) => r.failure) ? " (FAILED)" : ""),
      fmt(median(rps), 0),
      spread,
      fmt(median(load.map((r) => r.p50)), 2),
      fmt(median(load.map((r) => r.p99)), 2),
      s.id === "hello" ? "100%" : pct(median(rps) / helloRps),
      s.sql ? fmt(sqlOps, 0) : "-",
      s.sql ? pct(median(rps) / sqlOps) : "-",
      fmt(cpu((r) => (r.cpu ? (r.cpu.server * 1e6) / r.rps : undefined)), 0),
      fmt(cpu((r) => r.cpu?.server), 2),
      fmt(cpu((r) => r.cpu?.others), 2),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  process.stdout.write(`\n${line(rows[0])}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.slice(1).map(line).join("\n")}\n`);
  for (const [id, what] of [
    ["get-page", "GET page (repeated)"],
    ["get-page-fresh", "GET page after a write"],
    ["get-page-after-other", "GET page after a write to another page"],
    ["get-page-after-same", "GET page after a write to this page"],
  ]) {
    const getPage = results.get(id);
    if (!getPage || !Number.isFinite(helloRps)) continue;
    const ratio = median(getPage.load.map((r) => r.rps)) / helloRps;
    // The same goal in server CPU per request: what a core does alone, less hostage to the load
    // generator sharing the cores (the hello-world's server is the one starved of CPU).
    const us = (m: Measured) => median(m.load.map((r) => (r.cpu ? (r.cpu.server * 1e6) / r.rps : NaN)));
    const byCpu = results.has("hello") ? us(results.get("hello")!) / us(getPage) : NaN;
    process.stdout.write(`\nGoal "${what} >= 50% of hello-world": ${ratio >= 0.5 ? "met" : "NOT met"} (${pct(ratio)} by req/s; ${pct(byCpu)} by server CPU per request).`);
  }
  process.stdout.write("\n");
  process.stdout.write(
    "srv µs/req: the server process's CPU time per answered request. CPU columns: cores' worth (1.00 = one core busy);\n" +
      "'others' is CPU used by processes outside this bench during the run: noise.\n",
  );
}

function header() {
  const require = createRequire(import.meta.url);
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  const cpu = cpus();
  process.stdout.write(
    [
      `Quire HTTP bench — ${new Date().toISOString()}`,
      `machine: ${cpu.length} × ${cpu[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
      `node ${process.version}, fastify ${version("fastify")}, better-sqlite3 ${version("better-sqlite3")}, autocannon ${version("autocannon")}`,
      `${connections} connections, ${warmup} s warm-up + ${seconds} s per scenario, ${rounds} round(s); raw SQL ${sqlSeconds} s per read`,
      "",
    ].join("\n"),
  );
}

/** Where a run's two Quires keep their data: data dirs (SQLite) or database URLs (PostgreSQL). */
interface Backend {
  name: "SQLite" | "PostgreSQL";
  reads: Record<string, string>;
  writes: Record<string, string>;
}

/** Seeds, starts the two Quires of `backend` beside `hello`, measures; returns the scenarios and results. */
async function runOn(backend: Backend, hello: Child<{ url: string }>, start: <T>(script: string, env: Record<string, string>) => Promise<Child<T>>, dbFile: string | null) {
  process.stdout.write(`\n== ${backend.name}\n`);
  let data: Seeded;
  let traces: Record<string, TracedStatement[]> = {};
  if (backend.name === "SQLite") {
    let repeated: Record<string, TracedStatement[]>;
    ({ data, traces, repeated } = await seedAndTrace(backend.reads.QUIRE_BENCH_DATA_DIR));
    const counted = (t: TracedStatement[]) => {
      const units = t.filter((s) => TRANSACTION_CONTROL.test(s.sql)).length;
      return `${t.length - units} statements${units ? ` (+ ${units} BEGIN/COMMIT)` : ""}`;
    };
    for (const [id, t] of Object.entries(traces)) process.stdout.write(`SQL per request, ${id}: ${counted(t)} after a write; ${counted(repeated[id])} repeated\n`);
  } else {
    const seeder = await startChild<QuireReady>("quire-server.ts", backend.reads);
    try {
      data = await seed(seeder.ready);
    } finally {
      await seeder.close();
    }
  }
  const reads = await start<QuireReady>("quire-server.ts", backend.reads);
  const writes = await start<QuireReady>("quire-server.ts", backend.writes);
  let fresh = reads;
  if (backend.name === "SQLite" && (!opt.only || opt.only.split(",").includes("get-page-fresh"))) {
    // The seeded file, copied while no process has it open (the reads server holds its own).
    const dir = backend.reads.QUIRE_BENCH_DATA_DIR + "-fresh";
    cpSync(backend.reads.QUIRE_BENCH_DATA_DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".lock") });
    fresh = await start<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dir, QUIRE_BENCH_FORGET_EACH_REQUEST: "1" });
  }
  const wanted = (id: string) => !opt.only || opt.only.split(",").includes(id);
  let afterOther = reads;
  let afterSame = reads;
  if (backend.name === "SQLite") {
    // One real page update (an icon set: the answer's shape stays the same), then every GET
    // arrives as if it had just ended; the tables it wrote are printed.
    const afterWrite = async (suffix: string, pageId: string) => {
      const dir = backend.reads.QUIRE_BENCH_DATA_DIR + suffix;
      cpSync(backend.reads.QUIRE_BENCH_DATA_DIR, dir, { recursive: true, filter: (src) => !src.endsWith(".lock") });
      const child = await start<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dir, QUIRE_BENCH_REPEAT_WRITE: "1" });
      await call(child.ready, "PATCH", `/v1/pages/${pageId}`, { icon: { type: "emoji", emoji: "📄" } });
      const { tables, rows } = await child.ask<{ tables: string[]; rows: string[] }>("keep-last-write", "kept-last-write");
      process.stdout.write(`tables the page update wrote (${suffix.slice(1)}): ${tables.join(", ")}; rows reported: ${rows.join(", ") || "none"}\n`);
      return child;
    };
    if (wanted("get-page-after-other")) afterOther = await afterWrite("-other", data.sinkId);
    if (wanted("get-page-after-same")) afterSame = await afterWrite("-same", data.pageId);
  }
  const servers: Servers = { reads, writes, fresh, hello, afterOther, afterSame };
  process.stdout.write(`server pids: quire (reads) ${reads.pid}, quire (writes) ${writes.pid}, quire (after a write) ${fresh.pid}, (after a write to another page) ${afterOther.pid}, (to this page) ${afterSame.pid}, hello-world ${servers.hello.pid}\n`);
  const list = scenarios(servers, data, traces);
  for (const s of list) {
    await s.prepare?.();
    s.verify(await (await fetch(s.target.url, s.target)).json());
  }
  const results = await measure(list, dbFile);
  report(list, results);
  await Promise.all([reads, writes, fresh, afterOther, afterSame].filter((c, i, all) => all.indexOf(c) === i).map((c) => c.close()));
  return { list, results };
}

/** Both backends' medians, one row per scenario. */
function sideBySide(sqlite: Map<string, Measured>, pgResults: Map<string, Measured>, list: Scenario[]) {
  const rows = [["scenario", "SQLite req/s", "p99 ms", "PostgreSQL req/s", "p99 ms", "PG / SQLite"]];
  for (const s of list) {
    const a = sqlite.get(s.id)!.load;
    const b = pgResults.get(s.id)?.load ?? [];
    const ra = median(a.map((r) => r.rps));
    const rb = median(b.map((r) => r.rps));
    rows.push([s.label, fmt(ra, 0), fmt(median(a.map((r) => r.p99)), 2), fmt(rb, 0), fmt(median(b.map((r) => r.p99)), 2), s.id === "hello" ? "-" : pct(rb / ra)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  process.stdout.write(`\n== SQLite and PostgreSQL side by side (medians)\n${line(rows[0])}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.slice(1).map(line).join("\n")}\n`);
}

async function main() {
  header();
  const tmp = mkdtempSync(join(tmpdir(), "quire-bench-"));
  const [readsDir, writesDir] = [join(tmp, "reads"), join(tmp, "writes")];
  const children: Child<unknown>[] = [];
  const start = async <T>(script: string, env: Record<string, string>) => {
    const child = await startChild<T>(script, env, opt.profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(opt.profile)}`] : []);
    children.push(child);
    return child;
  };
  const databases = opt["database-url"] ? await benchDatabases(opt["database-url"], ["reads", "writes"]) : null;
  try {
    const hello = await start<{ url: string }>("hello-server.ts", {});
    const sqlite = await runOn({ name: "SQLite", reads: { QUIRE_BENCH_DATA_DIR: readsDir }, writes: { QUIRE_BENCH_DATA_DIR: writesDir } }, hello, start, join(readsDir, "quire.db"));
    let postgres: Awaited<ReturnType<typeof runOn>> | null = null;
    if (databases) {
      const on = (db: string, dir: string) => ({ QUIRE_BENCH_DATA_DIR: join(tmp, dir), QUIRE_BENCH_DATABASE_URL: databases.urls[db] });
      postgres = await runOn({ name: "PostgreSQL", reads: on("reads", "pg-reads"), writes: on("writes", "pg-writes") }, hello, start, null);
      sideBySide(sqlite.results, postgres.results, sqlite.list);
    }
    process.stdout.write(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
    if (opt.json) {
      const backends = { sqlite: Object.fromEntries(sqlite.results), ...(postgres ? { postgres: Object.fromEntries(postgres.results) } : {}) };
      writeFileSync(opt.json, JSON.stringify({ at: new Date().toISOString(), seconds, warmup, connections, results: backends }, null, 2));
    }
  } finally {
    await Promise.all(children.map((c) => c.close().catch(() => undefined)));
    await databases?.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (opt.profile) process.stdout.write(`CPU profiles written to ${resolve(opt.profile)}: CPU.*.<pid>.0.*.cpuprofile is each child's main thread\n`);
}

await main();
