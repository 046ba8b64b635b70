/**
 * Data-source rows for SQLite: the row-key index and the query planner that uses it.
 *
 * Every database page has entries in `row_keys` (scope = its data source, name = a property's
 * type-tagged id or a node column, v = a non-empty comparable value; src/query/values.ts
 * rowKeys), kept in step with each write of the page by this class: domain code cannot forget
 * it. A query then avoids reading every row's JSON:
 *
 * - **lookup**: a top-level condition that an index range answers (option/people/relation
 *   contains, number and date comparisons, text equals, checkbox true, timestamps) and that
 *   matches few rows gives the candidates, ordered from their entries; only the rows up to the
 *   page's end are evaluated.
 * - **walk**: otherwise the rows are read in the order of the first sort key (or newest first)
 *   from the index, in growing batches, each entry probed against the other indexable conditions
 *   (negative ones too) before any row is read; select/status then a second key walks each
 *   option along the second key. Cursors seek: a page starts at its cursor's key.
 * - **scan**: the trash (through its own partial index), small data sources, sort keys the index
 *   cannot order (multi-select, people, relation, files, formulas…), rows with an empty first
 *   sort key (the tail of a walk), and walks that find too few matches run the compiled query
 *   over every row.
 *
 * A data source's templates (src/storage/templates.ts) are not its rows: they have no entries, and
 * scans leave out the data source's template ids (read once per query; none, and the SQL is as
 * before).
 *
 * Every plan evaluates the same compiled WHERE and ORDER BY (src/query/compile.ts) on a subset
 * that contains every matching row of the page, so plans differ in cost only;
 * test/query-differential.test.ts and test/query-planner.test.ts hold them to the in-memory
 * evaluator. Figures: docs/PERFORMANCE.md.
 */
import type Database from "better-sqlite3";
import { compileBefore, compileSqlite, sortExpressions, type CompiledQuery } from "../query/compile.js";
import { sqliteDialect } from "../query/dialect.js";
import { conditionCount, isBlank, isExistence, type Condition, type FilterNode, type OrderPosition, type Sortable, type SortKey, type Target } from "../query/ast.js";
import { comparePositions } from "../query/evaluate.js";
import { COLUMN_KEYS, TEXT_TYPES, keyName, projectIdx, rowKeys, type RowKey } from "../query/values.js";
import type { PropertySchema } from "../api/properties.js";
import type { NodeRow, RowQuery } from "./types.js";
import { StatementCache } from "./statements.js";

/**
 * Bump to rebuild every row's keys and `idx` projection on the next start (when rowKeys or
 * projectIdx changes meaning). 2: dates compare at the minute (src/domain/dates.ts).
 */
const ROW_KEYS_VERSION = "2";

export const ROW_BASE = `n.workspace_id = ? AND n.parent_id = ? AND n.type = 'page' AND n.in_trash = ?`;
/**
 * The two ways to scan a data source's rows, chosen per data source by scanSource(): through
 * nodes_children (one primary-key lookup per row, in position order: random places in the table)
 * or along the primary key, scanning the workspace's nodes in key order (nodes of other parents
 * are skipped after reading their first columns). Named, because without statistics SQLite picks
 * the scan for every size, and statistics would pick the index for every size.
 */
export const ROW_FROM_INDEX = `nodes n INDEXED BY nodes_children`;
// The primary key of a WITHOUT ROWID table is its b-tree; SQLite names it sqlite_autoindex_<table>_1.
const ROW_FROM_SCAN = `nodes n INDEXED BY sqlite_autoindex_nodes_1`;
/**
 * A lookup through the index costs about ten times a scanned node (docs/PERFORMANCE.md, "Data
 * source queries": at 100,000 rows, 0.9–1.9 s against 75–180 ms for the same rows): scan when
 * the data source holds more than an eighth of the workspace's nodes.
 */
const SCAN_WHEN_ROWS_EXCEED = 1 / 8;
/**
 * Filters with more conditions run in memory (the caller gets null): SQLite's compile time grows
 * faster than the conditions (measured: 100 → 2 ms, 1,000 → 17 ms, 2,500 → 60 ms, 10,000 →
 * 790 ms, one statement before any row is read), and one statement cannot pause for other
 * requests; in memory the work is linear in rows × conditions, paced and under the request's
 * deadline (src/domain/budget.ts). 100 keeps every filter of one compound array in SQL.
 */
export const SQL_MAX_CONDITIONS = 100;
/** Writes after which a data source's counts are taken again. */
const COUNTS_AGE_WRITES = 1000;

/** Planner thresholds; tests lower them to drive every plan over small data. */
export interface PlannerOptions {
  /** Data sources with at most this many rows are always scanned (a scan is cheap there). */
  scanBelowRows: number;
  /** The first batch of a walk (doubling up to maxBatch). */
  firstBatch: number;
  maxBatch: number;
  /**
   * Sets of rows (a lookup's, an option's) up to this size are read whole; null: the square
   * root of page size × rows, where reading them whole costs what a walk to the page's end
   * would at their density.
   */
  smallSetAtMost?: number | null;
}
export const DEFAULT_PLANNER: PlannerOptions = { scanBelowRows: 2000, firstBatch: 128, maxBatch: 4096 };

/** How often each plan ran in this process (diagnostics; the planner test checks every plan ran). */
export const PLAN_COUNTS = { scan: 0, lookup: 0, walk: 0, optionGroups: 0, empties: 0, gaveUp: 0 };

type Row = Record<string, unknown>;
type Value = number | string;

/** A key range that answers one top-level condition (a superset of its rows). */
interface Lookup {
  name: string;
  /** The condition holds only for rows with NO entry among `values` (a negative condition). */
  absent?: true;
  values?: readonly Value[];
  lo?: { v: number; incl: boolean };
  hi?: { v: number; incl: boolean };
}

/** How the rows of the first sort key are read in order. */
interface WalkSpec {
  name: string;
  desc: boolean;
  /** select/status: option ids in rank order; the walk goes option by option. */
  options?: readonly string[];
  /** True when the first key is the only one (ties are broken by id alone). */
  single: boolean;
}

export class SqliteRows {
  private writes = 0;
  /** True while every row's keys are rebuilt (rows are synced as inserted, templates among them). */
  private rebuilding = false;
  private readonly schemas = new Map<string, { text: string; schema: PropertySchema[] }>();
  private readonly counts = new Map<string, { rows: number; from: string; writes: number }>();

  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly planner: PlannerOptions = DEFAULT_PLANNER,
  ) {
    this.statements = new StatementCache(db, 500);
  }

  /** A statement by SQL text, prepared once. */
  prepared(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  // ---- Keeping the index in step -------------------------------------------------------------

  /**
   * Call before a node is written (`inserted`: a new node, else an update of a stored one):
   * brings its row keys in step and returns the `key_list` column's new value.
   */
  sync(row: NodeRow, inserted: boolean): string | null {
    this.writes++;
    if (row.type !== "page") return null; // only pages are ever rows of a data source
    let before: { scope: number; keys: RowKey[] } | null = null;
    if (!inserted) {
      const old = this.prepared(`SELECT parent_id, key_list FROM nodes WHERE workspace_id = ? AND id = ?`).get(row.workspace_id, row.id) as Row | undefined;
      if (old?.key_list) {
        const scope = this.scope(row.workspace_id, old.parent_id as string, false);
        if (scope !== null) before = { scope, keys: JSON.parse(old.key_list as string) as RowKey[] };
      }
    }
    // A page inserted now cannot have been marked a template yet (rows being rebuilt can).
    const isRow = row.parent_type === "data_source_id" && row.parent_id !== null && ((inserted && !this.rebuilding) || !this.isTemplate(row.workspace_id, row.id, row.parent_id));
    const after = isRow ? { scope: this.scope(row.workspace_id, row.parent_id!, true)!, keys: this.keysOf(row) } : null;
    const del = this.prepared(`DELETE FROM row_keys WHERE scope = ? AND name = ? AND v = ? AND node = ?`);
    const ins = this.prepared(`INSERT OR IGNORE INTO row_keys (scope, name, v, node) VALUES (?, ?, ?, ?)`);
    const id = (k: RowKey) => `${k[0]}\u0000${typeof k[1]}\u0000${k[1]}`;
    const same = before && after && before.scope === after.scope;
    const keep = same ? new Set(after!.keys.map(id)) : new Set<string>();
    const had = same ? new Set(before!.keys.map(id)) : new Set<string>();
    if (before) for (const k of before.keys) if (!keep.has(id(k))) del.run(before.scope, k[0], k[1], row.id);
    if (after) for (const k of after.keys) if (!had.has(id(k))) ins.run(after.scope, k[0], k[1], row.id);
    return after ? JSON.stringify(after.keys) : null;
  }

  /** Brings a stored page's keys in step after its template flag changed (sqlite-templates.ts). */
  resync(ws: string, id: string): void {
    const r = this.prepared(`SELECT * FROM nodes WHERE workspace_id = ? AND id = ?`).get(ws, id) as Row | undefined;
    if (!r) return;
    const row = { ...r, properties: r.properties ? JSON.parse(r.properties as string) : null } as unknown as NodeRow;
    this.prepared(`UPDATE nodes SET key_list = ? WHERE workspace_id = ? AND id = ?`).run(this.sync(row, false), ws, id);
  }

  /** Whether the page is a template of the data source (then it is not one of its rows). */
  private isTemplate(ws: string, id: string, dsId: string): boolean {
    return this.prepared(`SELECT 1 FROM page_templates WHERE workspace_id = ? AND page_id = ? AND data_source_id = ?`).get(ws, id, dsId) !== undefined;
  }

  /**
   * The condition (on `n.id`, with its one parameter) that leaves the data source's templates
   * out of a scan of its pages; none when it has no templates.
   */
  templateExclusion(ws: string, dsId: string): { sql: string; params: unknown[] } {
    const ids = this.prepared(`SELECT page_id FROM page_templates WHERE workspace_id = ? AND data_source_id = ?`).pluck().all(ws, dsId) as string[];
    return ids.length === 0 ? { sql: "", params: [] } : { sql: ` AND n.id NOT IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] };
  }

  /** Rebuilds every row's keys and idx (first start after the index was added, or a new key version). */
  rebuildIfNeeded(): void {
    const version = this.db.prepare(`SELECT value FROM meta WHERE key = 'row_keys'`).pluck().get();
    if (version === ROW_KEYS_VERSION) return;
    this.rebuilding = true;
    try {
      this.rebuildAll();
    } finally {
      this.rebuilding = false;
    }
  }

  private rebuildAll(): void {
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM row_keys; UPDATE nodes SET key_list = NULL WHERE key_list IS NOT NULL;`);
      // In slices along the primary key: a large workspace never sits in memory whole.
      const slice = this.db.prepare(
        `SELECT * FROM nodes WHERE (workspace_id, id) > (?, ?) AND type = 'page' AND parent_type = 'data_source_id' ORDER BY workspace_id, id LIMIT 1000`,
      );
      const set = this.db.prepare(`UPDATE nodes SET key_list = ?, idx = ? WHERE workspace_id = ? AND id = ?`);
      let from: [string, string] = ["", ""];
      for (let rows = slice.all(...from) as Row[]; rows.length > 0; rows = slice.all(...from) as Row[]) {
        for (const r of rows) {
          const row = { ...r, properties: r.properties ? JSON.parse(r.properties as string) : null } as unknown as NodeRow;
          // The idx projection is derived the same way, so it is brought up to date with the keys.
          const idx = projectIdx(this.schemaOf(row.workspace_id, row.parent_id!), row.properties);
          set.run(this.sync(row, true), JSON.stringify(idx), row.workspace_id, row.id);
        }
        const last = rows[rows.length - 1];
        from = [last.workspace_id as string, last.id as string];
      }
      this.db.prepare(`INSERT INTO meta (key, value) VALUES ('row_keys', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(ROW_KEYS_VERSION);
    })();
  }

  /** The index entries of a database page: its property values and its node columns. */
  private keysOf(row: NodeRow): RowKey[] {
    const keys = rowKeys(this.schemaOf(row.workspace_id, row.parent_id!), row.properties);
    keys.push(
      [COLUMN_KEYS.created_time, row.created_time],
      [COLUMN_KEYS.last_edited_time, row.last_edited_time],
      [COLUMN_KEYS.created_by, row.created_by],
      [COLUMN_KEYS.last_edited_by, row.last_edited_by],
    );
    return keys;
  }

  /** The data source's schema as stored now (parsed again only when its text changed). */
  private schemaOf(ws: string, dsId: string): PropertySchema[] {
    const text = this.prepared(`SELECT data FROM nodes WHERE workspace_id = ? AND id = ?`).pluck().get(ws, dsId) as string | undefined;
    if (text === undefined) return [];
    const key = `${ws}/${dsId}`;
    const known = this.schemas.get(key);
    if (known && known.text === text) return known.schema;
    const schema = ((JSON.parse(text) as { properties?: PropertySchema[] }).properties ?? []).filter((p) => p && typeof p.id === "string");
    if (this.schemas.size > 200) this.schemas.clear();
    this.schemas.set(key, { text, schema });
    return schema;
  }

  private scope(ws: string, dsId: string, create: boolean): number | null {
    // Not cached: a scope made by a transaction that rolls back must not outlive it.
    const get = this.prepared(`SELECT scope FROM row_scopes WHERE workspace_id = ? AND data_source_id = ?`).pluck();
    const scope = get.get(ws, dsId) as number | undefined;
    if (scope !== undefined) return scope;
    if (!create) return null;
    return Number(this.prepared(`INSERT INTO row_scopes (workspace_id, data_source_id) VALUES (?, ?)`).run(ws, dsId).lastInsertRowid);
  }

  // ---- Counting ------------------------------------------------------------------------------

  /** The data source's row count and its scan path, remembered for COUNTS_AGE_WRITES writes. */
  private counted(ws: string, dsId: string): { rows: number; from: string } {
    const key = `${ws}/${dsId}`;
    const known = this.counts.get(key);
    if (known && this.writes - known.writes < COUNTS_AGE_WRITES) return known;
    const rows = this.prepared(`SELECT count(*) FROM nodes INDEXED BY nodes_children WHERE workspace_id = ? AND parent_id = ?`).pluck().get(ws, dsId) as number;
    const enough = Math.ceil(rows / SCAN_WHEN_ROWS_EXCEED) + 1;
    const nodes = rows === 0 ? 0 : (this.prepared(`SELECT count(*) FROM (SELECT 1 FROM nodes INDEXED BY nodes_children WHERE workspace_id = ? LIMIT ?)`).pluck().get(ws, enough) as number);
    const from = rows > 0 && nodes < enough ? ROW_FROM_SCAN : ROW_FROM_INDEX;
    if (this.counts.size > 1000) this.counts.clear();
    const entry = { rows, from, writes: this.writes };
    this.counts.set(key, entry);
    return entry;
  }

  /** The FROM clause that reads every row of a data source fastest. */
  scanSource(ws: string, dsId: string): string {
    return this.counted(ws, dsId).from;
  }

  // ---- Querying ------------------------------------------------------------------------------

  /**
   * Those of `ids` that are rows of the data source: each has a `:created_time` entry in its
   * scope, found by one seek in the narrow row_keys_node index (a node lookup reads the whole
   * row and costs about ten times as much).
   */
  rowsAmong(ws: string, dsId: string, ids: readonly string[]): string[] {
    const scope = this.scope(ws, dsId, false);
    if (scope === null || ids.length === 0) return [];
    return this.prepared(
      `SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM row_keys k INDEXED BY row_keys_node WHERE k.scope = ? AND k.node = j.value AND k.name = '${COLUMN_KEYS.created_time}')`,
    ).pluck().all(JSON.stringify(ids), scope) as string[];
  }

  /**
   * The distinct page ids held in a relation property by the data source's rows, from their
   * index entries: one seek per distinct id (rows relating to few pages — tasks to projects —
   * cost a few seeks, not a read of every row's entry).
   */
  relatedIds(ws: string, dsId: string, propertyId: string): string[] {
    const scope = this.scope(ws, dsId, false);
    if (scope === null) return [];
    // A skip-scan inside SQLite: each step seeks the next value after the last. Page ids are
    // text, and text sorts after every number: '' starts below them all.
    const sql = `WITH RECURSIVE d(v) AS (
        SELECT (SELECT min(v) FROM row_keys WHERE scope = @scope AND name = @name AND v > '')
        UNION ALL
        SELECT (SELECT min(v) FROM row_keys WHERE scope = @scope AND name = @name AND v > d.v) FROM d WHERE d.v IS NOT NULL
      ) SELECT v FROM d WHERE v IS NOT NULL`;
    return this.prepared(sql).pluck().all({ scope, name: keyName("relation", propertyId) }) as string[];
  }

  /**
   * Ids of the rows of a query's page, in order: `q.limit` rows from `at` (a cursor's row,
   * included when it still matches) or from row `q.offset`. Null when the query needs memory
   * (formula or rollup values, more than SQL_MAX_CONDITIONS conditions).
   */
  ids(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null): string[] | null {
    if (conditionCount(q.filter) > SQL_MAX_CONDITIONS) return null;
    const c = compileSqlite(q.filter, q.sorts);
    if (!c) return null;
    const exprs = sortExpressions(sqliteDialect, q.sorts);
    if (!exprs) return null;
    const run: Run = {
      ws, dsId, q, c, at, scope: 0, templates: this.templateExclusion(ws, dsId),
      notBefore(params) {
        if (!at) return "1";
        const before = compileBefore(sqliteDialect, q.sorts, at, params);
        return before === null ? "1" : `NOT coalesce(${before}, 0)`;
      },
    };
    const counts = this.counted(ws, dsId);
    const scan = () => {
      PLAN_COUNTS.scan++;
      return this.scan(run, at ? 0 : q.offset, "1", q.limit);
    };
    if (q.limit === 0) return [];
    // The trash is read through its own index; the planner's entries cover every row.
    if (q.trashed || counts.rows <= this.planner.scanBelowRows || (!at && q.offset > 0)) return scan();
    const scope = this.scope(ws, dsId, false);
    if (scope === null) return scan();
    run.scope = scope;

    const lookups = lookupsOf(q.filter);
    const threshold = this.planner.smallSetAtMost ?? Math.max(64, Math.ceil(Math.sqrt(q.limit * counts.rows)));
    const best = this.bestLookup(scope, lookups, threshold);
    if (best) {
      PLAN_COUNTS.lookup++;
      return this.ordered(run, best, q.limit);
    }
    const walk = walkSpec(q.sorts);
    if (!walk || exprs[0] === null) return scan();
    // Select/status then a key with its own order (not options: their gone ones sort as empty).
    const inner = walk.options && q.sorts.length === 2 ? walkSpec(q.sorts.slice(1)) : null;
    if (walk.options && inner && !inner.options) return this.optionGroups(run, walk, inner, exprs[0], lookups, threshold, counts.rows) ?? scan();
    return this.walk(run, walk, exprs[0], lookups, counts.rows) ?? scan();
  }

  /** The compiled query over every row, from `offset`, restricted by `extra`. */
  private scan(r: Run, offset: number, extra: string, limit: number): string[] {
    const params: unknown[] = [];
    const nb = r.notBefore(params);
    // Ids first (a narrow sort), then the page's rows: sorting whole rows cost 4× as much.
    // Rows in the trash come from the partial index of trashed nodes (few, as a rule); its
    // condition must be written out for SQLite to use it.
    const from = r.q.trashed ? `nodes n INDEXED BY nodes_trashed` : this.scanSource(r.ws, r.dsId);
    const base = `n.workspace_id = ? AND n.parent_id = ? AND n.type = 'page' AND n.in_trash = ${r.q.trashed ? 1 : 0}${r.templates.sql}`;
    const sql = `SELECT n.id FROM ${from} WHERE ${base} AND (${r.c.where}) AND ${nb} AND ${extra} ORDER BY ${r.c.orderBy}, n.id LIMIT ? OFFSET ?`;
    return this.prepared(sql).pluck().all(r.ws, r.dsId, ...r.templates.params, ...r.c.params, ...params, limit, offset) as string[];
  }

  /** The compiled query over the rows `ids` (in any order). */
  private among(r: Run, ids: readonly string[], limit: number): string[] {
    if (ids.length === 0) return [];
    const params: unknown[] = [];
    const nb = r.notBefore(params);
    const sql = `SELECT n.id FROM nodes n WHERE n.workspace_id = ? AND n.id IN (SELECT value FROM json_each(?)) AND n.parent_id = ? AND n.type = 'page' AND n.in_trash = ? AND (${r.c.where}) AND ${nb} ORDER BY ${r.c.orderBy}, n.id LIMIT ?`;
    return this.prepared(sql).pluck().all(r.ws, JSON.stringify(ids), r.dsId, r.q.trashed ? 1 : 0, ...r.c.params, ...params, limit) as string[];
  }

  /**
   * The first `limit` matches among `ids` (a superset of the matches, in any order). Large sets
   * whose sort keys the index holds are put in order from the index first, so that only the
   * rows up to the page's end are read (from the cursor's place on); others go to the compiled
   * ORDER BY whole.
   */
  private ordered(r: Run, ids: readonly string[], limit: number): string[] {
    if (ids.length <= ORDER_IN_SQL_UP_TO) return this.among(r, ids, limit);
    const sorted = this.sortByKeys(r, ids);
    if (!sorted) return this.among(r, ids, limit);
    const out: string[] = [];
    let batch = this.planner.firstBatch;
    for (let i = 0; i < sorted.length && out.length < limit; i += batch, batch = Math.min(batch * 2, this.planner.maxBatch))
      out.push(...this.among(r, sorted.slice(i, i + batch), limit - out.length));
    return out;
  }

  /**
   * `ids` in the query's order, from the cursor's place on, computed from their index entries;
   * null when a sort key's order is not in the index (multi-select, people, relation, files,
   * verification).
   */
  private sortByKeys(r: Run, ids: readonly string[]): string[] | null {
    const sources = r.q.sorts.length === 0 ? [keySource({ target: { kind: "column", column: "created_time" }, direction: "descending" })] : r.q.sorts.map(keySource);
    if (sources.some((x) => x === null)) return null;
    const names = [...new Set(sources.map((x) => x!.name).filter((n): n is string => n !== null))];
    const values = new Map<string, Map<string, Value>>();
    if (names.length) {
      const rows = this.prepared(
        `SELECT k.node, k.name, k.v FROM json_each(?) j CROSS JOIN row_keys k INDEXED BY row_keys_node ON k.scope = ? AND k.node = j.value AND k.name IN (${names.map(() => "?").join(", ")})`,
      ).raw().all(JSON.stringify(ids), r.scope, ...names) as [string, string, Value][];
      for (const [node, name, v] of rows) {
        let m = values.get(node);
        if (!m) values.set(node, (m = new Map()));
        m.set(name, v);
      }
    }
    let positions = ids.map((id) => {
      const m = values.get(id);
      return { id, key: sources.map((x) => x!.value(x!.name === null ? undefined : m?.get(x!.name))) };
    });
    positions.sort((a, b) => comparePositions(r.q.sorts, a, b));
    if (r.at) {
      const at = r.at;
      positions = positions.filter((p) => comparePositions(r.q.sorts, p, at) >= 0);
    }
    return positions.map((p) => p.id);
  }

  /**
   * The lookup with the fewest rows, when it has at most `threshold` (counted in the index
   * alone); its rows, less those the other lookups' entries rule out.
   */
  private bestLookup(scope: number, lookups: readonly Lookup[], threshold: number): string[] | null {
    let best: { lookup: Lookup; n: number } | null = null;
    for (const lookup of lookups) {
      if (lookup.absent) continue;
      const { where, params } = lookupWhere(lookup);
      const n = this.prepared(`SELECT count(*) FROM (SELECT 1 FROM row_keys INDEXED BY ${BY_VALUE} WHERE scope = ? AND name = ? AND ${where} LIMIT ?)`).pluck()
        .get(scope, lookup.name, ...params, best ? best.n : threshold + 1) as number;
      if (n <= threshold && (!best || n < best.n)) best = { lookup, n };
    }
    if (!best) return null;
    const { where, params } = lookupWhere(best.lookup, "g.v");
    const others = probeSql(scope, lookups.filter((l) => l !== best!.lookup));
    return this.prepared(`SELECT DISTINCT g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${others.sql}`).pluck()
      .all(scope, best.lookup.name, ...params, ...others.params) as string[];
  }

  /**
   * Reads rows in the first sort key's order from the index (those that pass the lookups'
   * entries), batch by batch, keeping the compiled query's matches, until `q.limit` rows; then
   * the rows whose first key is empty (a scan restricted to them). Null (scan instead) when a
   * quarter of the rows were read without filling the page.
   */
  private walk(r: Run, spec: WalkSpec, firstExpr: string, lookups: readonly Lookup[], rows: number): string[] | null {
    PLAN_COUNTS.walk++;
    const out: string[] = [];
    // Conditions an index entry decides (option, person, page, checked, number and date ranges,
    // equal text) drop rows before their JSON is read: a probe costs a small fraction of a row.
    const reader = new KeyReader(this, r.scope, spec, r.at, probeSql(r.scope, lookups, "g.node"));
    const budget = this.budget(rows);
    if (!this.drain(r, reader, out, budget, (ids, room) => (spec.single ? this.among(r, ids, room) : this.ordered(r, ids, room)))) return null;
    if (out.length < r.q.limit) {
      // Rows whose first key is empty sort last (both ways), in the order of the other keys.
      PLAN_COUNTS.empties++;
      out.push(...this.scan(r, 0, `(${firstExpr}) IS NULL`, r.q.limit - out.length));
    }
    return out;
  }

  /** A walk's allowance: a quarter of the rows read without filling the page, then it scans instead. */
  private budget(rows: number): { visited: number; limit: number } {
    return { visited: 0, limit: Math.max(this.planner.firstBatch * 4, rows / 4) };
  }

  /**
   * Reads `reader` in doubling batches into `out` (through `evaluate`, given the room left) until
   * the page is full or the entries run out; false when the allowance ran out first.
   */
  private drain(r: Run, reader: KeyReader, out: string[], budget: { visited: number; limit: number }, evaluate: (ids: string[], room: number) => string[]): boolean {
    for (let batch = this.planner.firstBatch; out.length < r.q.limit; batch = Math.min(batch * 2, this.planner.maxBatch)) {
      const ids = reader.next(batch);
      if (ids === null) return true; // the entries are exhausted: rows with an empty key remain
      budget.visited += ids.length;
      out.push(...evaluate(ids, r.q.limit - out.length));
      if (out.length < r.q.limit && budget.visited > budget.limit) {
        PLAN_COUNTS.gaveUp++;
        return false;
      }
    }
    return true;
  }

  /**
   * Two sort keys, the first a select or status: option by option in rank order, each option's
   * rows in the second key's order. A small option's rows are read whole and ordered from the
   * index; a large one is walked along the second key's entries, with membership in the option
   * probed like a condition (its rows with the second key empty follow). Rows whose option is
   * empty or gone come last, by a scan.
   */
  private optionGroups(
    r: Run, outer: WalkSpec, inner: WalkSpec, firstExpr: string, lookups: readonly Lookup[], threshold: number, rows: number,
  ): string[] | null {
    PLAN_COUNTS.optionGroups++;
    const options = outer.options!;
    const out: string[] = [];
    const at = r.at;
    let rank = outer.desc ? options.length - 1 : 0;
    if (at) {
      const k = at.key[0];
      rank = typeof k === "number" && k >= 0 && k < options.length ? k : -1;
    }
    const budget = this.budget(rows);
    for (; rank >= 0 && rank < options.length && out.length < r.q.limit; rank += outer.desc ? -1 : 1) {
      const group: Lookup = { name: outer.name, values: [options[rank]] };
      const { where, params } = lookupWhere(group, "g.v");
      const size = this.prepared(`SELECT count(*) FROM (SELECT 1 FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where} LIMIT ?)`).pluck()
        .get(r.scope, group.name, ...params, threshold + 1) as number;
      const probes = probeSql(r.scope, lookups, "g.node");
      if (size <= threshold) {
        const ids = this.prepared(`SELECT g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${probes.sql}`).pluck()
          .all(r.scope, group.name, ...params, ...probes.params) as string[];
        budget.visited += ids.length;
        out.push(...this.ordered(r, ids, r.q.limit - out.length));
        continue;
      }
      const from = at && at.key[0] === rank ? { id: at.id, key: [at.key[1] ?? null] } : null;
      const reader = new KeyReader(this, r.scope, inner, from, probeSql(r.scope, [group, ...lookups], "g.node"));
      if (!this.drain(r, reader, out, budget, (ids, room) => this.among(r, ids, room))) return null;
      if (out.length < r.q.limit) {
        // The option's rows whose second key is empty: after the others, by id.
        PLAN_COUNTS.empties++;
        const ids = this.prepared(
          `SELECT g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${probes.sql}` +
            ` AND NOT EXISTS (SELECT 1 FROM row_keys e INDEXED BY row_keys_node WHERE e.scope = ? AND e.node = g.node AND e.name = ?)`,
        ).pluck().all(r.scope, group.name, ...params, ...probes.params, r.scope, inner.name) as string[];
        out.push(...this.among(r, ids, r.q.limit - out.length));
      }
    }
    if (out.length < r.q.limit) {
      PLAN_COUNTS.empties++;
      out.push(...this.scan(r, 0, `(${firstExpr}) IS NULL`, r.q.limit - out.length));
    }
    return out;
  }
}

/**
 * The primary key of row_keys (by name and value), named: with an EXISTS probe beside it SQLite
 * may otherwise walk row_keys_node over every entry of the data source (seconds instead of ms).
 */
const BY_VALUE = "sqlite_autoindex_row_keys_1";

/** Candidate sets up to this size are ordered by the compiled ORDER BY directly. */
const ORDER_IN_SQL_UP_TO = 256;

/** One query being planned. */
interface Run {
  ws: string;
  dsId: string;
  q: RowQuery;
  c: CompiledQuery;
  at: OrderPosition | null;
  scope: number;
  /** Leaves the data source's templates out of scans (row_keys never holds them). */
  templates: { sql: string; params: unknown[] };
  /** "1", or the condition that keeps rows at or after the cursor (its values onto `params`). */
  notBefore(params: unknown[]): string;
}

/** A SQL fragment (` AND EXISTS …` per lookup, on the node column `node`) and its values. */
interface Probe {
  sql: string;
  params: unknown[];
}

function probeSql(scope: number, lookups: readonly Lookup[], node = "g.node"): Probe {
  let sql = "";
  const params: unknown[] = [];
  for (const l of lookups) {
    const { where, params: values } = lookupWhere(l, "k.v");
    sql += ` AND ${l.absent ? "NOT " : ""}EXISTS (SELECT 1 FROM row_keys k INDEXED BY row_keys_node WHERE k.scope = ? AND k.node = ${node} AND k.name = ? AND ${where})`;
    params.push(scope, l.name, ...values);
  }
  return { sql, params };
}

/**
 * Where a sort key's value comes from in the index: an entry's name (null: a constant) and the
 * orderKey() value it stands for (src/query/evaluate.ts storedSortable). Null when the index
 * does not hold the key's order.
 */
function keySource(key: SortKey): { name: string | null; value: (v: Value | undefined) => Sortable } | null {
  const t = key.target;
  if (t.kind === "column") return { name: COLUMN_KEYS[t.column], value: (v) => v ?? null };
  if (t.kind !== "property") return null;
  const name = keyName(t.type, t.id);
  if (TEXT_TYPES.has(t.type) || t.type === "number" || t.type === "unique_id" || t.type === "date") return { name, value: (v) => v ?? null };
  if (t.type === "checkbox") return { name, value: (v) => (v === undefined ? 0 : 1) };
  if (t.type === "select" || t.type === "status") {
    const options = key.options ?? [];
    const rank = new Map(options.map((id, i) => [id, i]));
    return { name, value: (v) => (typeof v === "string" ? rank.get(v) ?? null : null) };
  }
  if (t.type === "button" || t.type === "place") return { name: null, value: () => 0 };
  return null;
}

/** Reads node ids from row_keys in a walk's order, in batches that end at a group's end when ties need more keys. */
class KeyReader {
  /** Position: the next option (select walks) and the last (v, node) read. */
  private option = 0;
  private last: { v: Value; node: string; inclusive: boolean } | null = null;
  private done = false;

  constructor(
    private readonly rows: SqliteRows,
    private readonly scope: number,
    private readonly spec: WalkSpec,
    at: OrderPosition | null,
    private readonly probe: Probe,
  ) {
    if (spec.options) this.option = spec.desc ? spec.options.length - 1 : 0;
    if (!at) return;
    const k = at.key[0];
    if (k === null || k === undefined) {
      this.done = true; // the cursor is among the empties
      return;
    }
    // One sort key: start at the cursor's row itself; more: at the start of its group.
    const node = spec.single ? at.id : "";
    if (spec.options) {
      const rank = typeof k === "number" ? k : 0;
      this.option = rank;
      this.last = { v: spec.options[rank] ?? "", node, inclusive: true };
      if (this.option < 0 || this.option >= spec.options.length) this.done = true;
    } else this.last = { v: k, node, inclusive: true };
  }

  private query(where: string, order: string, params: unknown[], limit: number | null): [Value, string][] {
    const sql = `SELECT g.v, g.node FROM row_keys g INDEXED BY ${BY_VALUE} WHERE g.scope = ? AND g.name = ? AND ${where}${this.probe.sql} ORDER BY ${order}${limit === null ? "" : " LIMIT ?"}`;
    const args = [this.scope, this.spec.name, ...params, ...this.probe.params, ...(limit === null ? [] : [limit])];
    return this.rows.prepared(sql).raw().all(...args) as [Value, string][];
  }

  /** Up to about `n` ids (more when a group of ties must be read whole); null when exhausted. */
  next(n: number): string[] | null {
    if (this.done) return null;
    const out: [Value, string][] = [];
    while (out.length < n && !this.done) out.push(...this.read(n - out.length));
    if (out.length === 0 && this.done) return null;
    if (!this.spec.single && this.last) {
      // The rest of the last group: ties are ordered by the next keys, in one batch.
      const rest = this.query("g.v = ? AND g.node > ?", "g.node", [this.last.v, this.last.node], null);
      if (rest.length) {
        out.push(...rest);
        const [v, node] = rest[rest.length - 1];
        this.last = { v, node, inclusive: false };
      }
    }
    return out.map((r) => r[1]);
  }

  private read(n: number): [Value, string][] {
    const { spec } = this;
    const cmp = (l: { inclusive: boolean }) => (l.inclusive ? ">=" : ">");
    let got: [Value, string][];
    if (spec.options) {
      // Option by option, in rank order; each option's rows by id.
      if (this.option < 0 || this.option >= spec.options.length) {
        this.done = true;
        return [];
      }
      const v = spec.options[this.option];
      const from = this.last && this.last.v === v ? this.last : { node: "", inclusive: true };
      got = this.query(`g.v = ? AND g.node ${cmp(from)} ?`, "g.node", [v, from.node], n);
      if (got.length < n) {
        this.option += spec.desc ? -1 : 1;
        this.last = null;
        return got;
      }
    } else {
      if (this.last) {
        // First the rest of the current group (by id), then the groups after it.
        got = this.query(`g.v = ? AND g.node ${cmp(this.last)} ?`, "g.node", [this.last.v, this.last.node], n);
        if (got.length === n) {
          const [v, node] = got[got.length - 1];
          this.last = { v, node, inclusive: false };
          return got;
        }
      } else got = [];
      const wanted = n - got.length;
      const after = this.last ? `g.v ${spec.desc ? "<" : ">"} ?` : "1";
      const params = this.last ? [this.last.v] : [];
      if (!spec.desc) {
        const more = this.query(after, "g.v, g.node", params, wanted);
        if (more.length < wanted) this.done = true;
        got = got.concat(more);
      } else {
        // Descending values, ids ascending within each: read backwards along the index (no
        // sort), keep the groups read whole and re-read the last one, which may continue, by id.
        const more = this.query(after, "g.v DESC, g.node DESC", params, wanted);
        if (more.length < wanted) {
          this.done = true;
          return got.concat(byValueThenId(more));
        }
        const open = more[more.length - 1][0];
        this.last = { v: open, node: "", inclusive: true };
        return got.concat(byValueThenId(more.filter((r) => r[0] !== open)));
      }
    }
    if (got.length) {
      const [v, node] = got[got.length - 1];
      this.last = { v, node, inclusive: false };
    }
    return got;
  }
}

/** Entries read backwards (value and id descending), as a descending walk serves them: ids ascending within a value. */
function byValueThenId(rows: [Value, string][]): [Value, string][] {
  const out: [Value, string][] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j][0] === rows[i][0]) j++;
    for (let k = j - 1; k >= i; k--) out.push(rows[k]);
    i = j;
  }
  return out;
}

/** How the first sort key's rows can be read in order from the index; null when they cannot. */
function walkSpec(sorts: readonly SortKey[]): WalkSpec | null {
  if (sorts.length === 0) return { name: COLUMN_KEYS.created_time, desc: true, single: true };
  const key = sorts[0];
  const t = key.target;
  const desc = key.direction === "descending";
  const single = sorts.length === 1;
  if (t.kind === "column") {
    if (t.column === "created_time" || t.column === "last_edited_time") return { name: COLUMN_KEYS[t.column], desc, single };
    return null;
  }
  if (t.kind !== "property") return null;
  if (TEXT_TYPES.has(t.type) || t.type === "number" || t.type === "unique_id" || t.type === "date") return { name: keyName(t.type, t.id), desc, single };
  if (t.type === "select" || t.type === "status") return { name: keyName(t.type, t.id), desc, single, options: key.options ?? [] };
  return null;
}

/** Index ranges for the conditions every matching row satisfies (the top-level `and`'s leaves). */
function lookupsOf(filter: FilterNode | null): Lookup[] {
  if (!filter) return [];
  const leaves = filter.kind === "leaf" ? [filter] : filter.kind === "and" ? filter.children.filter((c) => c.kind === "leaf") : [];
  const out: Lookup[] = [];
  for (const leaf of leaves) {
    if (leaf.kind !== "leaf") continue;
    const l = lookupOf(leaf.target, leaf.condition);
    if (l) out.push(l);
  }
  // Probes rule rows in before the negative ones rule them out (both cost one index seek).
  return [...out.filter((l) => !l.absent), ...out.filter((l) => l.absent)];
}

function lookupOf(t: Target, c: Condition): Lookup | null {
  if (isExistence(c) || isBlank(c)) return null;
  if (t.kind === "column") {
    const name = COLUMN_KEYS[t.column];
    if (c.kind === "date") return dateLookup(name, c.from, c.to);
    if (c.kind === "id") return { name, values: [c.id], ...(c.op === "contains" ? {} : { absent: true as const }) };
    return null;
  }
  if (t.kind !== "property") return null;
  const name = keyName(t.type, t.id);
  switch (c.kind) {
    case "text":
      if (!TEXT_TYPES.has(t.type)) return null;
      return c.op === "equals" ? { name, values: [c.value] } : c.op === "does_not_equal" ? { name, values: [c.value], absent: true } : null;
    case "number":
      if (t.type !== "number" && t.type !== "unique_id") return null;
      switch (c.op) {
        case "equals": return { name, values: [c.value] };
        // An empty number is not equal to anything: only an entry of this value rules a row out.
        case "does_not_equal": return { name, values: [c.value], absent: true };
        case "greater_than": return { name, lo: { v: c.value, incl: false } };
        case "greater_than_or_equal_to": return { name, lo: { v: c.value, incl: true } };
        case "less_than": return { name, hi: { v: c.value, incl: false } };
        case "less_than_or_equal_to": return { name, hi: { v: c.value, incl: true } };
        default: return null;
      }
    case "checkbox":
      if (t.type !== "checkbox") return null;
      return (c.op === "equals") === c.value ? { name, values: [1] } : { name, values: [1], absent: true };
    case "option":
      if (c.ids.length === 0 || !["select", "status", "multi_select"].includes(t.type)) return null;
      return c.op === "equals" || c.op === "contains" ? { name, values: c.ids } : { name, values: c.ids, absent: true };
    case "date": return t.type === "date" ? dateLookup(name, c.from, c.to) : null;
    case "id":
      if (t.type !== "people" && t.type !== "relation") return null;
      // A hidden related page (src/query/hidden.ts) is not in any value: `does_not_contain` it
      // holds for every row, so its entries rule nothing out (`contains` it is still a superset).
      if (c.op !== "contains" && t.hidden?.includes(c.id)) return null;
      return c.op === "contains" ? { name, values: [c.id] } : { name, values: [c.id], absent: true };
    default: return null;
  }
}

function dateLookup(name: string, from: number | null, to: number | null): Lookup | null {
  if (from === null && to === null) return null;
  return { name, ...(from !== null ? { lo: { v: from, incl: true } } : {}), ...(to !== null ? { hi: { v: to, incl: false } } : {}) };
}

function lookupWhere(l: Lookup, v = "v"): { where: string; params: unknown[] } {
  if (l.values) return { where: `${v} IN (${l.values.map(() => "?").join(", ")})`, params: [...l.values] };
  const parts: string[] = [];
  const params: unknown[] = [];
  // Numbers sort before text in SQLite: bound both ends so text never passes for a number.
  parts.push(l.lo ? `${v} ${l.lo.incl ? ">=" : ">"} ?` : `${v} >= ?`);
  params.push(l.lo ? l.lo.v : -Number.MAX_VALUE);
  parts.push(l.hi ? `${v} ${l.hi.incl ? "<=" : "<"} ?` : `${v} <= ?`);
  params.push(l.hi ? l.hi.v : Number.MAX_VALUE);
  return { where: parts.join(" AND "), params };
}
