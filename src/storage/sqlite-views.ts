/** SQLite implementation of the view store (tables from migration 10). */
import type Database from "better-sqlite3";
import type { Page } from "./types.js";
import type { ViewQueryRow, ViewRow, ViewStore } from "./views.js";

type Row = Record<string, unknown>;

const parse = <T>(v: unknown): T => (v === null || v === undefined ? (null as T) : (JSON.parse(v as string) as T));
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

function toView(r: Row): ViewRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    database_id: r.database_id as string,
    data_source_id: (r.data_source_id as string | null) ?? null,
    dashboard_view_id: (r.dashboard_view_id as string | null) ?? null,
    type: r.type as ViewRow["type"],
    name: r.name as string,
    position: r.position as number,
    filter: parse(r.filter),
    sorts: parse(r.sorts),
    quick_filters: parse(r.quick_filters),
    configuration: parse(r.configuration),
    created_time: r.created_time as number,
    created_by: r.created_by as string,
    last_edited_time: r.last_edited_time as number,
    last_edited_by: r.last_edited_by as string,
  };
}

function viewParams(row: ViewRow) {
  return {
    ...row,
    filter: json(row.filter),
    sorts: json(row.sorts),
    quick_filters: json(row.quick_filters),
    configuration: json(row.configuration),
  };
}

function toQuery(r: Row): ViewQueryRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    view_id: r.view_id as string,
    integration_id: r.integration_id as string,
    created_time: r.created_time as number,
    expires_at: r.expires_at as number,
    total_count: r.total_count as number,
    capped: r.capped === 1,
  };
}

const ORDER = `ORDER BY position, created_time, id`;

export class SqliteViewStore implements ViewStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT * FROM views WHERE workspace_id = ? AND id = ?`),
      byDatabase: p(`SELECT * FROM views WHERE workspace_id = ? AND database_id = ? ${ORDER}`),
      byDataSource: p(`SELECT * FROM views WHERE workspace_id = ? AND data_source_id = ? ORDER BY database_id, position, created_time, id`),
      insert: p(
        `INSERT INTO views (workspace_id, id, database_id, data_source_id, dashboard_view_id, type, name, position,
           filter, sorts, quick_filters, configuration, created_time, created_by, last_edited_time, last_edited_by)
         VALUES (@workspace_id, @id, @database_id, @data_source_id, @dashboard_view_id, @type, @name, @position,
           @filter, @sorts, @quick_filters, @configuration, @created_time, @created_by, @last_edited_time, @last_edited_by)`,
      ),
      update: p(
        `UPDATE views SET data_source_id = @data_source_id, dashboard_view_id = @dashboard_view_id, name = @name,
           position = @position, filter = @filter, sorts = @sorts, quick_filters = @quick_filters,
           configuration = @configuration, last_edited_time = @last_edited_time, last_edited_by = @last_edited_by
         WHERE workspace_id = @workspace_id AND id = @id`,
      ),
      delete: p(`DELETE FROM views WHERE workspace_id = ? AND id = ?`),
      queriesOf: p(`SELECT id FROM view_queries WHERE workspace_id = ? AND view_id = ?`),
      insertQuery: p(
        `INSERT INTO view_queries (workspace_id, id, view_id, integration_id, created_time, expires_at, total_count, capped)
         VALUES (@workspace_id, @id, @view_id, @integration_id, @created_time, @expires_at, @total_count, @capped)`,
      ),
      // One statement for all ids (json_each numbers them): 10,000 single inserts cost ~100 ms.
      insertResults: p(`INSERT INTO view_query_results (workspace_id, query_id, ord, page_id) SELECT ?, ?, key, value FROM json_each(?)`),
      getQuery: p(`SELECT * FROM view_queries WHERE workspace_id = ? AND id = ?`),
      resultOrd: p(`SELECT ord FROM view_query_results INDEXED BY view_query_results_page WHERE workspace_id = ? AND query_id = ? AND page_id = ?`),
      results: p(`SELECT page_id FROM view_query_results WHERE workspace_id = ? AND query_id = ? AND ord >= ? ORDER BY ord LIMIT ?`),
      deleteQuery: p(`DELETE FROM view_queries WHERE workspace_id = ? AND id = ?`),
      deleteResults: p(`DELETE FROM view_query_results WHERE workspace_id = ? AND query_id = ?`),
      expired: p(`SELECT workspace_id, id FROM view_queries INDEXED BY view_queries_expiry WHERE expires_at <= ?`),
      expiredIn: p(`SELECT workspace_id, id FROM view_queries WHERE expires_at <= ? AND workspace_id = ?`),
    };
  }

  async get(ws: string, id: string) {
    const r = this.s.get.get(ws, id) as Row | undefined;
    return r ? toView(r) : null;
  }
  async listByDatabase(ws: string, databaseId: string) {
    return (this.s.byDatabase.all(ws, databaseId) as Row[]).map(toView);
  }
  async listByDataSource(ws: string, dataSourceId: string) {
    return (this.s.byDataSource.all(ws, dataSourceId) as Row[]).map(toView);
  }
  async insert(row: ViewRow) {
    this.s.insert.run(viewParams(row));
  }
  async update(row: ViewRow) {
    this.s.update.run(viewParams(row));
  }
  async delete(ws: string, id: string) {
    for (const q of this.s.queriesOf.all(ws, id) as Row[]) await this.deleteQuery(ws, q.id as string);
    return this.s.delete.run(ws, id).changes > 0;
  }

  async insertQuery(row: ViewQueryRow, pageIds: readonly string[]) {
    this.s.insertQuery.run({ ...row, capped: row.capped ? 1 : 0 });
    if (pageIds.length) this.s.insertResults.run(row.workspace_id, row.id, JSON.stringify(pageIds));
  }
  async getQuery(ws: string, id: string) {
    const r = this.s.getQuery.get(ws, id) as Row | undefined;
    return r ? toQuery(r) : null;
  }
  async queryResults(ws: string, queryId: string, from: string | null, limit: number): Promise<Page<string> | null> {
    let ord = 0;
    if (from !== null) {
      const r = this.s.resultOrd.get(ws, queryId, from) as Row | undefined;
      if (!r) return null;
      ord = r.ord as number;
    }
    const ids = (this.s.results.all(ws, queryId, ord, limit + 1) as Row[]).map((r) => r.page_id as string);
    const next = ids.length > limit ? ids.pop()! : null;
    return { items: ids, next };
  }
  async deleteQuery(ws: string, id: string) {
    this.s.deleteResults.run(ws, id);
    return this.s.deleteQuery.run(ws, id).changes > 0;
  }
  async sweepQueries(now: number, workspaceId?: string) {
    const expired = (workspaceId === undefined ? this.s.expired.all(now) : this.s.expiredIn.all(now, workspaceId)) as Row[];
    for (const q of expired) await this.deleteQuery(q.workspace_id as string, q.id as string);
    return expired.length;
  }
}
