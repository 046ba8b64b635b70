/** `Tx.templates` on PostgreSQL: the `page_templates` table; marking and unmarking bring the page's row keys in step. */
import type { TemplateRow, TemplateStore } from "../templates.js";
import type { PgSession, Row } from "./session.js";

const toTemplate = (r: Row): TemplateRow => ({
  workspace_id: r.workspace_id as string,
  data_source_id: r.data_source_id as string,
  page_id: r.page_id as string,
  is_default: r.is_default as boolean,
  created_time: r.created_time as number,
});

const COLUMNS = `workspace_id, data_source_id, page_id, is_default, created_time`;

/** Page templates of data sources (src/storage/templates.ts). */
export class PgTemplates implements TemplateStore {
  /** `resync` brings a page's row keys in step after its template flag changed (postgres/rows.ts). */
  constructor(
    readonly s: PgSession,
    private readonly resync: (workspaceId: string, pageId: string) => Promise<void>,
  ) {}

  async list(ws: string, dsId: string) {
    await this.s.lock(ws);
    return (await this.s.query(`SELECT ${COLUMNS} FROM page_templates WHERE workspace_id = $1 AND data_source_id = $2 ORDER BY seq`, [ws, dsId])).map(toTemplate);
  }
  async get(ws: string, pageId: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM page_templates WHERE workspace_id = $1 AND page_id = $2`, [ws, pageId]);
    return r ? toTemplate(r) : null;
  }
  async put(row: TemplateRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO page_templates (workspace_id, data_source_id, page_id, is_default, created_time) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, page_id) DO UPDATE SET data_source_id = excluded.data_source_id, is_default = excluded.is_default`,
      [row.workspace_id, row.data_source_id, row.page_id, row.is_default, row.created_time],
    );
    await this.resync(row.workspace_id, row.page_id);
  }
  async remove(ws: string, pageId: string) {
    await this.s.lock(ws);
    const removed = (await this.s.exec(`DELETE FROM page_templates WHERE workspace_id = $1 AND page_id = $2`, [ws, pageId])) > 0;
    if (removed) await this.resync(ws, pageId);
    return removed;
  }
  async among(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    await this.s.lock(ws);
    return (await this.s.query<{ page_id: string }>(`SELECT page_id FROM page_templates WHERE workspace_id = $1 AND page_id = ANY($2::text[])`, [ws, ids])).map((r) => r.page_id);
  }
}
