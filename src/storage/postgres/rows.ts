/**
 * `RowPort` on PostgreSQL: data-source queries planned by src/storage/planner/plan.ts over the
 * key-index port (postgres/rows-query.ts), the row-key index kept in step with node writes
 * (postgres/row-keys.ts), and the inputs of queries evaluated in memory. A data source's
 * templates are not its rows (src/storage/templates.ts).
 */
import type { OrderPosition } from "../../query/ast.js";
import { COLUMN_KEYS } from "../../query/values.js";
import { planRowIds } from "../planner/plan.js";
import { KeyCounts } from "../planner/key-counts.js";
import { DEFAULT_PLANNER, type PlannerOptions } from "../planner/options.js";
import { relationKey } from "../planner/row-keys.js";
import type { RowPort } from "../rows.js";
import type { NodeRow, RowQuery, StoredNode } from "../records.js";
import { PG_NODE_COLUMNS, toNode } from "./nodes.js";
import { SchemaCache, addEmptyEntries, syncRowKeys } from "./row-keys.js";
import { openPgQuery } from "./rows-query.js";
import type { PgSession, Row } from "./session.js";

/**
 * Row counts are taken again, in the unit that needs one, after this many writes by this process
 * (as SQLite's); and after this long, in the background (other nodes' writes, which this process
 * cannot count), while units go on using the remembered count.
 */
const COUNTS_AGE_WRITES = 1000;
const COUNTS_AGE_MS = 10_000;

/** Runs `fn` on a unit of its own, outside any request (the store's: postgres/store.ts). */
export type Background = (fn: (s: PgSession) => Promise<unknown>) => Promise<unknown>;

/** What the rows port keeps for the store's lifetime (shared by every unit). */
export class PgRowsState {
  readonly schemas = new SchemaCache();
  /** Keys whose descending walks end inside one value (postgres/rows-query.ts, `PgQueryContext.ties`). */
  readonly ties = new Set<string>();
  /** Lookup counts the planner orders probes by (planner/key-counts.ts). */
  readonly keyCounts = new KeyCounts();
  private writes = 0;
  private readonly counts = new Map<string, { rows: number; writes: number; at: number }>();
  private readonly recounting = new Set<string>();
  /** Where a count that aged by time is taken again; null (a Tx built alone, in tests): in the unit. */
  background: Background | null = null;

  constructor(
    readonly planner: PlannerOptions = DEFAULT_PLANNER,
    /** How long a count is used before it is taken again in the background (tests shorten it). */
    private readonly countsAgeMs = COUNTS_AGE_MS,
  ) {}

  /** Forgets the row counts it remembers (every table was replaced: a snapshot restored). */
  forget(): void {
    this.counts.clear();
    this.keyCounts.clear();
  }

  /** Counts a write (row counts age with them). */
  wrote(n: number): void {
    this.writes += n;
  }

  /**
   * The data source's row count, remembered a while: it only picks plans. A count only older
   * than `countsAgeMs` is answered as it is and taken again in the background: counting costs
   * ~1 µs per row on PostgreSQL (an index-only scan: 100–260 ms at 100,000 rows), and taken in
   * the request it was the slow 1% of the 100,000-row queries (docs/PERFORMANCE.md,
   * "PostgreSQL's p99 (issue 11, branch h11-pgp99)").
   */
  async rowCount(s: PgSession, ws: string, dsId: string): Promise<number> {
    const key = `${ws}/${dsId}`;
    const known = this.counts.get(key);
    if (known && this.writes - known.writes < COUNTS_AGE_WRITES) {
      if (Date.now() - known.at < this.countsAgeMs) return known.rows;
      if (this.background) {
        this.recountLater(key, ws, dsId, this.background);
        return known.rows;
      }
    }
    return this.count(s, key, ws, dsId);
  }

  /** Takes the count again on a unit of its own, once at a time per data source; a failure keeps the old one. */
  private recountLater(key: string, ws: string, dsId: string, background: Background): void {
    if (this.recounting.has(key)) return;
    this.recounting.add(key);
    background((s) => this.count(s, key, ws, dsId))
      .catch(() => undefined)
      .finally(() => this.recounting.delete(key));
  }

  private async count(s: PgSession, key: string, ws: string, dsId: string): Promise<number> {
    const writes = this.writes;
    const at = Date.now();
    const r = await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM nodes WHERE workspace_id = $1 AND parent_id = $2`, [ws, dsId]);
    if (this.counts.size > 1000) this.counts.clear();
    this.counts.set(key, { rows: r!.n, writes, at });
    return r!.n;
  }
}

/** Data-source rows of one unit of work. */
export class PgRows implements RowPort {
  constructor(
    readonly s: PgSession,
    private readonly state: PgRowsState = new PgRowsState(),
  ) {}

  /** Keeps the row-key index in step with node writes (called by postgres/nodes.ts in the same unit). */
  async sync(rows: NodeRow[], inserted: boolean): Promise<void> {
    this.state.wrote(rows.length);
    await syncRowKeys(this.s, this.state.schemas, rows, inserted);
  }

  /** Before a stored node is updated: a data source's new list properties give its rows "empty" entries (postgres/row-keys.ts). */
  async updating(row: NodeRow): Promise<void> {
    if (row.type === "data_source") await addEmptyEntries(this.s, this.state.schemas, row);
  }

  /** Brings a stored page's entries in step after its template flag changed (postgres/templates.ts). */
  async resync(ws: string, id: string): Promise<void> {
    const r = await this.s.one(`SELECT ${PG_NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.id = $2`, [ws, id]);
    if (r) await this.sync([toNode(r)], false);
  }

  private async templateIds(ws: string, dsId: string): Promise<string[]> {
    return (await this.s.query<{ page_id: string }>(`SELECT page_id FROM page_templates WHERE workspace_id = $1 AND data_source_id = $2`, [ws, dsId])).map((r) => r.page_id);
  }

  /** The data source's scope and template ids in one round trip (a query needs both before its plan). */
  private async scopeAndTemplates(ws: string, dsId: string): Promise<{ scope: number | null; templates: string[] }> {
    const r = await this.s.one<{ scope: string | number | null; templates: string[] }>(
      `SELECT (SELECT scope FROM row_scopes WHERE workspace_id = $1 AND data_source_id = $2) AS scope,
              ARRAY(SELECT page_id FROM page_templates WHERE workspace_id = $1 AND data_source_id = $2) AS templates`,
      [ws, dsId],
    );
    return { scope: r!.scope === null ? null : Number(r!.scope), templates: r!.templates };
  }

  async queryRowIds(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null, fetched?: Map<string, Row>): Promise<string[] | null> {
    await this.s.lock(ws);
    const open = async (q: RowQuery, at: OrderPosition | null) => {
      const { scope, templates } = await this.scopeAndTemplates(ws, dsId);
      const rows = await this.state.rowCount(this.s, ws, dsId);
      const cx = { s: this.s, ws, dsId, scope, rows, templates, ties: this.state.ties, counts: this.state.keyCounts.of(`${ws}/${dsId}`, rows), fetched };
      return openPgQuery(cx, q, at);
    };
    return planRowIds(open, q, at, this.state.planner);
  }

  async queryRows(ws: string, dsId: string, q: RowQuery, at: OrderPosition | null): Promise<StoredNode[] | null> {
    // Rows the plan's statements already read whole (a scan's page, `among`'s): no statement of their own.
    const fetched = new Map<string, Row>();
    const ids = await this.queryRowIds(ws, dsId, q, at, fetched);
    if (ids === null) return null;
    if (ids.length === 0) return [];
    const missing = ids.filter((id) => !fetched.has(id));
    if (missing.length > 0) {
      const rows = await this.s.query(`SELECT ${PG_NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.id = ANY($2::text[])`, [ws, missing]);
      for (const r of rows) fetched.set(r.id as string, r);
    }
    return ids.map((id) => toNode(fetched.get(id)!));
  }

  async allRows(ws: string, dsId: string, trashed: boolean): Promise<StoredNode[]> {
    await this.s.lock(ws);
    const templates = await this.templateIds(ws, dsId);
    const rows = await this.s.query(
      `SELECT ${PG_NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.parent_id = $2 AND n.type = 'page' AND n.in_trash = $3 AND n.id <> ALL($4::text[])`,
      [ws, dsId, trashed, templates],
    );
    return rows.map(toNode);
  }

  /**
   * The distinct page ids of a relation property's entries: a skip-scan of the unique index,
   * one seek per distinct page (rows relating to few pages cost a few seeks).
   */
  async relatedPageIds(ws: string, dsId: string, propertyId: string): Promise<string[]> {
    await this.s.lock(ws);
    // The scope is looked up inside the statement: one round trip (none found: no rows). Each
    // step is the first entry after the last in index order (`ORDER BY vn, vt LIMIT 1`): written
    // `min(vt)`, PostgreSQL aggregated every entry after it instead (it does not take `vn IS
    // NULL` as fixing vn, so the index did not give vt's order) — 27 s for 500 pages at 100,000
    // rows on a loaded machine, 18–32 ms now (docs/PERFORMANCE.md, "The 100,000-row queries, h11-rows").
    const scope = `(SELECT scope FROM row_scopes WHERE workspace_id = $1 AND data_source_id = $2)`;
    const next = (after: string) => `SELECT vt FROM row_keys WHERE workspace_id = $1 AND scope = ${scope} AND name = $3 AND vn IS NULL${after} ORDER BY vn, vt LIMIT 1`;
    const rows = await this.s.query<{ v: string }>(
      `WITH RECURSIVE d(v) AS (SELECT (${next("")}) UNION ALL SELECT (${next(" AND vt > d.v")}) FROM d WHERE d.v IS NOT NULL)
       SELECT v FROM d WHERE v IS NOT NULL`,
      [ws, dsId, relationKey(propertyId)],
    );
    return rows.map((r) => r.v);
  }

  /** Those of `ids` with a `:created_time` entry in the data source's scope: one index seek each. */
  async rowsAmong(ws: string, dsId: string, ids: readonly string[]): Promise<string[]> {
    await this.s.lock(ws);
    if (ids.length === 0) return [];
    // The scope is looked up inside the statement: one round trip.
    const rows = await this.s.query<{ id: string }>(
      `SELECT u.id FROM unnest($3::text[]) WITH ORDINALITY AS u(id, i)
        WHERE EXISTS (SELECT 1 FROM row_keys k WHERE k.workspace_id = $1 AND k.scope = (SELECT scope FROM row_scopes WHERE workspace_id = $1 AND data_source_id = $2)
                        AND k.node = u.id AND k.name = $4) ORDER BY u.i`,
      [ws, dsId, ids, COLUMN_KEYS.created_time],
    );
    return rows.map((r) => r.id);
  }
}
