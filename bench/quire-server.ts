/**
 * Child process of bench/http.ts and bench/nodes.ts: one Quire on a file-backed data dir (or on
 * PostgreSQL with QUIRE_BENCH_DATABASE_URL), driven over IPC so the server never shares an event
 * loop with the load generator. With QUIRE_BENCH_TRACE_SQL=1 it
 * also records every SQL statement it runs between "trace-start" and "trace-stop" (the bench
 * replays them for the raw-SQL ceiling); the timed server is always started without it.
 */
import Database from "better-sqlite3";
import { Server } from "node:http";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join, resolve } from "node:path";
import { startQuire } from "../src/index.js";
import { forgetReads, lastWrite, repeatWrite } from "../src/storage/sqlite-owner.js";
import type { WriteSet } from "../src/storage/sqlite-read-cache.js";
import { installBreakdown, type Span } from "./lib/breakdown.js";

export interface TracedStatement {
  sql: string;
  method: "get" | "all" | "run" | "iterate";
  params: unknown[];
  reader: boolean;
}

let tracing = false;
const traced: TracedStatement[] = [];

/** Wraps the Statement prototype so each execution is recorded while tracing is on. */
function installSqlTracer() {
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ["get", "all", "run", "iterate"] as const) {
    const original = proto[method];
    proto[method] = function (this: Database.Statement, ...params: unknown[]) {
      if (tracing) traced.push({ sql: this.source, method, params, reader: this.reader });
      return original.apply(this, params);
    };
  }
}

if (process.env.QUIRE_BENCH_TRACE_SQL === "1") installSqlTracer();

/**
 * QUIRE_BENCH_FORGET_EACH_REQUEST=1 (SQLite): as each request arrives the store forgets what it
 * remembers and moves its write generation, as the end of a write unit does — every GET is the
 * first after a write (no kept answer, nothing remembered), without the write's own cost
 * (bench/http.ts, "GET page after a write").
 */
function forgetBeforeEachRequest(dataDir: string) {
  const file = join(resolve(dataDir), "quire.db");
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") forgetReads(file);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

if (process.env.QUIRE_BENCH_FORGET_EACH_REQUEST === "1" && process.env.QUIRE_BENCH_DATA_DIR) forgetBeforeEachRequest(process.env.QUIRE_BENCH_DATA_DIR);

/**
 * QUIRE_BENCH_REPEAT_WRITE=1 (SQLite): after the IPC message "keep-last-write" (sent once the bench
 * has made one real write, e.g. a page update), each GET arrives as if that write had just ended:
 * the store forgets what a unit writing the same tables and rows makes it forget (per table, and
 * per node for nodes in sight: src/storage/sqlite-read-cache.ts) and moves its generation (so no answer is kept) — without the
 * write's own cost (bench/http.ts, "GET page after a write to another page / to this page").
 */
let repeating: WriteSet | null = null;
function repeatWriteBeforeEachGet(dataDir: string) {
  const file = join(resolve(dataDir), "quire.db");
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && repeating && (args[0] as { method?: string }).method === "GET") repeatWrite(file, repeating);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

if (process.env.QUIRE_BENCH_REPEAT_WRITE === "1" && process.env.QUIRE_BENCH_DATA_DIR) repeatWriteBeforeEachGet(process.env.QUIRE_BENCH_DATA_DIR);

// QUIRE_SQLITE_MMAP_MB as `quire serve` reads it (bench/million.ts --sqlite-mmap-mb).
const mmap = process.env.QUIRE_SQLITE_MMAP_MB;
// QUIRE_SERVER_TIMING=1: answers carry the statements they ran (bench:query counts them on a server of its own, never the timed one).
const serverTiming = process.env.QUIRE_SERVER_TIMING === "1";
// QUIRE_BENCH_READ_DATABASE_URL: a standby to read from (bench/nodes.ts --read-database-url).
const readDatabaseUrls = process.env.QUIRE_BENCH_READ_DATABASE_URL ? [process.env.QUIRE_BENCH_READ_DATABASE_URL] : undefined;
// QUIRE_RESPONSE_CACHE=0 as `quire serve` reads it: GET answers are not kept (an A/B of the response cache).
const responseCache = process.env.QUIRE_RESPONSE_CACHE !== "0";
// QUIRE_REQUEST_LOG_SIZE as `quire serve` reads it (0: the request log is off — an A/B of its cost, and its ring of bodies is the largest heap on appends).
const requestLogSize = process.env.QUIRE_REQUEST_LOG_SIZE ? Number(process.env.QUIRE_REQUEST_LOG_SIZE) : undefined;
// QUIRE_BENCH_BREAKDOWN=1: a timeline of requests, pg checkouts and statements, GC and loop stalls (bench/lib/breakdown.ts; bench:query --breakdown).
const takeSpans: (() => Span[]) | null = process.env.QUIRE_BENCH_BREAKDOWN === "1" ? installBreakdown() : null;
const q = await startQuire({ dataDir: process.env.QUIRE_BENCH_DATA_DIR, databaseUrl: process.env.QUIRE_BENCH_DATABASE_URL || undefined, secretKey: process.env.QUIRE_SECRET_KEY || undefined, readDatabaseUrls, port: 0, sqliteMmapMb: mmap ? Number(mmap) : undefined, serverTiming, responseCache, requestLogSize });
process.send!({ type: "ready", url: q.url, token: q.token, tokenProblem: q.tokenProblem, adminKey: q.adminKey, devIntegrationId: q.devIntegrationId });

process.on("message", async (m: { type: string }) => {
  if (m.type === "trace-start") {
    traced.length = 0;
    tracing = true;
    process.send!({ type: "trace-started" });
  } else if (m.type === "trace-stop") {
    tracing = false;
    process.send!({ type: "trace", statements: traced.splice(0) });
  } else if (m.type === "keep-last-write") {
    repeating = lastWrite(join(resolve(process.env.QUIRE_BENCH_DATA_DIR!), "quire.db"));
    const rows = [...repeating.rows].map(([t, g]) => `${t}: ${g === null ? "any row" : `${g.size} node(s) in sight`}`);
    process.send!({ type: "kept-last-write", tables: [...repeating.tables].sort(), rows });
  } else if (m.type === "breakdown") {
    process.send!({ type: "breakdown", spans: takeSpans?.() ?? [] });
  } else if (m.type === "cpu") {
    // This process's CPU time so far (µs), for a bench to difference around a run of requests.
    process.send!({ type: "cpu", usage: process.cpuUsage() });
  } else if (m.type === "memory") {
    // The heap's share of this process's RSS (bench/million.ts prints it beside RssAnon).
    const u = process.memoryUsage();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    process.send!({ type: "memory", usage: u, heapTotal: u.heapTotal, heapUsed: u.heapUsed, external: u.external, arrayBuffers: u.arrayBuffers, spaces });
  } else if (m.type === "live-heap") {
    // The heap's live size: what a full collection leaves (asked after a fill, so it never shapes the fill's own peak).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    gc();
    process.send!({ type: "live-heap", heapUsed: process.memoryUsage().heapUsed });
  } else if (m.type === "close") {
    await q.close();
    // A normal exit, so that --cpu-prof writes its profile.
    process.exit(0);
  }
});
