/** SQLite side of page templates: the `page_templates` table (migration slot 10). */
import type Database from "better-sqlite3";
import type { TemplateRow, TemplateStore } from "./templates.js";

type Row = Record<string, unknown>;

function toTemplate(r: Row): TemplateRow {
  return {
    workspace_id: r.workspace_id as string,
    data_source_id: r.data_source_id as string,
    page_id: r.page_id as string,
    is_default: r.is_default === 1,
    created_time: r.created_time as number,
  };
}

/** `Tx.templates` over SQLite; marking and unmarking bring the page's row keys in step. */
export class SqliteTemplateStore implements TemplateStore {
  private readonly s;

  /** `resync` brings a page's row keys in step after its template flag changed (sqlite-rows.ts). */
  constructor(
    db: Database.Database,
    private readonly resync: (workspaceId: string, pageId: string) => void,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      list: p(`SELECT * FROM page_templates WHERE workspace_id = ? AND data_source_id = ? ORDER BY seq`),
      get: p(`SELECT * FROM page_templates WHERE workspace_id = ? AND page_id = ?`),
      put: p(
        `INSERT INTO page_templates (workspace_id, data_source_id, page_id, is_default, created_time)
         VALUES (@workspace_id, @data_source_id, @page_id, @is_default, @created_time)
         ON CONFLICT (workspace_id, page_id) DO UPDATE SET data_source_id = excluded.data_source_id, is_default = excluded.is_default`,
      ),
      remove: p(`DELETE FROM page_templates WHERE workspace_id = ? AND page_id = ?`),
      among: p(`SELECT page_id FROM page_templates WHERE workspace_id = ? AND page_id IN (SELECT value FROM json_each(?))`).pluck(),
      any: p(`SELECT 1 FROM page_templates WHERE workspace_id = ? LIMIT 1`),
    };
  }

  async list(ws: string, dsId: string) {
    return (this.s.list.all(ws, dsId) as Row[]).map(toTemplate);
  }
  async get(ws: string, pageId: string) {
    const r = this.s.get.get(ws, pageId) as Row | undefined;
    return r ? toTemplate(r) : null;
  }
  async put(row: TemplateRow) {
    this.s.put.run({ ...row, is_default: row.is_default ? 1 : 0 });
    this.resync(row.workspace_id, row.page_id);
  }
  async remove(ws: string, pageId: string) {
    const removed = this.s.remove.run(ws, pageId).changes > 0;
    if (removed) this.resync(ws, pageId);
    return removed;
  }
  async among(ws: string, ids: readonly string[]) {
    // Search asks for every batch of candidates: a workspace without templates answers at once.
    if (ids.length === 0 || this.s.any.get(ws) === undefined) return [];
    return this.s.among.all(ws, JSON.stringify(ids)) as string[];
  }
}
