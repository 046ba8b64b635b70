/** File-upload rows and their store (`Tx.files`), implemented in sqlite-files.ts. */
import type { Page } from "./records.js";

export type FileUploadMode = "single_part" | "multi_part" | "external_url";
/** Stored statuses; `expired` is also derived on read from `expiry_time` (domain/files/model.ts). */
export type FileUploadStatus = "pending" | "uploaded" | "expired" | "failed";

export interface FileUploadRow {
  workspace_id: string;
  id: string;
  mode: FileUploadMode;
  status: FileUploadStatus;
  filename: string | null;
  content_type: string | null;
  content_length: number | null;
  /** multi_part: the number of parts announced at creation. */
  number_of_parts: number | null;
  /** multi_part: bytes of each part sent so far, keyed by part number. */
  parts: Record<string, number>;
  external_url: string | null;
  /** external_url: the `file_import_result` once the import has finished. */
  import_result: Record<string, unknown> | null;
  created_time: number;
  /** The bot user of the integration that created it. */
  created_by: string;
  last_edited_time: number;
  /** Null once attached (or expired). */
  expiry_time: number | null;
  /** Attached to at least one block, property, icon, cover or comment. */
  attached: boolean;
  /**
   * external_url: the node (src/storage/liveness.ts) downloading it; once that node is gone an
   * import still pending can never finish. Null for other modes (and imports from before).
   */
  node: string | null;
}

export interface FileUploadStore {
  get(workspaceId: string, id: string): Promise<FileUploadRow | null>;
  /** By id alone: the signed download route knows no workspace. */
  getById(id: string): Promise<FileUploadRow | null>;
  insert(row: Omit<FileUploadRow, "workspace_id"> & { workspace_id: string }): Promise<void>;
  /** Writes everything but ids, mode, URL, creation and `node`. */
  update(row: FileUploadRow): Promise<void>;
  /**
   * Uploads created by `createdBy`, newest first, from the upload `from` (a cursor) on; only
   * those whose status (as of `now`, expiry derived) is `status` when given. Null if `from` is unknown.
   */
  /** Unattached pending or uploaded uploads whose expiry time is ≤ `now` (any workspace), oldest first. */
  expiring(now: number, limit: number): Promise<FileUploadRow[]>;
  /** external_url uploads still pending, in every workspace, oldest first (to find those of nodes gone). */
  pendingImports(limit: number): Promise<FileUploadRow[]>;
  list(workspaceId: string, createdBy: string, opts: { from: string | null; limit: number; status?: FileUploadStatus; now: number }): Promise<Page<FileUploadRow> | null>;
}
