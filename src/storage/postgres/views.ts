/** `Tx.views` on PostgreSQL: database views and cached view queries (src/storage/views.ts, docs/design/views.md). */
import type { Page } from "../records.js";
import type { ViewQueryRow, ViewRow, ViewStore } from "../views.js";
import { json, parse } from "./json.js";
import type { PgSession, Row } from "./session.js";

const VIEW_COLUMNS = [
  "workspace_id", "id", "database_id", "data_source_id", "dashboard_view_id", "type", "name", "position",
  "filter", "sorts", "quick_filters", "configuration", "created_time", "created_by", "last_edited_time", "last_edited_by",
] as const;
const QUERY_COLUMNS = `workspace_id, id, view_id, integration_id, created_time, expires_at, total_count, capped`;

const toView = (r: Row): ViewRow => ({
  ...(r as unknown as ViewRow),
  data_source_id: (r.data_source_id as string | null) ?? null,
  dashboard_view_id: (r.dashboard_view_id as string | null) ?? null,
  filter: parse(r.filter),
  sorts: parse(r.sorts),
  quick_filters: parse(r.quick_filters),
  configuration: parse(r.configuration),
});

function viewValues(row: ViewRow): unknown[] {
  return VIEW_COLUMNS.map((c) => (c === "filter" || c === "sorts" || c === "quick_filters" || c === "configuration" ? json(row[c]) : row[c]));
}

const ORDER = `ORDER BY position, created_time, id`;

/** Views and view queries of a workspace. */
export class PgViews implements ViewStore {
  constructor(readonly s: PgSession) {}

  async get(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${VIEW_COLUMNS.join(", ")} FROM views WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toView(r) : null;
  }
  async listByDatabase(ws: string, databaseId: string) {
    await this.s.lock(ws);
    return (await this.s.query(`SELECT ${VIEW_COLUMNS.join(", ")} FROM views WHERE workspace_id = $1 AND database_id = $2 ${ORDER}`, [ws, databaseId])).map(toView);
  }
  async listByDataSource(ws: string, dataSourceId: string) {
    await this.s.lock(ws);
    return (await this.s.query(`SELECT ${VIEW_COLUMNS.join(", ")} FROM views WHERE workspace_id = $1 AND data_source_id = $2 ORDER BY database_id, position, created_time, id`, [ws, dataSourceId])).map(toView);
  }
  async insert(row: ViewRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`INSERT INTO views (${VIEW_COLUMNS.join(", ")}) VALUES (${VIEW_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`, viewValues(row));
  }
  async update(row: ViewRow) {
    await this.s.lock(row.workspace_id);
    const v = viewValues(row);
    const set = ["data_source_id", "dashboard_view_id", "name", "position", "filter", "sorts", "quick_filters", "configuration", "last_edited_time", "last_edited_by"] as const;
    await this.s.exec(
      `UPDATE views SET ${set.map((c, i) => `${c} = $${i + 3}`).join(", ")} WHERE workspace_id = $1 AND id = $2`,
      [row.workspace_id, row.id, ...set.map((c) => v[VIEW_COLUMNS.indexOf(c)])],
    );
  }
  async delete(ws: string, id: string) {
    await this.s.lock(ws);
    const queries = await this.s.query<{ id: string }>(`DELETE FROM view_queries WHERE workspace_id = $1 AND view_id = $2 RETURNING id`, [ws, id]);
    await this.deleteResults(ws, queries.map((q) => q.id));
    return (await this.s.exec(`DELETE FROM views WHERE workspace_id = $1 AND id = $2`, [ws, id])) > 0;
  }

  /**
   * The results of queries already deleted. Queries go first, then their results, here and in
   * the sweep: a unit waiting on a query row another holds never holds that query's results.
   */
  private async deleteResults(ws: string, queryIds: string[]): Promise<void> {
    if (queryIds.length) await this.s.exec(`DELETE FROM view_query_results WHERE workspace_id = $1 AND query_id = ANY($2::text[])`, [ws, queryIds]);
  }

  async insertQuery(row: ViewQueryRow, pageIds: readonly string[]) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO view_queries (${QUERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.workspace_id, row.id, row.view_id, row.integration_id, row.created_time, row.expires_at, row.total_count, row.capped],
    );
    // One statement for all ids, numbered from 0 as the SQLite adapter numbers them.
    if (pageIds.length) {
      await this.s.exec(
        `INSERT INTO view_query_results (workspace_id, query_id, ord, page_id) SELECT $1, $2, u.i - 1, u.id FROM unnest($3::text[]) WITH ORDINALITY AS u(id, i)`,
        [row.workspace_id, row.id, [...pageIds]],
      );
    }
  }
  async getQuery(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${QUERY_COLUMNS} FROM view_queries WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? (r as unknown as ViewQueryRow) : null;
  }
  async queryResults(ws: string, queryId: string, from: string | null, limit: number): Promise<Page<string> | null> {
    await this.s.lock(ws);
    let ord = 0;
    if (from !== null) {
      const r = await this.s.one<{ ord: number }>(`SELECT ord FROM view_query_results WHERE workspace_id = $1 AND query_id = $2 AND page_id = $3 ORDER BY ord LIMIT 1`, [ws, queryId, from]);
      if (!r) return null;
      ord = r.ord;
    }
    const ids = (await this.s.query<{ page_id: string }>(
      `SELECT page_id FROM view_query_results WHERE workspace_id = $1 AND query_id = $2 AND ord >= $3 ORDER BY ord LIMIT $4`,
      [ws, queryId, ord, limit + 1],
    )).map((r) => r.page_id);
    const next = ids.length > limit ? ids.pop()! : null;
    return { items: ids, next };
  }
  async deleteQuery(ws: string, id: string) {
    await this.s.lock(ws);
    const gone = await this.s.query<{ id: string }>(`DELETE FROM view_queries WHERE workspace_id = $1 AND id = $2 RETURNING id`, [ws, id]);
    await this.deleteResults(ws, gone.map((q) => q.id));
    return gone.length > 0;
  }
  /**
   * Removes expired queries of every workspace. Housekeeping, not a workspace's write: it takes
   * no workspace lock (a unit may sweep while holding its own) and skips query rows another unit
   * holds (FOR UPDATE SKIP LOCKED), so it never waits on one and never deadlocks; of two nodes
   * sweeping at once each query is removed, and counted, by one.
   */
  async sweepQueries(now: number, workspaceId?: string) {
    const within = workspaceId === undefined ? "" : " AND workspace_id = $2";
    const gone = await this.s.query<{ workspace_id: string; id: string }>(
      `DELETE FROM view_queries q USING (SELECT workspace_id, id FROM view_queries WHERE expires_at <= $1${within} FOR UPDATE SKIP LOCKED) e
        WHERE q.workspace_id = e.workspace_id AND q.id = e.id RETURNING q.workspace_id, q.id`,
      workspaceId === undefined ? [now] : [now, workspaceId],
    );
    for (const ws of new Set(gone.map((q) => q.workspace_id))) await this.deleteResults(ws, gone.filter((q) => q.workspace_id === ws).map((q) => q.id));
    return gone.length;
  }
}
