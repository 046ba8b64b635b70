/** `Tx.files` on PostgreSQL: file-upload rows (their bytes are the blob store's). */
import type { FileUploadRow, FileUploadStatus, FileUploadStore } from "../file-uploads.js";
import type { Page } from "../records.js";
import { json, pageOf, parse } from "./json.js";
import type { PgSession, Row } from "./session.js";

const COLUMNS = `workspace_id, id, mode, status, filename, content_type, content_length, number_of_parts, parts, external_url,
  import_result, created_time, created_by, last_edited_time, expiry_time, attached, node`;

const toRow = (r: Row): FileUploadRow => ({ ...(r as unknown as FileUploadRow), parts: parse(r.parts) ?? {}, import_result: parse(r.import_result) });

/** The status a row shows at $now: pending or uploaded uploads past their expiry are expired (as sqlite-files.ts). */
const STATUS_AT = `CASE WHEN status IN ('pending', 'uploaded') AND expiry_time IS NOT NULL AND expiry_time <= $4 THEN 'expired' ELSE status END`;

/** File uploads; `expiring` and `pendingImports` look at every workspace (sweeps and start). */
export class PgFileUploads implements FileUploadStore {
  constructor(private readonly s: PgSession) {}

  async get(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM file_uploads WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toRow(r) : null;
  }
  /** Found by id alone (the workspace is learnt from the row); in a write unit, read again once its workspace is locked. */
  async getById(id: string) {
    const find = () => this.s.one(`SELECT ${COLUMNS} FROM file_uploads WHERE id = $1 ORDER BY workspace_id LIMIT 1`, [id]);
    let r = await find();
    if (r && this.s.writing) {
      await this.s.lock(r.workspace_id as string);
      r = await find();
    }
    return r ? toRow(r) : null;
  }
  async insert(row: FileUploadRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO file_uploads (workspace_id, id, mode, status, filename, content_type, content_length, number_of_parts, parts,
         external_url, import_result, created_time, created_by, last_edited_time, expiry_time, attached, node)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        row.workspace_id, row.id, row.mode, row.status, row.filename, row.content_type, row.content_length, row.number_of_parts,
        json(row.parts), row.external_url, json(row.import_result), row.created_time, row.created_by, row.last_edited_time,
        row.expiry_time, row.attached, row.node,
      ],
    );
  }
  async update(row: FileUploadRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `UPDATE file_uploads SET status = $3, filename = $4, content_type = $5, content_length = $6, parts = $7, import_result = $8,
         last_edited_time = $9, expiry_time = $10, attached = $11
       WHERE workspace_id = $1 AND id = $2`,
      [
        row.workspace_id, row.id, row.status, row.filename, row.content_type, row.content_length, json(row.parts),
        json(row.import_result), row.last_edited_time, row.expiry_time, row.attached,
      ],
    );
  }
  async expiring(now: number, limit: number) {
    const rows = await this.s.query(
      `SELECT ${COLUMNS} FROM file_uploads WHERE status IN ('pending', 'uploaded') AND NOT attached AND expiry_time <= $1
       ORDER BY expiry_time, workspace_id, id LIMIT $2`,
      [now, limit],
    );
    return rows.map(toRow);
  }
  async pendingImports(limit: number) {
    const rows = await this.s.query(`SELECT ${COLUMNS} FROM file_uploads WHERE mode = 'external_url' AND status = 'pending' ORDER BY seq LIMIT $1`, [limit]);
    return rows.map(toRow);
  }
  async list(ws: string, by: string, o: { from: string | null; limit: number; status?: FileUploadStatus; now: number }): Promise<Page<FileUploadRow> | null> {
    await this.s.lock(ws);
    let seq = Number.MAX_SAFE_INTEGER;
    if (o.from !== null) {
      const r = await this.s.one<{ seq: number }>(`SELECT seq FROM file_uploads WHERE workspace_id = $1 AND created_by = $2 AND id = $3`, [ws, by, o.from]);
      if (!r) return null;
      seq = r.seq;
    }
    const rows = await this.s.query(
      `SELECT ${COLUMNS} FROM file_uploads WHERE workspace_id = $1 AND created_by = $2 AND seq <= $3
         AND ($5::text IS NULL OR ${STATUS_AT} = $5)
       ORDER BY seq DESC LIMIT $6`,
      [ws, by, seq, o.now, o.status ?? null, o.limit + 1],
    );
    return pageOf(rows.map(toRow), o.limit);
  }
}
