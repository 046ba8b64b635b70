/**
 * Data-source rows for SQLite: the row-key index kept in step, and the state the query planner
 * (src/storage/planner/plan.ts, adapter-neutral) reads through the key-index port
 * (sqlite-row-query.ts).
 *
 * Every database page has entries in `row_keys` (scope = its data source, name = a property's
 * type-tagged id or a node column, v = a non-empty comparable value; src/query/values.ts
 * rowKeys), kept in step with each write of the page by this class: domain code cannot forget
 * it. A data source's templates (src/storage/templates.ts) are not its rows: they have no
 * entries, and scans leave out the data source's template ids (read once per query; none, and
 * the SQL is as before).
 */
import type Database from "better-sqlite3";
import type { OrderPosition } from "../query/ast.js";
import { COLUMN_KEYS, projectIdx, type KeyedProperty, type RowKey } from "../query/values.js";
import { planRowIds } from "./planner/plan.js";
import { KeyCounts } from "./planner/key-counts.js";
import { DEFAULT_PLANNER, type PlannerOptions } from "./planner/options.js";
import { EMPTY_NAMES_FROM, EMPTY_NAMES_TO, ROW_KEYS_VERSION, emptyNamesAdded, indexedSchema, isDataSourcePage, keyChanges, keysOfRow, listedKeys, relationKey, storedKeys } from "./planner/row-keys.js";
import { openSqliteQuery } from "./sqlite-row-query.js";
import type { NodeRow, RowQuery } from "./types.js";
import { StatementCache } from "./statements.js";

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
/** Writes after which a data source's counts are taken again. */
const COUNTS_AGE_WRITES = 1000;

type Row = Record<string, unknown>;

/** The row-key index of a SQLite database and the planner's access to it. */
export class SqliteRows {
  private writes = 0;
  /** True while every row's keys are rebuilt (rows are synced as inserted, templates among them). */
  private rebuilding = false;
  private readonly schemas = new Map<string, { text: string; schema: KeyedProperty[] }>();
  private readonly counts = new Map<string, { rows: number; from: string; writes: number }>();
  /** Lookup counts the planner orders probes by (planner/key-counts.ts). */
  private readonly keyCounts = new KeyCounts();

  private readonly statements: StatementCache;

  constructor(
    private readonly db: Database.Database,
    private readonly planner: PlannerOptions = DEFAULT_PLANNER,
  ) {
    this.statements = new StatementCache(db, 500);
  }

  /** Forgets the schemas and counts it remembers (every table was replaced: a snapshot restored). */
  forget(): void {
    this.schemas.clear();
    this.counts.clear();
    this.keyCounts.clear();
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
    if (row.type === "data_source" && !inserted) this.schemaChanging(row);
    if (row.type !== "page") return null; // only pages are ever rows of a data source
    let before: { scope: number; keys: RowKey[] } | null = null;
    if (!inserted) {
      const old = this.prepared(`SELECT parent_id, key_list FROM nodes WHERE workspace_id = ? AND id = ?`).get(row.workspace_id, row.id) as Row | undefined;
      if (old?.key_list) {
        const scope = this.scope(row.workspace_id, old.parent_id as string, false);
        if (scope !== null) {
          // "Empty" entries are not listed (planner/row-keys.ts isEmptyEntry): the index says which the row has.
          const empty = this.prepared(`SELECT name FROM row_keys INDEXED BY row_keys_node WHERE scope = ? AND node = ? AND name >= '${EMPTY_NAMES_FROM}' AND name < '${EMPTY_NAMES_TO}'`).pluck().all(scope, row.id) as string[];
          before = { scope, keys: storedKeys(JSON.parse(old.key_list as string) as RowKey[], empty) };
        }
      }
    }
    // A page inserted now cannot have been marked a template yet (rows being rebuilt can).
    const isRow = isDataSourcePage(row) && ((inserted && !this.rebuilding) || !this.isTemplate(row.workspace_id, row.id, row.parent_id!));
    const after = isRow ? { scope: this.scope(row.workspace_id, row.parent_id!, true)!, keys: keysOfRow(this.schemaOf(row.workspace_id, row.parent_id!), row) } : null;
    const { remove, add } = keyChanges(before, after);
    const del = this.prepared(`DELETE FROM row_keys WHERE scope = ? AND name = ? AND v = ? AND node = ?`);
    const ins = this.prepared(`INSERT OR IGNORE INTO row_keys (scope, name, v, node) VALUES (?, ?, ?, ?)`);
    for (const k of remove) del.run(before!.scope, k[0], k[1], row.id);
    for (const k of add) ins.run(after!.scope, k[0], k[1], row.id);
    return after ? JSON.stringify(listedKeys(after.keys)) : null;
  }

  /**
   * Before a data source's node is written: list properties its stored schema lacks give every
   * row (trashed ones too; templates have no entries) an "empty" entry, one `INSERT … SELECT`
   * whatever the row count; `key_list` does not list it, so no row's node is rewritten
   * (planner/row-keys.ts emptyNamesAdded).
   */
  private schemaChanging(ds: NodeRow): void {
    const scope = this.scope(ds.workspace_id, ds.id, false);
    if (scope === null) return; // it never had a row
    const names = emptyNamesAdded(this.schemaOf(ds.workspace_id, ds.id), indexedSchema(ds.data));
    const rows = `WHERE workspace_id = ? AND parent_id = ? AND type = 'page' AND key_list IS NOT NULL`;
    for (const name of names) {
      this.prepared(`INSERT OR IGNORE INTO row_keys (scope, name, v, node) SELECT ?, ?, 1, id FROM nodes INDEXED BY nodes_children ${rows}`).run(scope, name, ds.workspace_id, ds.id);
    }
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

  /** The data source's schema as stored now (parsed again only when its text changed). */
  private schemaOf(ws: string, dsId: string): KeyedProperty[] {
    const text = this.prepared(`SELECT data FROM nodes WHERE workspace_id = ? AND id = ?`).pluck().get(ws, dsId) as string | undefined;
    if (text === undefined) return [];
    const key = `${ws}/${dsId}`;
    const known = this.schemas.get(key);
    if (known && known.text === text) return known.schema;
    const schema = indexedSchema(JSON.parse(text));
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
    return this.prepared(sql).pluck().all({ scope, name: relationKey(propertyId) }) as string[];
  }

  /**
   * Ids of the rows of a query's page, in order (src/storage/planner/plan.ts planRowIds); null
   * when the query needs memory (formula or rollup values, too many conditions).
   */
  ids(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null): Promise<string[] | null> {
    const open = async (q: RowQuery, at: OrderPosition | null) => {
      const counts = this.counted(ws, dsId);
      const cx = {
        prepared: (sql: string) => this.prepared(sql),
        ws, dsId, rows: counts.rows, from: counts.from,
        counts: this.keyCounts.of(`${ws}/${dsId}`, counts.rows),
        scope: this.scope(ws, dsId, false),
        templates: this.templateExclusion(ws, dsId),
      };
      return openSqliteQuery(cx, q, at);
    };
    return planRowIds(open, q, at, this.planner);
  }
}
