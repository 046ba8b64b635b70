/**
 * `npm run bench:search` — POST /v1/search over a workspace of ~102,700 pages, end to end over
 * HTTP, beside a hand-written FTS5 query on the same SQLite file, in the same run.
 *
 *   - Data: bench:query's data set (bench/lib/query-data.ts: a 100,000-row "Tasks" data source
 *     titled like "Review quarterly report 4821", 500 "Projects") plus a wiki of 2,220 pages
 *     under the dev integration's page (20 areas × 10 projects × 10 documents, titles such as
 *     "Weekly meeting 2026-03-14", "Q3 billing review"), written straight into the store.
 *     Everything is indexed by the store as it is written. Built once per run in a temp dir, or
 *     kept with --data DIR.
 *   - Two integrations: the seeded dev one (shared with the top page: sees everything) and
 *     "Small", shared with one wiki project (11 pages): the access path when few candidates are
 *     visible.
 *   - Quire runs in a child process (bench/quire-server.ts); this process sends one request at
 *     a time (keep-alive) and times each answer until its last byte.
 *   - Hand-written FTS: what an engineer would write against the index (MATCH with the words as
 *     prefixes, ORDER BY bm25 or last_edited_time, LIMIT 100), run with better-sqlite3 on the same
 *     file here while the server is idle: ids only, no access checks, no ranking tiers, no objects.
 *   - Engine: Tx.search.candidates in this process (the store's part of a search, no HTTP,
 *     access or presenting).
 *
 * Options: --data DIR --rounds N (3) --seconds S (2) --sql-seconds S (1) --min-samples N (10)
 * --only id,id --json FILE --markdown. See docs/PERFORMANCE.md, "Search".
 */
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import { copyDatabase } from "./lib/sqlite-copy.js";
import { startChild, type Child } from "./lib/children.js";
import { measureCpu } from "./lib/cpu.js";
import { percentile } from "./lib/load.js";
import { closeConnections, fmt, median, post, timeLoop } from "./lib/sequential.js";
import { NOTION_VERSION, type QuireReady } from "./lib/seed.js";
import { buildDataset, databaseBytes, loadDataset, type Dataset } from "./lib/query-data.js";
import { buildWiki, loadWiki, type Wiki } from "./lib/search-data.js";
import * as sqliteAdapter from "../src/storage/sqlite.js";
import type { Store } from "../src/storage/types.js";
import type { SearchQuery } from "../src/storage/search.js";

const { values: opt } = parseArgs({
  options: {
    data: { type: "string" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "2" },
    "sql-seconds": { type: "string", default: "1" },
    "min-samples": { type: "string", default: "10" },
    only: { type: "string" },
    json: { type: "string" },
    markdown: { type: "boolean", default: false },
  },
});
const ROWS = 100_000;
const ROUNDS = Number(opt.rounds);
const SECONDS = Number(opt.seconds);
const SQL_SECONDS = Number(opt["sql-seconds"]);
const MIN_SAMPLES = Number(opt["min-samples"]);
const PAGE = 100;
const DEEP = 1000;
const MMAP_BYTES = (sqliteAdapter as { SQLITE_MMAP_BYTES?: number }).SQLITE_MMAP_BYTES ?? 0;
const out = (s: string) => process.stdout.write(s + "\n");

interface Case {
  id: string;
  label: string;
  who: "dev" | "small";
  body: Record<string, unknown>;
  /** Page reached with cursors (0: the first). */
  offset: number;
  /** The hand-written query: MATCH expression (null: no text), and its ORDER BY. */
  match: string | null;
  orderBy: string;
  kinds: string[];
  /** The same search as the store runs it (engine column). */
  engine: Omit<SearchQuery, "limit" | "from" | "within">;
}

const words = (s: string) => s.split(/\s+/).map((w) => `"${w}"*`).join(" OR ");
const BY_RANK = "bm25(search_fts)";
const BY_EDITED = "d.last_edited_time DESC, d.id DESC";
const PAGES_AND_SOURCES = ["page", "data_source"];

function cases(): Case[] {
  const text = (id: string, label: string, query: string, extra: Partial<Case> = {}): Case => ({
    id,
    label,
    who: "dev",
    body: { query },
    offset: 0,
    match: words(query),
    orderBy: BY_RANK,
    kinds: PAGES_AND_SOURCES,
    engine: { text: query, kinds: ["page", "data_source"], order: "relevance", untrashedOnly: true },
    ...extra,
  });
  const all: Case[] = [
    text("rare", "one task by its number", "12345"),
    text("word", "a common word (~7,000 titles)", "report"),
    text("two-words", "two words (either: ~16,300 titles)", "quarterly report"),
    text("prefix", "a 3-letter prefix (~8,600 titles)", "rev"),
    text("wiki", "a wiki phrase", "weekly meeting"),
    text("word-deep", `a common word, the page at ${DEEP} (by cursor)`, "report", { offset: DEEP }),
    text("word-edited", "a common word, oldest edited first", "report", {
      body: { query: "report", sort: { timestamp: "last_edited_time", direction: "ascending" } },
      orderBy: "d.last_edited_time ASC, d.id ASC",
      engine: { text: "report", kinds: ["page", "data_source"], order: "edited_ascending", untrashedOnly: true },
    }),
    {
      id: "no-query",
      label: "no query: most recently edited first",
      who: "dev",
      body: {},
      offset: 0,
      match: null,
      orderBy: BY_EDITED,
      kinds: PAGES_AND_SOURCES,
      engine: { text: null, kinds: ["page", "data_source"], order: "edited_descending", untrashedOnly: true },
    },
    {
      id: "sources",
      label: "no query, data sources only",
      who: "dev",
      body: { filter: { property: "object", value: "data_source" } },
      offset: 0,
      match: null,
      orderBy: BY_EDITED,
      kinds: ["data_source"],
      engine: { text: null, kinds: ["data_source"], order: "edited_descending", untrashedOnly: true },
    },
    text("small-word", "integration sharing 11 pages: a common word", "review", { who: "small" }),
    {
      id: "small-all",
      label: "integration sharing 11 pages: no query",
      who: "small",
      body: {},
      offset: 0,
      match: null,
      orderBy: BY_EDITED,
      kinds: PAGES_AND_SOURCES,
      engine: { text: null, kinds: ["page", "data_source"], order: "edited_descending", untrashedOnly: true },
    },
  ];
  const only = opt.only?.split(",");
  return only ? all.filter((c) => only.includes(c.id)) : all;
}

function handSql(c: Case): string {
  const kinds = c.kinds.map((k) => `'${k}'`).join(", ");
  const where = `d.workspace_id = ? AND d.in_trash = 0 AND d.kind IN (${kinds})`;
  if (c.match === null) return `SELECT d.id FROM search_docs d WHERE ${where} ORDER BY ${c.orderBy} LIMIT ? OFFSET ?`;
  return `SELECT d.id FROM search_fts JOIN search_docs d ON d.docid = search_fts.rowid WHERE search_fts MATCH ? AND ${where} ORDER BY ${c.orderBy} LIMIT ? OFFSET ?`;
}


const pct = (runs: number[][], p: number) => median(runs.map((r) => percentile(Float64Array.from(r).sort(), p)));

interface Target {
  c: Case;
  body: Buffer;
  results: number;
  more: boolean;
  matches: number;
  http: number[][];
  serverMs: number[];
  others: number[];
  sql: number[][];
  engine: number[][];
}

async function main() {
  const require = createRequire(import.meta.url);
  const sqlite = new Database(":memory:").prepare("SELECT sqlite_version() AS v").get() as { v: string };
  out(`Quire search bench — ${new Date().toISOString()}`);
  out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  out(`node ${process.version}, better-sqlite3 ${(require("better-sqlite3/package.json") as { version: string }).version} (SQLite ${sqlite.v})`);
  out(`${ROUNDS} round(s), interleaved; per case and round: HTTP ${SECONDS} s, SQL ${SQL_SECONDS} s, engine ${SQL_SECONDS} s, at least ${MIN_SAMPLES} samples; one request at a time, page_size ${PAGE}\n`);

  let tmp: string | null = null;
  const dataDir = opt.data ? resolve(opt.data) : (tmp = mkdtempSync(join(tmpdir(), "quire-bench-search-")));
  let child: Child<QuireReady> | null = null;
  let store: Store | null = null;
  let db: Database.Database | null = null;
  try {
    let ds: Dataset | null = opt.data ? loadDataset(dataDir) : null;
    let wiki: Wiki | null = opt.data ? loadWiki(dataDir) : null;
    if (!ds) {
      if (existsSync(join(dataDir, "quire.db"))) throw new Error(`${dataDir} holds a database without dataset.json: use an empty dir`);
      mkdirSync(dataDir, { recursive: true });
      out(`Building ${ROWS.toLocaleString("en-US")} task rows in ${dataDir} …`);
      ds = await buildDataset(dataDir, { rows: ROWS, apiRows: 200, projects: 500, log: out });
      out(`  built in ${ds.buildSeconds.toFixed(1)} s`);
    }
    if (!wiki) {
      const t = performance.now();
      wiki = await buildWiki(ds);
      out(`  wiki: ${wiki.pages.toLocaleString("en-US")} pages in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    out(`Data: ${dataDir}; database file ${(databaseBytes(ds) / 2 ** 20).toFixed(0)} MiB`);

    child = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dataDir });
    const quire = child.ready;
    const url = new URL(`${quire.url}/v1/search`);
    const headers = (token: string) => ({ authorization: `Bearer ${token}`, "notion-version": NOTION_VERSION, "content-type": "application/json" });
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(quire.url + path, { method, headers: { authorization: `Bearer ${quire.adminKey}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };
    const small = await admin("POST", "/_quire/v1/integrations", { name: `Small ${Date.now()}` });
    await admin("POST", `/_quire/v1/integrations/${small.id}/shares`, { object_id: wiki.smallShare });
    const tokens = { dev: quire.token, small: small.token as string };
    const ask = async (c: Case, body: unknown) => {
      const r = await post(url, headers(tokens[c.who]), Buffer.from(JSON.stringify(body)));
      if (r.status !== 200) throw new Error(`${c.id}: search answered ${r.status}: ${r.text.slice(0, 400)}`);
      return JSON.parse(r.text) as { results: { id: string }[]; next_cursor: string | null; has_more: boolean };
    };

    db = new Database(ds.dbFile, { readonly: true, fileMustExist: true });
    if (MMAP_BYTES > 0) db.pragma(`mmap_size = ${MMAP_BYTES}`);
    // The engine runs in this process on a copy taken now (the integration above included): the
    // server child owns the data directory (src/storage/sqlite-owner.ts).
    store = sqliteAdapter.openSqliteStore({ filename: copyDatabase(ds.dbFile, join(dataDir, "engine")) });
    const docs = (db.prepare(`SELECT count(*) FROM search_docs WHERE workspace_id = ?`).pluck().get(ds.workspaceId) as number).toLocaleString("en-US");
    out(`index: ${docs} entries (pages, databases, data sources)\n\nChecking every case once:`);

    const targets: Target[] = [];
    for (const c of cases()) {
      let body: Record<string, unknown> = { ...c.body, page_size: PAGE };
      let page = await ask(c, body);
      for (let at = PAGE; at <= c.offset; at += PAGE) {
        body = { ...c.body, page_size: PAGE, start_cursor: page.next_cursor };
        page = await ask(c, body);
      }
      const countSql = c.match === null ? null : `SELECT count(*) FROM search_fts WHERE search_fts MATCH ?`;
      const matches = countSql ? (db.prepare(countSql).pluck().get(c.match) as number) : NaN;
      const hand = db.prepare(handSql(c)).pluck().all(...(c.match === null ? [] : [c.match]), ds.workspaceId, PAGE, c.offset) as string[];
      targets.push({ c, body: Buffer.from(JSON.stringify(body)), results: page.results.length, more: page.has_more, matches, http: [], serverMs: [], others: [], sql: [], engine: [] });
      const overlap = page.results.filter((r) => hand.includes(r.id)).length;
      out(`  ${c.id.padEnd(12)} ${String(page.results.length).padStart(3)} results${page.has_more ? " (more)" : ""}; FTS matches ${Number.isNaN(matches) ? "-" : matches}; hand-written SQL returns ${hand.length}, ${overlap} of them the same`);
    }

    for (let round = 1; round <= ROUNDS; round++) {
      out(`\nround ${round}  (load average ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
      for (const t of targets) {
        const done = measureCpu(child.pid);
        const ms = await timeLoop(SECONDS, MIN_SAMPLES, async () => {
          const r = await post(url, headers(tokens[t.c.who]), t.body);
          if (r.status !== 200) throw new Error(`${t.c.id}: ${r.status} ${r.text.slice(0, 300)}`);
        });
        const cpu = done();
        const spent = ms.reduce((a, b) => a + b, 0);
        t.http.push(ms);
        t.serverMs.push(cpu ? (cpu.server * spent) / ms.length : NaN);
        t.others.push(cpu?.others ?? NaN);
        const stmt = db.prepare(handSql(t.c)).pluck();
        const args = [...(t.c.match === null ? [] : [t.c.match]), ds.workspaceId, PAGE, t.c.offset];
        t.sql.push(await timeLoop(SQL_SECONDS, MIN_SAMPLES, () => stmt.all(...args)));
        const q: SearchQuery = { ...t.c.engine, from: null, within: null, limit: PAGE + 1 + t.c.offset };
        t.engine.push(await timeLoop(SQL_SECONDS, MIN_SAMPLES, () => store!.read((tx) => tx.search.candidates(ds!.workspaceId, q))));
        const last = (x: number[][]) => Float64Array.from(x[x.length - 1]).sort();
        const [h, s, e] = [last(t.http), last(t.sql), last(t.engine)];
        out(
          `  ${t.c.id.padEnd(12)} HTTP p50 ${fmt(percentile(h, 50)).padStart(6)} p99 ${fmt(percentile(h, 99)).padStart(6)} ms (n=${h.length}, srv CPU ${fmt(t.serverMs[t.serverMs.length - 1], 0)} ms/req)` +
            `   SQL p50 ${fmt(percentile(s, 50), 2).padStart(6)} p99 ${fmt(percentile(s, 99), 2).padStart(6)}   engine p50 ${fmt(percentile(e, 50), 2).padStart(6)} p99 ${fmt(percentile(e, 99), 2).padStart(6)}`,
        );
      }
    }
    report(targets);
    if (opt.json) writeFileSync(opt.json, JSON.stringify({ at: new Date().toISOString(), targets: targets.map(({ body, ...t }) => ({ ...t, c: t.c.id })) }, null, 1));
  } finally {
    db?.close();
    await store?.close();
    await child?.close();
    closeConnections();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

function report(targets: Target[]) {
  const rows = [["case", "who", "results", "FTS matches", "HTTP p50", "HTTP p99", "srv CPU/req", "SQL p50", "SQL p99", "engine p50", "engine p99", "others CPU"]];
  for (const t of targets) {
    rows.push([
      t.c.id,
      t.c.who,
      `${t.results}${t.more ? "+" : ""}`,
      Number.isNaN(t.matches) ? "-" : String(t.matches),
      fmt(pct(t.http, 50)),
      fmt(pct(t.http, 99)),
      fmt(median(t.serverMs), 0),
      fmt(pct(t.sql, 50), 2),
      fmt(pct(t.sql, 99), 2),
      fmt(pct(t.engine, 50), 2),
      fmt(pct(t.engine, 99), 2),
      fmt(median(t.others), 2),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  out(`\n${line(rows[0])}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.slice(1).map(line).join("\n")}`);
  if (opt.markdown) {
    const md = (r: string[]) => `| ${r.join(" | ")} |`;
    out(`\n${md(rows[0])}\n${md(rows[0].map((_, i) => (i <= 1 ? "---" : "---:")))}\n${rows.slice(1).map(md).join("\n")}`);
  }
  out(
    "\nTimes in ms; medians over rounds of each round's percentile. results: what the first timed page holds (+: has_more)." +
      "\nSQL: the hand-written FTS5 query (ids of one page, bm25 or last_edited_time order, no access checks); engine: Tx.search.candidates" +
      "\n(the store's ranked candidates for one page, no access walk, no objects); HTTP includes access, ranking tiers and 100 full objects.",
  );
}

await main();
