/**
 * `npm run bench:query` — data source queries on a 100,000-row data source, end to end over
 * HTTP, beside the same queries written by hand in SQL on the same SQLite file, in the same run.
 *
 *   - Data: bench/lib/query-data.ts (Tasks: 15 stored property types + created/edited time, a
 *     dual relation to 500 Projects). Built once per run in a temp dir, or kept with --data DIR.
 *   - Quire runs in a child process (bench/quire-server.ts) on that data; this process sends one
 *     request at a time (keep-alive) and times each answer until its last byte.
 *   - Hand-written SQL: what an engineer would write against this schema (json_extract on
 *     `properties` / `idx`, json_each for arrays, the same ORDER BY and LIMIT/OFFSET), run with
 *     better-sqlite3 on the same file here, while the server is idle. Every case first checks
 *     that the hand-written query returns the same rows in the same order as Quire.
 *   - Engine: Tx.queryRows (compile + SQL + row decoding) in this process, without HTTP,
 *     parsing, access checks or presenting: explains where the gap between the two comes from.
 *   - "deep" pages start at row --deep (5,000), reached with start_cursor as a client would
 *     (the cursor is found by walking the pages once before timing).
 *   - Memory: the server's RSS (and peak) with the data loaded, beside a Quire on an empty dir.
 *
 *   - With --database-url postgres://… (or --pg-throwaway: a cluster of its own, started and
 *     removed by the run): the workspace copied into a PostgreSQL database made beside the one
 *     named (dropped at the end) through the PostgreSQL store's ports (so it builds its row
 *     keys, search entries and jsonb copies; bench/lib/query-pg.ts), a second Quire serving it,
 *     and every case timed on both backends side by side in the same round: HTTP, the
 *     hand-written SQL in PostgreSQL's dialect (jsonb `qprops`/`qidx`) and Tx.queryRows, each
 *     first checked to answer the same rows as SQLite's hand-written SQL. One table per backend,
 *     each ending "HTTP p99 under 50 ms: k of 15", then the engines side by side.
 *
 * Options: --rows N (100000) --data DIR (build there once, reuse after) --rounds N (3,
 * interleaved) --seconds S (2, HTTP per case per round) --sql-seconds S (1.5) --min-samples N
 * (10) --deep N (5000) --only id,id --profile DIR (node --cpu-prof on the server) --json FILE
 * --markdown (the table again, as Markdown) --database-url URL (PostgreSQL side by side)
 * --pg-throwaway (the same, on a throwaway cluster of this run: test/helpers/pg.ts).
 * --breakdown: both servers keep a timeline (bench/lib/breakdown.ts) and each backend's table is
 * followed by where its slow requests' time went: server time against the client's, the wait
 * for a pool connection, statements of the request's pool and of others, GC, event-loop stalls.
 * --sqlite-mmap-mb A,B,… (instead of the timed rounds above: one Quire and one engine store per
 * SQLite memory-map size, timed interleaved — server CPU-ms/request and engine ms per size, over
 * the first size's; bench/lib/query-mmap.ts).
 * Goal (issue): each query within 3× of hand-written SQL, p99 under 50 ms.
 * See docs/PERFORMANCE.md, "Data source queries".
 */
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import pg from "pg";
import { startChild, type Child } from "./lib/children.js";
import { measureCpu } from "./lib/cpu.js";
import { percentile } from "./lib/load.js";
import { closeConnections, fmt, median, post, timeLoop } from "./lib/sequential.js";
import { NOTION_VERSION, type QuireReady } from "./lib/seed.js";
import { buildDataset, databaseBytes, loadDataset, type Dataset } from "./lib/query-data.js";
import * as sqliteAdapter from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { benchDatabases, type BenchDatabases } from "./lib/pg-databases.js";
import { copyWorkspace, numbered, pgSqlParts, PG_ROW_BASE } from "./lib/query-pg.js";
import { startCluster, type PgCluster } from "../test/helpers/pg.js";
import { compareMmap } from "./lib/query-mmap.js";
import { explain, type ClientSample, type Explained, type Span } from "./lib/breakdown.js";
import { copyDatabase } from "./lib/sqlite-copy.js";
import type { NodeRow } from "../src/storage/types.js";
import { parseFilter, parseSorts } from "../src/query/index.js";
import type { PropertySchema } from "../src/domain/properties/schema.js";
import type { RowQuery, Store } from "../src/storage/types.js";
import type { OrderPosition } from "../src/query/ast.js";

const { values: opt } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    data: { type: "string" },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "2" },
    "sql-seconds": { type: "string", default: "1.5" },
    "min-samples": { type: "string", default: "10" },
    deep: { type: "string", default: "5000" },
    only: { type: "string" },
    profile: { type: "string" },
    json: { type: "string" },
    markdown: { type: "boolean", default: false },
    "database-url": { type: "string" },
    "pg-throwaway": { type: "boolean", default: false },
    "sqlite-mmap-mb": { type: "string" },
    breakdown: { type: "boolean", default: false },
  },
});
const ROWS = Number(opt.rows);
const ROUNDS = Number(opt.rounds);
const SECONDS = Number(opt.seconds);
const SQL_SECONDS = Number(opt["sql-seconds"]);
const MIN_SAMPLES = Number(opt["min-samples"]);
const DEEP = Number(opt.deep);
const PAGE = 100;
/** Quire's memory-map size when its adapter sets one (absent in older versions). */
const MMAP_BYTES = (sqliteAdapter as { SQLITE_MMAP_BYTES?: number }).SQLITE_MMAP_BYTES ?? 0;
const out = (s: string) => process.stdout.write(s + "\n");

// ---------------------------------------------------------------------------------------------
// The queries: the request body, and the same query by hand in SQL.

interface Case {
  id: string;
  label: string;
  body: { filter?: unknown; sorts?: unknown[] };
  /** WHERE (after the row base) and ORDER BY of the hand-written query, with its parameters. */
  where: string;
  params: unknown[];
  orderBy: string;
  /** The same WHERE (same parameters) and ORDER BY on PostgreSQL (bench/lib/query-pg.ts). */
  pgWhere: string;
  pgOrderBy: string;
  /** Pages timed: the first, and the one at --deep when the query matches enough rows. */
  deep: boolean;
}

/** A JSON path for a property id, quoted as an engineer must (ids hold `.`, `[`, `$` …). */
const path = (id: string, sub = "") => `'$."${id.replace(/'/g, "''")}"${sub}'`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function cases(ds: Dataset): Case[] {
  const { pid, options } = ds;
  const P = (name: string, sub = "") => `json_extract(properties, ${path(pid[name], sub)})`;
  const I = (name: string, sub = "") => `json_extract(idx, ${path(pid[name], sub)})`;
  const has = (name: string) => `EXISTS (SELECT 1 FROM json_each(properties, ${path(pid[name])}) WHERE value = ?)`;
  const DAY = 86_400_000;
  const from = Math.floor(ds.t0 / DAY) * DAY - 180 * DAY;
  const to = Math.floor(ds.t0 / DAY) * DAY + 180 * DAY;
  const priorityRank = `CASE ${P("Priority")} ${Object.values(options.Priority).map((id, i) => `WHEN ${lit(id)} THEN ${i}`).join(" ")} END`;
  const G = pgSqlParts(pid);
  const pgPriorityRank = `CASE ${G.Ptext("Priority")} ${Object.values(options.Priority).map((id, i) => `WHEN ${lit(id)} THEN ${i}`).join(" ")} END`;
  const pgId = `id COLLATE "C"`;
  const all: Case[] = [
    {
      id: "open-by-due",
      label: "status ≠ Done ∧ estimate ≥ 3, by due date",
      body: {
        filter: { and: [{ property: "Status", status: { does_not_equal: "Done" } }, { property: "Estimate", number: { greater_than_or_equal_to: 3 } }] },
        sorts: [{ property: "Due", direction: "ascending" }],
      },
      where: `${P("Status")} <> ? AND ${P("Estimate")} >= ?`,
      params: [options.Status.Done, 3],
      orderBy: `${I("Due", ".s")} ASC NULLS LAST, id`,
      pgWhere: `${G.Ptext("Status")} <> ? AND ${G.Pnum("Estimate")} >= ?`,
      pgOrderBy: `${G.Idate("Due")} ASC NULLS LAST, ${pgId}`,
      deep: true,
    },
    {
      id: "tag-by-priority",
      label: "tag backend ∧ not done, by priority desc, name",
      body: {
        filter: { and: [{ property: "Tags", multi_select: { contains: "backend" } }, { property: "Done", checkbox: { equals: false } }] },
        sorts: [{ property: "Priority", direction: "descending" }, { property: "Name", direction: "ascending" }],
      },
      where: `${has("Tags")} AND ${P("Done")} = 0`,
      params: [options.Tags.backend],
      orderBy: `${priorityRank} DESC NULLS LAST, ${I("Name")} ASC, id`,
      pgWhere: `${G.has("Tags")} AND ${G.P("Done")} = 'false'::jsonb`,
      pgOrderBy: `${pgPriorityRank} DESC NULLS LAST, ${G.Itext("Name")} ASC, ${pgId}`,
      deep: true,
    },
    {
      id: "text-search",
      label: "name or notes contain 'report', by last edited",
      body: {
        filter: { or: [{ property: "Name", title: { contains: "Report" } }, { property: "Notes", rich_text: { contains: "report" } }] },
        sorts: [{ timestamp: "last_edited_time", direction: "descending" }],
      },
      where: `(instr(${I("Name")}, ?) > 0 OR instr(${I("Notes")}, ?) > 0)`,
      params: ["report", "report"],
      orderBy: `last_edited_time DESC, id`,
      pgWhere: `(strpos(${G.Itext("Name")}, ?) > 0 OR strpos(${G.Itext("Notes")}, ?) > 0)`,
      pgOrderBy: `last_edited_time DESC, ${pgId}`,
      deep: true,
    },
    {
      id: "assignee-window",
      label: "assignee ∧ due in a year's window, by estimate desc",
      body: {
        filter: {
          and: [
            { property: "Assignee", people: { contains: ds.users[0] } },
            { property: "Due", date: { on_or_after: isoDay(from) } },
            { property: "Due", date: { before: isoDay(to) } },
          ],
        },
        sorts: [{ property: "Estimate", direction: "descending" }],
      },
      where: `${has("Assignee")} AND ${I("Due", ".s")} >= ? AND ${I("Due", ".s")} < ?`,
      params: [ds.users[0], from, to],
      orderBy: `${P("Estimate")} DESC NULLS LAST, id`,
      pgWhere: `${G.has("Assignee")} AND ${G.Idate("Due")} >= ? AND ${G.Idate("Due")} < ?`,
      pgOrderBy: `${G.Pnum("Estimate")} DESC NULLS LAST, ${pgId}`,
      deep: true,
    },
    {
      id: "project-tasks",
      label: "relation contains a project, newest first",
      body: {
        filter: { property: "Project", relation: { contains: ds.projects[0] } },
        sorts: [{ timestamp: "created_time", direction: "descending" }],
      },
      where: has("Project"),
      params: [ds.projects[0]],
      orderBy: `created_time DESC, id`,
      pgWhere: G.has("Project"),
      pgOrderBy: `created_time DESC, ${pgId}`,
      deep: false,
    },
    {
      // Reads the whole relation value: the query first lists the pages the relation holds, to
      // leave out those the integration cannot see (src/query/hidden.ts).
      id: "no-project",
      label: "relation is empty, newest first",
      body: { filter: { property: "Project", relation: { is_empty: true } } },
      where: `NOT EXISTS (SELECT 1 FROM json_each(properties, ${path(pid.Project)}) WHERE type = 'text')`,
      params: [],
      orderBy: `created_time DESC, id`,
      pgWhere: `NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${G.P("Project")}) = 'array' THEN ${G.P("Project")} END) e WHERE jsonb_typeof(e) = 'string')`,
      pgOrderBy: `created_time DESC, ${pgId}`,
      deep: false,
    },
    {
      id: "by-project",
      label: "no filter, by relation (first page)",
      body: { sorts: [{ property: "Project", direction: "ascending" }] },
      where: "1",
      params: [],
      orderBy: `${P("Project", "[0]")} ASC NULLS LAST, id`,
      pgWhere: "TRUE",
      pgOrderBy: `${G.Ptext("Project", true)} ASC NULLS LAST, ${pgId}`,
      deep: false,
    },
    {
      id: "all-by-due",
      label: "no filter, by due date desc",
      body: { sorts: [{ property: "Due", direction: "descending" }] },
      where: "1",
      params: [],
      orderBy: `${I("Due", ".s")} DESC NULLS LAST, id`,
      pgWhere: "TRUE",
      pgOrderBy: `${G.Idate("Due")} DESC NULLS LAST, ${pgId}`,
      deep: true,
    },
    {
      id: "all-default",
      label: "no filter, no sort (newest first)",
      body: {},
      where: "1",
      params: [],
      orderBy: `created_time DESC, id`,
      pgWhere: "TRUE",
      pgOrderBy: `created_time DESC, ${pgId}`,
      deep: true,
    },
  ];
  const only = opt.only?.split(",");
  return only ? all.filter((c) => only.includes(c.id)) : all;
}

const ROW_BASE = `workspace_id = ? AND parent_id = ? AND type = 'page' AND in_trash = 0`;
const handSql = (c: Case) => `SELECT * FROM nodes WHERE ${ROW_BASE} AND ${c.where} ORDER BY ${c.orderBy} LIMIT ? OFFSET ?`;

// ---------------------------------------------------------------------------------------------
// Timing.

interface Samples {
  /** Milliseconds, one per call. */
  ms: number[];
  /** CPU of other processes during an HTTP run (cores' worth), a noise indicator. */
  others?: number;
  /** The server's CPU milliseconds per request during an HTTP run. */
  serverMs?: number;
  /** With --breakdown: each request's time taken apart (bench/lib/breakdown.ts). */
  explained?: Explained[];
}

// ---------------------------------------------------------------------------------------------
// Memory.

/** MiB: resident set, its peak, and its split into anonymous memory (heaps) and mapped files. */
interface Memory {
  rss: number;
  hwm: number;
  anon: number;
  file: number;
}
function procStatus(pid: number): Memory {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024, anon: kb("RssAnon") / 1024, file: kb("RssFile") / 1024 };
}
const memText = (m: Memory) => `RSS ${fmt(m.rss, 0)} MiB (anonymous ${fmt(m.anon, 0)}, mapped files ${fmt(m.file, 0)}; peak ${fmt(m.hwm, 0)})`;

// ---------------------------------------------------------------------------------------------

interface Target {
  c: Case;
  page: "first" | "deep";
  offset: number;
  body: Buffer;
  ids: string[];
  matches: number;
  http: Samples[];
  sql: Samples[];
  engine: Samples[];
  /** Tx.queryRows on PostgreSQL (with --database-url). */
  pgEngine: Samples[];
  /** With --database-url: the same request to a Quire on PostgreSQL (its own cursor), and the hand-written SQL there. */
  pgBody: Buffer | null;
  pgHttp: Samples[];
  pgSql: Samples[];
  /** Store statements one request ran (Server-Timing of a metered server), per backend. */
  statements: number;
  pgStatements: number;
}

/** What one backend's HTTP answers are timed against, for the report. */
type Side = Pick<Target, "http" | "sql" | "engine" | "statements">;

const stats = (runs: Samples[]) => {
  const p = (q: number) => runs.map((r) => percentile(Float64Array.from(r.ms).sort(), q));
  const p50s = p(50);
  const p99s = p(99);
  return {
    p50: median(p50s),
    p99: median(p99s),
    p50min: Math.min(...p50s),
    p50max: Math.max(...p50s),
    p99min: Math.min(...p99s),
    p99max: Math.max(...p99s),
    n: runs.reduce((a, r) => a + r.ms.length, 0),
    others: median(runs.map((r) => r.others ?? NaN)),
  };
};

function header() {
  const require = createRequire(import.meta.url);
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  const cpu = cpus();
  const sqlite = new Database(":memory:").prepare("SELECT sqlite_version() AS v").get() as { v: string };
  out(`Quire query bench — ${new Date().toISOString()}`);
  out(`machine: ${cpu.length} × ${cpu[0]?.model ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  out(`node ${process.version}, fastify ${version("fastify")}, better-sqlite3 ${version("better-sqlite3")} (SQLite ${sqlite.v})`);
  out(`${ROUNDS} round(s), interleaved; per case and round: HTTP ${SECONDS} s, SQL ${SQL_SECONDS} s, engine ${SQL_SECONDS} s, at least ${MIN_SAMPLES} samples each; one request at a time`);
  out("");
}

async function main() {
  header();
  let tmp: string | null = null;
  let ds: Dataset | null = null;
  const dataDir = opt.data ? resolve(opt.data) : (tmp = mkdtempSync(join(tmpdir(), "quire-bench-query-")));
  const children: Child<unknown>[] = [];
  let store: Store | null = null;
  let pgStore: Store | null = null;
  let pgDbs: BenchDatabases | null = null;
  let db: Database.Database | null = null;
  let pgClient: pg.Client | null = null;
  let cluster: PgCluster | null = null;
  try {
    ds = opt.data ? loadDataset(dataDir) : null;
    if (ds && ds.rows !== ROWS) throw new Error(`${dataDir} holds ${ds.rows} rows, not ${ROWS}: use another --data dir`);
    if (!ds) {
      if (existsSync(join(dataDir, "quire.db"))) throw new Error(`${dataDir} holds a database without dataset.json: use an empty dir`);
      mkdirSync(dataDir, { recursive: true });
      out(`Building ${ROWS.toLocaleString("en-US")} rows in ${dataDir} …`);
      ds = await buildDataset(dataDir, { rows: ROWS, apiRows: Math.min(200, ROWS), projects: 500, log: out });
      out(`  built in ${ds.buildSeconds.toFixed(1)} s`);
    } else out(`Data set: ${dataDir} (built before, ${ds.rows.toLocaleString("en-US")} rows)`);
    out(`  database file: ${(databaseBytes(ds) / 2 ** 20).toFixed(0)} MiB`);

    // Memory of a Quire with no data, for comparison.
    const emptyDir = mkdtempSync(join(tmpdir(), "quire-bench-empty-"));
    const empty = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: emptyDir });
    const emptyMem = procStatus(empty.pid);
    await empty.close();
    rmSync(emptyDir, { recursive: true, force: true });

    // The engine is timed in this process on a copy: the server child owns the data directory.
    const engineFile = copyDatabase(ds.dbFile, join(dataDir, "engine"));
    const profileArgs = opt.profile ? ["--cpu-prof", `--cpu-prof-dir=${resolve(opt.profile)}`] : [];
    const breakdownEnv: Record<string, string> = opt.breakdown ? { QUIRE_BENCH_BREAKDOWN: "1" } : {};
    const quire = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATA_DIR: dataDir, ...breakdownEnv }, profileArgs);
    children.push(quire);
    const startedMem = procStatus(quire.pid);
    out(`server pid ${quire.pid}`);

    const url = new URL(`${quire.ready.url}/v1/data_sources/${ds.tasksDataSourceId}/query`);
    const headers = { authorization: `Bearer ${quire.ready.token}`, "notion-version": NOTION_VERSION, "content-type": "application/json" };
    const ask = asker(url, headers);

    db = new Database(ds.dbFile, { readonly: true, fileMustExist: true });
    // The same I/O settings as Quire's connection, so the ratio is Quire's own overhead.
    if (MMAP_BYTES > 0) db.pragma(`mmap_size = ${MMAP_BYTES}`);
    out(`hand-written SQL connection: better-sqlite3, read-only, mmap_size ${db.pragma("mmap_size", { simple: true })} (as Quire's), cache_size ${db.pragma("cache_size", { simple: true })}`);
    store = sqliteAdapter.openSqliteStore({ filename: engineFile });
    const schema = (await store.read(async (tx) => (await tx.getNode(ds!.workspaceId, ds!.tasksDataSourceId))!.data.properties)) as PropertySchema[];
    let pgQuire: Child<QuireReady> | null = null;
    let pgAsk: Ask | null = null;
    if (opt["pg-throwaway"]) {
      cluster = await startCluster();
      out(`  throwaway PostgreSQL cluster started (test/helpers/pg.ts: fsync off, otherwise default settings)`);
    }
    const databaseUrl = cluster ? cluster.url("postgres") : opt["database-url"];
    if (databaseUrl) {
      pgDbs = await benchDatabases(databaseUrl, ["query"]);
      pgStore = await openPostgresStore({ url: pgDbs.urls.query });
      out(`  copied the workspace into PostgreSQL (through the store: row keys, search entries) in ${(await copyWorkspace(db, store, ds.workspaceId, pgStore)).toFixed(1)} s`);
      pgClient = new pg.Client({ connectionString: pgDbs.urls.query });
      await pgClient.connect();
      await pgClient.query("VACUUM ANALYZE");
      const server = (await pgClient.query("SELECT version() AS v")).rows[0].v as string;
      out(`  PostgreSQL: ${server.split(" on ")[0]}; VACUUM ANALYZE done`);
      // The copied meta holds the admin key and dev token sealed under the data directory's key.
      const secretKey = readFileSync(join(dataDir, "secret.key"), "utf8").trim();
      pgQuire = await startChild<QuireReady>("quire-server.ts", { QUIRE_BENCH_DATABASE_URL: pgDbs.urls.query, QUIRE_SECRET_KEY: secretKey, ...breakdownEnv }, profileArgs);
      children.push(pgQuire);
      if (pgQuire.ready.token !== quire.ready.token) throw new Error(`the Quire on PostgreSQL did not reuse the copied workspace's token: ${pgQuire.ready.tokenProblem ?? "another token"}`);
      out(`server on PostgreSQL pid ${pgQuire.pid}`);
      pgAsk = asker(new URL(`${pgQuire.ready.url}/v1/data_sources/${ds.tasksDataSourceId}/query`), headers);
    }

    // Targets: each case's first page and deep page, checked against the hand-written SQL.
    const targets: Target[] = [];
    out("\nChecking every query against its hand-written SQL:");
    for (const c of cases(ds)) {
      const stmt = db.prepare(handSql(c));
      const handIds = (offset: number) => (stmt.all(ds!.workspaceId, ds!.tasksDataSourceId, ...c.params, PAGE, offset) as { id: string }[]).map((r) => r.id);
      const matches = (db.prepare(`SELECT count(*) AS n FROM nodes WHERE ${ROW_BASE} AND ${c.where}`).get(ds.workspaceId, ds.tasksDataSourceId, ...c.params) as { n: number }).n;
      const same = (got: string[], want: string[], what: string) => {
        if (got.length !== want.length || got.some((id, i) => id !== want[i]))
          throw new Error(`${c.id}, ${what}: Quire and the hand-written SQL disagree (${got.length} vs ${want.length} rows; first difference at ${got.findIndex((id, i) => id !== want[i])})`);
      };
      const deep = c.deep && matches >= DEEP + PAGE;
      const pages = await walkPages(ask, c, deep);
      same(pages.first.ids, handIds(0), "first page");
      const pgHand = pgClient ? pgHandIds(pgClient, c, ds) : null;
      const pgPages = pgAsk ? await walkPages(pgAsk, c, deep) : null;
      if (pgPages && pgHand) {
        same(await pgHand(0), handIds(0), "PostgreSQL hand-written SQL, first page");
        same(pgPages.first.ids, handIds(0), "PostgreSQL HTTP, first page");
      }
      const target = (page: "first" | "deep", offset: number, body: Buffer, pgBody: Buffer | null): Target =>
        ({ c, page, offset, body, ids: handIds(offset), matches, http: [], sql: [], engine: [], pgEngine: [], pgBody, pgHttp: [], pgSql: [], statements: NaN, pgStatements: NaN });
      targets.push(target("first", 0, pages.first.body, pgPages?.first.body ?? null));
      let line = `  ${c.id.padEnd(16)} ${String(matches).padStart(6)} matching rows: first page ok`;
      if (deep) {
        same(pages.deep!.ids, handIds(DEEP), `page at ${DEEP}`);
        if (pgPages && pgHand) {
          same(await pgHand(DEEP), handIds(DEEP), `PostgreSQL hand-written SQL, page at ${DEEP}`);
          same(pgPages.deep!.ids, handIds(DEEP), `PostgreSQL HTTP, page at ${DEEP}`);
        }
        targets.push(target("deep", DEEP, pages.deep!.body, pgPages?.deep!.body ?? null));
        line += `, page at ${DEEP} ok (reached with ${DEEP / PAGE} cursors)`;
      } else if (c.deep) line += `, too few rows for a page at ${DEEP}`;
      if (pgPages) line += ", PostgreSQL HTTP and SQL ok";
      // The engine alone answers the same rows.
      const q = engineQuery(c, schema, 0);
      const rows = (await store.read((tx) => tx.queryRows(ds!.workspaceId, ds!.tasksDataSourceId, q, null)))!;
      same(rows.slice(0, PAGE).map((r) => r.id), handIds(0), "engine, first page");
      if (pgStore) {
        const pgRows = (await pgStore.read((tx) => tx.queryRows(ds!.workspaceId, ds!.tasksDataSourceId, q, null)))!;
        same(pgRows.slice(0, PAGE).map((r) => r.id), handIds(0), "PostgreSQL engine, first page");
        line += ", PostgreSQL engine ok";
      }
      out(line);
    }

    if (opt["sqlite-mmap-mb"]) {
      const sizes = opt["sqlite-mmap-mb"].split(",").map(Number);
      const mmapTargets = targets.map((t) => ({
        label: `${t.c.id} ${t.page}`,
        body: t.body,
        query: engineQuery(t.c, schema, t.offset),
        at: cursorPosition(JSON.parse(t.body.toString()).start_cursor),
      }));
      const common = { dataDir, dbFile: ds.dbFile, workspaceId: ds.workspaceId, dataSourceId: ds.tasksDataSourceId, targets: mmapTargets, out };
      await compareMmap({ ...common, sizes, rounds: ROUNDS, seconds: SECONDS, minSamples: MIN_SAMPLES });
      out(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
      return;
    }
    // Statements per request, on metered servers of their own (the timed ones run without the meter;
    // on SQLite on a copy of the data set, since the timed server owns its directory).
    // The data set's key opens its sealed admin key and dev token (the PostgreSQL Quire has no directory to read it from).
    const sealing = { QUIRE_SECRET_KEY: readFileSync(join(dataDir, "secret.key"), "utf8").trim() };
    await countStatements({ ...sealing, QUIRE_BENCH_DATA_DIR: dirname(copyDatabase(ds.dbFile, join(dataDir, "metered"))) }, ds.tasksDataSourceId, headers, targets.map((t) => [t.body, (n) => (t.statements = n)]));
    if (pgDbs) await countStatements({ ...sealing, QUIRE_BENCH_DATABASE_URL: pgDbs.urls.query }, ds.tasksDataSourceId, headers, targets.map((t) => [t.pgBody!, (n) => (t.pgStatements = n)]));

    // Timed rounds, interleaved.
    for (let round = 1; round <= ROUNDS; round++) {
      out(`\nround ${round}  (load average ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
      for (const t of targets) {
        t.http.push(await timeHttp(quire, url, headers, t.c.id, t.body));
        const cpu = { others: t.http[t.http.length - 1].others };

        const stmt = db.prepare(handSql(t.c));
        const args = [ds.workspaceId, ds.tasksDataSourceId, ...t.c.params, PAGE, t.offset];
        t.sql.push({ ms: await timeLoop(SQL_SECONDS, MIN_SAMPLES, () => stmt.all(...args)) });

        const q = engineQuery(t.c, schema, t.offset);
        // A deep page starts at its cursor's row, as the server seeks it.
        const at = cursorPosition(JSON.parse(t.body.toString()).start_cursor);
        t.engine.push({ ms: await timeLoop(SQL_SECONDS, MIN_SAMPLES, () => store!.read((tx) => tx.queryRows(ds!.workspaceId, ds!.tasksDataSourceId, q, at))) });
        if (pgStore) t.pgEngine.push({ ms: await timeLoop(SQL_SECONDS, MIN_SAMPLES, () => pgStore!.read((tx) => tx.queryRows(ds!.workspaceId, ds!.tasksDataSourceId, q, at))) });
        if (pgQuire && pgClient && t.pgBody) {
          t.pgHttp.push(await timeHttp(pgQuire, pgAsk!.url, headers, t.c.id, t.pgBody));
          const sql = numbered(pgHandSql(t.c));
          const args = [ds.workspaceId, ds.tasksDataSourceId, ...t.c.params, PAGE, t.offset];
          t.pgSql.push({ ms: await timeLoop(SQL_SECONDS, MIN_SAMPLES, () => pgClient!.query(sql, args)) });
        }
        const last = (x: Samples[]) => (x.length ? x[x.length - 1].ms.sort((a, b) => a - b) : null);
        const [h, s, e] = [t.http, t.sql, t.engine].map((x) => last(x)!);
        const [pg, ph, ps] = [t.pgEngine, t.pgHttp, t.pgSql].map(last);
        const p = (x: Float64Array | number[], q: number, d = 1) => fmt(percentile(x as number[], q), d).padStart(6);
        out(
          `  ${(t.c.id + " " + t.page).padEnd(22)} HTTP p50 ${p(h, 50)} p99 ${p(h, 99)} ms (n=${h.length}, srv CPU ${fmt(t.http[t.http.length - 1].serverMs ?? NaN, 0)} ms/req, others ${fmt(cpu?.others ?? NaN, 2)})` +
            `   SQL p50 ${p(s, 50, 2)} p99 ${p(s, 99, 2)}   engine p50 ${p(e, 50, 2)} p99 ${p(e, 99, 2)}` +
            (pg ? `   PostgreSQL engine p50 ${p(pg, 50, 2)} p99 ${p(pg, 99, 2)}` : "") +
            (ph && ps ? `   PostgreSQL HTTP p50 ${p(ph, 50)} p99 ${p(ph, 99)} (srv CPU ${fmt(t.pgHttp[t.pgHttp.length - 1].serverMs ?? NaN, 0)} ms/req)   SQL p50 ${p(ps, 50, 2)} p99 ${p(ps, 99, 2)}` : ""),
        );
      }
    }
    const endMem = procStatus(quire.pid);
    report("SQLite", targets.map((t) => ({ t, side: t })));
    if (opt.breakdown) breakdownReport("SQLite", targets.map((t) => ({ t, http: t.http })));
    if (pgQuire) report("PostgreSQL", targets.map((t) => ({ t, side: { http: t.pgHttp, sql: t.pgSql, engine: t.pgEngine, statements: t.pgStatements } })));
    if (pgQuire && opt.breakdown) breakdownReport("PostgreSQL", targets.map((t) => ({ t, http: t.pgHttp })));
    if (pgStore) sideBySide(targets);
    out(`\nMemory of the server process (database file ${(databaseBytes(ds) / 2 ** 20).toFixed(0)} MiB):`);
    out(`  Quire on an empty data dir, after start:        ${memText(emptyMem)}`);
    out(`  with ${ds.rows.toLocaleString("en-US")} rows, after start:           ${memText(startedMem)}`);
    out(`  with ${ds.rows.toLocaleString("en-US")} rows, after every timed query: ${memText(endMem)}`);
    if (pgQuire) out(`  on PostgreSQL, after every timed query:     ${memText(procStatus(pgQuire.pid))}`);
    out(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    if (opt.json)
      writeFileSync(
        opt.json,
        JSON.stringify(
          { at: new Date().toISOString(), rows: ds.rows, memory: { empty: emptyMem, started: startedMem, end: endMem, dbBytes: databaseBytes(ds) }, targets: targets.map(({ body, ids, ...t }) => ({ ...t, c: t.c.id })) },
          null,
          1,
        ),
      );
  } finally {
    db?.close();
    await pgClient?.end();
    await store?.close();
    await pgStore?.close();
    await pgDbs?.drop();
    cluster?.stop();
    await Promise.all(children.map((c) => c.close()));
    closeConnections();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  if (opt.profile) out(`CPU profile written to ${resolve(opt.profile)}; summarize with: npx tsx bench/profile-summary.ts FILE.cpuprofile`);
}

/** The engines side by side: Tx.queryRows on SQLite and on PostgreSQL, same queries, same rows. */
function sideBySide(targets: Target[]) {
  const rows = [["query", "page", "rows", "SQLite p50", "SQLite p99", "PostgreSQL p50", "PostgreSQL p99", "PG ÷ SQLite p50"]];
  for (const t of targets) {
    const e = stats(t.engine);
    const p = stats(t.pgEngine);
    rows.push([t.c.id, t.page === "first" ? "first" : `@${t.offset}`, String(t.matches), fmt(e.p50), fmt(e.p99), fmt(p.p50), fmt(p.p99), fmt(p.p50 / e.p50, 2)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  out(`\nEngine (Tx.queryRows, page of ${PAGE + 1} rows) on both backends:\n${line(rows[0])}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.slice(1).map(line).join("\n")}`);
  if (opt.markdown) {
    const md = (r: string[]) => `| ${r.join(" | ")} |`;
    out(`\n${md(rows[0])}\n${md(rows[0].map((_, i) => (i <= 1 ? "---" : "---:")))}\n${rows.slice(1).map(md).join("\n")}`);
  }
}

/** The row a start_cursor names (Quire's cursors are base64url JSON: [offset, id, key]). */
function cursorPosition(cursor: string | undefined): OrderPosition | null {
  if (!cursor) return null;
  const [, id, key] = JSON.parse(Buffer.from(cursor, "base64url").toString());
  return { id, key };
}

function engineQuery(c: Case, schema: PropertySchema[], offset: number): RowQuery {
  const filter = parseFilter(c.body.filter, schema, { now: Date.now() });
  const sorts = parseSorts(c.body.sorts, schema, { path: "body.sorts" });
  // What Quire asks the store for one page: page_size + 1 rows (the extra one says has_more).
  return { filter, sorts, trashed: false, offset, limit: PAGE + 1 };
}

/** One backend's table: HTTP against its hand-written SQL, server CPU, its engine; and the goals. */
function report(backend: string, rowsOf: { t: Target; side: Side }[]) {
  const rows = [["query", "page", "rows", "HTTP p50", "HTTP p99", "p50 spread", "srv CPU/req", "stmts/req", "SQL p50", "SQL p99", "×SQL p50", "×SQL p99", "engine p50", "engine p99", "others CPU", "≤ 3×", "p99 < 50"]];
  let ratio = 0;
  let fast = 0;
  for (const { t, side } of rowsOf) {
    const h = stats(side.http);
    const s = stats(side.sql);
    const e = stats(side.engine);
    const within = h.p50 / s.p50 <= 3 && h.p99 / s.p99 <= 3;
    if (within) ratio++;
    if (h.p99 < 50) fast++;
    rows.push([
      t.c.id,
      t.page === "first" ? "first" : `@${t.offset}`,
      String(t.matches),
      fmt(h.p50),
      fmt(h.p99),
      `${fmt(h.p50min)}–${fmt(h.p50max)}`,
      fmt(median(side.http.map((r) => r.serverMs ?? NaN)), 0),
      fmt(side.statements, 0),
      fmt(s.p50),
      fmt(s.p99),
      fmt(h.p50 / s.p50, 2),
      fmt(h.p99 / s.p99, 2),
      fmt(e.p50),
      fmt(e.p99),
      fmt(h.others, 2),
      within ? "yes" : "NO",
      h.p99 < 50 ? "yes" : "NO",
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  out(`\n${backend}:\n${line(rows[0])}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.slice(1).map(line).join("\n")}`);
  if (opt.markdown) {
    const md = (r: string[]) => `| ${r.join(" | ")} |`;
    out(`\n${md(rows[0])}\n${md(rows[0].map((_, i) => (i <= 1 ? "---" : "---:")))}\n${rows.slice(1).map(md).join("\n")}`);
  }
  out(
    "\nTimes in ms. HTTP p50/p99: medians over rounds of each round's percentile (with fewer than 100 samples in a round, its p99 is its slowest);" +
      "\nspread: lowest–highest round p50; srv CPU/req: the server's CPU time per request; stmts/req: store statements per request (Server-Timing of a metered server, BEGIN/COMMIT included on PostgreSQL); others CPU: cores used by other processes (noise)." +
      "\nSQL: the hand-written query (one statement, LIMIT 100 OFFSET n); engine: Tx.queryRows in this process (no HTTP, access checks or presenters).",
  );
  out(`${backend}: goal "within 3× of hand-written SQL": ${ratio} of ${rowsOf.length}; HTTP p99 under 50 ms: ${fast} of ${rowsOf.length}.`);
}

/** Starts a metered Quire (QUIRE_SERVER_TIMING=1) with `env`, sends each body twice and hands the second answer's statement count to its callback. */
async function countStatements(env: Record<string, string>, dsId: string, headers: Record<string, string>, bodies: [Buffer, (n: number) => void][]): Promise<void> {
  const metered = await startChild<QuireReady>("quire-server.ts", { ...env, QUIRE_SERVER_TIMING: "1" });
  try {
    const url = new URL(`${metered.ready.url}/v1/data_sources/${dsId}/query`);
    for (const [body, done] of bodies) {
      await post(url, headers, body); // the first answer fills per-process caches (row counts, schemas)
      const r = await post(url, headers, body);
      done(Number(/"(\d+) statements"/.exec(r.serverTiming ?? "")?.[1] ?? NaN));
    }
  } finally {
    await metered.close();
  }
}

type Ask = ((body: unknown) => Promise<{ results: { id: string }[]; next_cursor: string | null }>) & { url: URL };

/** Sends one query request to `url` and answers its parsed page (any status but 200 throws). */
function asker(url: URL, headers: Record<string, string>): Ask {
  const ask = async (body: unknown) => {
    const r = await post(url, headers, Buffer.from(JSON.stringify(body)));
    if (r.status !== 200) throw new Error(`query answered ${r.status}: ${r.text.slice(0, 500)}`);
    return JSON.parse(r.text) as { results: { id: string }[]; next_cursor: string | null };
  };
  return Object.assign(ask, { url });
}

/** A case's first page and, when `deep`, its page at --deep reached with cursors as a client would: each page's ids and request body. */
async function walkPages(ask: Ask, c: Case, deep: boolean) {
  let body: Record<string, unknown> = { ...c.body, page_size: PAGE };
  let page = await ask(body);
  const first = { ids: page.results.map((r) => r.id), body: Buffer.from(JSON.stringify(body)) };
  if (!deep) return { first, deep: null };
  for (let offset = PAGE; offset <= DEEP; offset += PAGE) {
    body = { ...c.body, page_size: PAGE, start_cursor: page.next_cursor };
    page = await ask(body);
  }
  return { first, deep: { ids: page.results.map((r) => r.id), body: Buffer.from(JSON.stringify(body)) } };
}

/** Times one request body over HTTP for --seconds, with the server's CPU per request (and, with --breakdown, each request taken apart). */
async function timeHttp(server: Child<unknown>, url: URL, headers: Record<string, string>, what: string, body: Buffer): Promise<Samples> {
  const spans = () => server.ask<{ spans: Span[] }>("breakdown", "breakdown").then((m) => m.spans);
  if (opt.breakdown) await spans(); // what the server did before this run is not this run's
  const done = measureCpu(server.pid);
  const at: ClientSample[] = [];
  const ms = await timeLoop(SECONDS, MIN_SAMPLES, async () => {
    const t0 = performance.timeOrigin + performance.now();
    const r = await post(url, headers, body);
    at.push({ t0, t1: performance.timeOrigin + performance.now() });
    if (r.status !== 200) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  });
  const cpu = done();
  const spent = ms.reduce((a, b) => a + b, 0);
  const explained = opt.breakdown ? explain(at, await spans()) : undefined;
  return { ms, others: cpu?.others, serverMs: cpu ? (cpu.server * spent) / ms.length : undefined, explained };
}

/**
 * --breakdown: per case, the client's and the server's p50/p99 and each run's two slowest requests
 * taken apart; then, over every request slower than twice its run's median, how much of the excess
 * the server's own time, the pool wait, GC and loop stalls account for.
 */
function breakdownReport(backend: string, rowsOf: { t: Target; http: Samples[] }[]) {
  out(`\n${backend}, where the time went (--breakdown; ms; "outside": client time not spent between the server's request event and its finish):`);
  const all: { e: Explained; p50: number }[] = [];
  for (const { t, http } of rowsOf) {
    for (const run of http) {
      const ex = run.explained ?? [];
      if (ex.length === 0) continue;
      const sorted = (f: (e: Explained) => number) => Float64Array.from(ex.map(f)).sort();
      const p = (f: (e: Explained) => number, q: number) => fmt(percentile(sorted(f) as unknown as number[], q));
      const p50 = percentile(sorted((e) => e.client) as unknown as number[], 50);
      out(`  ${(t.c.id + " " + t.page).padEnd(22)} n=${ex.length} client p50 ${p((e) => e.client, 50)} p99 ${p((e) => e.client, 99)}   server p50 ${p((e) => e.server, 50)} p99 ${p((e) => e.server, 99)}   outside p50 ${p((e) => e.outside, 50)} p99 ${p((e) => e.outside, 99)}   main-pool SQL p50 ${p((e) => e.mainSql, 50)} p99 ${p((e) => e.mainSql, 99)}`);
      for (const e of [...ex].sort((a, b) => b.client - a.client).slice(0, 2)) out(`      slow: ${line(e)}`);
      for (const e of ex) all.push({ e, p50 });
    }
  }
  const slow = all.filter(({ e, p50 }) => e.client > 2 * p50);
  const sum = (f: (e: Explained) => number) => slow.reduce((a, { e }) => a + f(e), 0);
  const excess = slow.reduce((a, { e, p50 }) => a + e.client - p50, 0);
  out(
    `  ${slow.length} of ${all.length} requests took over twice their run's median; their excess over it: ${fmt(excess, 0)} ms in all. Summed over them: ` +
      `outside ${fmt(sum((e) => e.outside), 0)}, pool wait ${fmt(sum((e) => e.checkout), 0)}, main-pool SQL ${fmt(sum((e) => e.mainSql), 0)}, other pools' SQL ${fmt(sum((e) => e.sideSql), 0)}, GC ${fmt(sum((e) => e.gc), 0)}, loop stalls ${fmt(sum((e) => e.stall), 0)}, new connections ${sum((e) => e.connects)}; ` +
      `with another pool's statement during them: ${slow.filter(({ e }) => e.sideStatements.length > 0).length}, with GC: ${slow.filter(({ e }) => e.gc > 0).length}, with a stall: ${slow.filter(({ e }) => e.stall > 0).length}.`,
  );
}

function line(e: Explained): string {
  return (
    `client ${fmt(e.client)} = server ${fmt(e.server)} + outside ${fmt(e.outside)}; server: pool wait ${fmt(e.checkout)}, main-pool SQL ${fmt(e.mainSql)} (${e.mainStatements} stmts), ` +
    `other pools ${fmt(e.sideSql)}${e.sideStatements.length ? ` [${e.sideStatements.join("; ")}]` : ""}, GC ${fmt(e.gc)}${e.gcKinds.length ? ` [${e.gcKinds.join(", ")}]` : ""}, stalls ${fmt(e.stall)}, new connections ${e.connects}; longest: ${e.top.join(" | ")}`
  );
}

const pgHandSql = (c: Case) => `SELECT * FROM nodes WHERE ${PG_ROW_BASE} AND ${c.pgWhere} ORDER BY ${c.pgOrderBy} LIMIT ? OFFSET ?`;

/** The case's hand-written SQL on PostgreSQL: the ids of the page at `offset`. */
function pgHandIds(client: pg.Client, c: Case, ds: Dataset) {
  const sql = numbered(pgHandSql(c));
  return async (offset: number) => (await client.query<{ id: string }>(sql, [ds.workspaceId, ds.tasksDataSourceId, ...c.params, PAGE, offset])).rows.map((r) => r.id);
}

await main();
