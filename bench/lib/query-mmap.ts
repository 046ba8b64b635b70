/**
 * `npm run bench:query -- --sqlite-mmap-mb 1024,128,64,0`: what SQLite's memory map
 * (`--sqlite-mmap-mb`, src/storage/sqlite.ts SQLITE_MMAP_BYTES) is worth on the data-source
 * queries. One Quire per size (QUIRE_SQLITE_MMAP_MB, its own process) and one engine store per
 * size (Tx.queryRows in this process, `mmapBytes`), all on the same file, timed interleaved in the
 * same rounds: the server's CPU-ms per request and the engine's ms per query for each size, and
 * each over the first size's (the reference). The servers' memory (RSS split into anonymous and
 * mapped file) after every query, beside it.
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { startChild, type Child } from "./children.js";
import { measureCpu } from "./cpu.js";
import { fmt, median, post, timeLoop } from "./sequential.js";
import { NOTION_VERSION, type QuireReady } from "./seed.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { copyDatabase } from "./sqlite-copy.js";
import { join } from "node:path";
import type { RowQuery, Store } from "../../src/storage/types.js";
import type { OrderPosition } from "../../src/query/ast.js";

/** One timed page of a query: its request body, and the same query for the engine. */
export interface MmapTarget {
  label: string;
  body: Buffer;
  query: RowQuery;
  at: OrderPosition | null;
}

interface Size {
  mb: number;
  server: Child<QuireReady>;
  store: Store;
  /** Per target: server CPU-ms per request and engine ms (median of each round's samples), one per round. */
  cpu: number[][];
  engine: number[][];
  /** Per target: read system calls (`syscr`, pread64 included) per server request and per engine query, one per round. */
  reads: number[][];
  engineReads: number[][];
}

const MiB = 2 ** 20;

function memoryOf(pid: number): string {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? NaN) / 1024;
  return `VmHWM ${fmt(kb("VmHWM"), 0)} MiB, RSS ${fmt(kb("VmRSS"), 0)} (anonymous ${fmt(kb("RssAnon"), 0)}, mapped file ${fmt(kb("RssFile"), 0)})`;
}

const med = (xs: number[]) => median(xs);

/** The file's page size (`PRAGMA page_size`): what decides which rows fit a page. */
function pageSizeOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("page_size", { simple: true }) as number;
  } finally {
    db.close();
  }
}

/**
 * Read system calls a process has made (`syscr` in /proc/<pid>/io: read, pread64, readv…). SQLite
 * reads every page outside its memory map with one pread64, so the count per request is the
 * pages it read from the file (plus the socket's reads, the same for every size); unlike time, it
 * does not move with the machine's load.
 */
function readCalls(pid: number | "self"): number {
  try {
    return Number(/^syscr:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Cores' worth of CPU the rest of the machine used since the last call (a noise indicator). */
let othersProbe = measureCpu(process.pid);
function others(): number {
  const share = othersProbe();
  othersProbe = measureCpu(process.pid);
  return share ? share.others : NaN;
}

/**
 * Times every target on a Quire and an engine store per map size, `rounds` rounds interleaved,
 * and prints one table: server CPU-ms/request and engine ms per size, with the ratio to sizes[0].
 */
export async function compareMmap(opts: {
  sizes: number[];
  dataDir: string;
  dbFile: string;
  workspaceId: string;
  dataSourceId: string;
  targets: MmapTarget[];
  rounds: number;
  seconds: number;
  minSamples: number;
  out: (s: string) => void;
}): Promise<void> {
  const { out, targets } = opts;
  const sizes: Size[] = [];
  try {
    // One process owns a SQLite data directory: each size's server runs on a copy of its own, and
    // the engine stores (this process; several stores on one file are allowed here) on another.
    const engineFile = copyDatabase(opts.dbFile, join(opts.dataDir, "engine"));
    for (const mb of opts.sizes) {
      const dir = join(opts.dataDir, `server-mmap-${mb}`);
      copyDatabase(opts.dbFile, dir);
      const server = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dir, QUIRE_SQLITE_MMAP_MB: String(mb) });
      const store = openSqliteStore({ filename: engineFile, mmapBytes: mb * MiB });
      sizes.push({ mb, server, store, cpu: targets.map(() => []), engine: targets.map(() => []), reads: targets.map(() => []), engineReads: targets.map(() => []) });
    }
    const ask = (s: Size, t: MmapTarget) => {
      const url = new URL(`${s.server.ready.url}/v1/data_sources/${opts.dataSourceId}/query`);
      const headers = { authorization: `Bearer ${s.server.ready.token}`, "notion-version": NOTION_VERSION, "content-type": "application/json" };
      return async () => {
        const r = await post(url, headers, t.body);
        if (r.status !== 200) throw new Error(`${t.label} (mmap ${s.mb} MiB): ${r.status} ${r.text.slice(0, 300)}`);
      };
    };
    const engine = (s: Size, t: MmapTarget) => () => s.store.read((tx) => tx.queryRows(opts.workspaceId, opts.dataSourceId, t.query, t.at));
    out(`\nSQLite memory map: ${opts.sizes.join(", ")} MiB on a file of ${pageSizeOf(engineFile)}-byte pages — warming every server and store on every query…`);
    for (const s of sizes) for (const t of targets) { await ask(s, t)(); await engine(s, t)(); }
    for (let round = 1; round <= opts.rounds; round++) {
      out(`  mmap round ${round}`);
      for (let i = 0; i < targets.length; i++) {
        const line: string[] = [];
        for (const s of sizes) {
          const done = measureCpu(s.server.pid);
          const readsBefore = readCalls(s.server.pid);
          const ms = await timeLoop(opts.seconds, opts.minSamples, ask(s, targets[i]));
          const cpu = done();
          s.reads[i].push((readCalls(s.server.pid) - readsBefore) / ms.length);
          const spent = ms.reduce((a, b) => a + b, 0);
          s.cpu[i].push(cpu ? (cpu.server * spent) / ms.length : NaN);
          const engineBefore = readCalls("self");
          const engineMs = await timeLoop(opts.seconds / 2, opts.minSamples, engine(s, targets[i]));
          s.engineReads[i].push((readCalls("self") - engineBefore) / engineMs.length);
          s.engine[i].push(med(engineMs));
          line.push(`${s.mb}: ${fmt(s.cpu[i].at(-1)!, 1)}/${fmt(s.engine[i].at(-1)!, 1)}/${fmt(s.reads[i].at(-1)!, 0)}`);
        }
        out(`    ${targets[i].label.padEnd(24)} srv CPU ms/req / engine ms / server reads/req — ${line.join("  ")}  (others ${fmt(others(), 2)} cores)`);
      }
    }
    const head = ["query / page", ...sizes.flatMap((s) => [`${s.mb} MiB srv CPU ms/req`, "÷ ref", "engine ms", "÷ ref", "reads/req (srv, engine)"])];
    const reads = (s: Size, i: number) => `${fmt(med(s.reads[i]), 0)}, ${fmt(med(s.engineReads[i]), 0)}`;
    const rows = targets.map((t, i) => {
      const ref = sizes[0];
      return [t.label, ...sizes.flatMap((s) => [fmt(med(s.cpu[i]), 2), fmt(med(s.cpu[i]) / med(ref.cpu[i]), 2), fmt(med(s.engine[i]), 2), fmt(med(s.engine[i]) / med(ref.engine[i]), 2), reads(s, i)])];
    });
    const total = (s: Size, k: "cpu" | "engine" | "reads" | "engineReads") => targets.reduce((a, _, i) => a + med(s[k][i]), 0);
    rows.push(["sum over the queries", ...sizes.flatMap((s) => [fmt(total(s, "cpu"), 1), fmt(total(s, "cpu") / total(sizes[0], "cpu"), 2), fmt(total(s, "engine"), 1), fmt(total(s, "engine") / total(sizes[0], "engine"), 2), `${fmt(total(s, "reads"), 0)}, ${fmt(total(s, "engineReads"), 0)}`])]);
    const md = (r: string[]) => `| ${r.join(" | ")} |`;
    out(`\nSQLite memory map, medians of ${opts.rounds} round(s) (÷ ref: over the ${sizes[0].mb} MiB column):`);
    out(`${md(head)}\n${md(head.map((_, i) => (i === 0 ? "---" : "---:")))}\n${rows.map(md).join("\n")}`);
    for (const s of sizes) out(`  server with ${s.mb} MiB, after every query: ${memoryOf(s.server.pid)}`);
  } finally {
    for (const s of sizes) {
      await s.store.close();
      await s.server.close();
    }
  }
}
