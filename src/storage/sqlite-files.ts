/** SQLite implementation of `Tx.files` (file uploads; migration slot 6). */
import type Database from "better-sqlite3";
import type { Page } from "./types.js";
import type { FileUploadRow, FileUploadStatus, FileUploadStore } from "./file-uploads.js";

type Row = Record<string, unknown>;

function toRow(r: Row): FileUploadRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    mode: r.mode as FileUploadRow["mode"],
    status: r.status as FileUploadStatus,
    filename: (r.filename as string | null) ?? null,
    content_type: (r.content_type as string | null) ?? null,
    content_length: (r.content_length as number | null) ?? null,
    number_of_parts: (r.number_of_parts as number | null) ?? null,
    parts: JSON.parse((r.parts as string) ?? "{}"),
    external_url: (r.external_url as string | null) ?? null,
    import_result: r.import_result ? JSON.parse(r.import_result as string) : null,
    created_time: r.created_time as number,
    created_by: r.created_by as string,
    last_edited_time: r.last_edited_time as number,
    expiry_time: (r.expiry_time as number | null) ?? null,
    attached: r.attached === 1,
    node: (r.node as string | null) ?? null,
  };
}

function params(row: FileUploadRow) {
  return {
    ...row,
    parts: JSON.stringify(row.parts),
    import_result: row.import_result === null ? null : JSON.stringify(row.import_result),
    attached: row.attached ? 1 : 0,
  };
}

// The status a row shows at @now: pending or uploaded uploads past their expiry are expired.
const STATUS_AT = `CASE WHEN status IN ('pending', 'uploaded') AND expiry_time IS NOT NULL AND expiry_time <= @now THEN 'expired' ELSE status END`;

export class SqliteFileUploadStore implements FileUploadStore {
  private readonly s;
  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT * FROM file_uploads WHERE workspace_id = ? AND id = ?`),
      getById: p(`SELECT * FROM file_uploads WHERE id = ?`),
      insert: p(
        `INSERT INTO file_uploads (workspace_id, id, seq, mode, status, filename, content_type, content_length, number_of_parts,
           parts, external_url, import_result, created_time, created_by, last_edited_time, expiry_time, attached, node)
         VALUES (@workspace_id, @id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM file_uploads), @mode, @status, @filename,
           @content_type, @content_length, @number_of_parts, @parts, @external_url, @import_result, @created_time,
           @created_by, @last_edited_time, @expiry_time, @attached, @node)`,
      ),
      update: p(
        `UPDATE file_uploads SET status = @status, filename = @filename, content_type = @content_type,
           content_length = @content_length, parts = @parts, import_result = @import_result,
           last_edited_time = @last_edited_time, expiry_time = @expiry_time, attached = @attached
         WHERE workspace_id = @workspace_id AND id = @id`,
      ),
      expiring: p(
        `SELECT * FROM file_uploads WHERE status IN ('pending', 'uploaded') AND attached = 0 AND expiry_time <= ?
         ORDER BY expiry_time LIMIT ?`,
      ),
      pendingImports: p(`SELECT * FROM file_uploads WHERE mode = 'external_url' AND status = 'pending' ORDER BY seq LIMIT ?`),
      seqOf: p(`SELECT seq FROM file_uploads WHERE workspace_id = ? AND created_by = ? AND id = ?`),
      list: p(
        `SELECT * FROM file_uploads WHERE workspace_id = @ws AND created_by = @by AND seq <= @seq
           AND (@status IS NULL OR ${STATUS_AT} = @status)
         ORDER BY seq DESC LIMIT @limit`,
      ),
    };
  }
  async get(ws: string, id: string) {
    const r = this.s.get.get(ws, id) as Row | undefined;
    return r ? toRow(r) : null;
  }
  async getById(id: string) {
    const r = this.s.getById.get(id) as Row | undefined;
    return r ? toRow(r) : null;
  }
  async insert(row: FileUploadRow) {
    this.s.insert.run(params(row));
  }
  async update(row: FileUploadRow) {
    this.s.update.run(params(row));
  }
  async expiring(now: number, limit: number) {
    return (this.s.expiring.all(now, limit) as Row[]).map(toRow);
  }
  async pendingImports(limit: number) {
    return (this.s.pendingImports.all(limit) as Row[]).map(toRow);
  }
  async list(ws: string, by: string, o: { from: string | null; limit: number; status?: FileUploadStatus; now: number }): Promise<Page<FileUploadRow> | null> {
    let seq = Number.MAX_SAFE_INTEGER;
    if (o.from !== null) {
      const r = this.s.seqOf.get(ws, by, o.from) as Row | undefined;
      if (!r) return null;
      seq = r.seq as number;
    }
    const rows = (this.s.list.all({ ws, by, seq, status: o.status ?? null, now: o.now, limit: o.limit + 1 }) as Row[]).map(toRow);
    const next = rows.length > o.limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
}
