/** File upload objects (developers.notion.com/reference/file-upload), keys in Notion's order. */
import type { FileUploadObjectResponse } from "@notionhq/client";
import type { FileUploadRow } from "../storage/file-uploads.js";
import { hasArchived, type ApiVersion } from "../api/version.js";
import { isoMinute } from "../domain/clock.js";

export function presentFileUpload(row: FileUploadRow, version: ApiVersion, origin: string): FileUploadObjectResponse {
  const out: Record<string, unknown> = {
    object: "file_upload",
    id: row.id,
    created_time: isoMinute(row.created_time),
    created_by: { id: row.created_by, type: "bot" },
    last_edited_time: isoMinute(row.last_edited_time),
    expiry_time: row.expiry_time === null ? null : isoMinute(row.expiry_time),
  };
  // While pending, the object says where to send the bytes (and, multi_part, where to finish).
  if (row.status === "pending") {
    out.upload_url = `${origin}/v1/file_uploads/${row.id}/send`;
    if (row.mode === "multi_part") out.complete_url = `${origin}/v1/file_uploads/${row.id}/complete`;
  }
  out.in_trash = false;
  out.status = row.status;
  out.filename = row.filename;
  out.content_type = row.content_type;
  out.content_length = row.content_length;
  if (row.mode === "multi_part") out.number_of_parts = { total: row.number_of_parts!, sent: Object.keys(row.parts).length };
  if (row.import_result) out.file_import_result = row.import_result;
  // `archived` went away in 2026-03-11 with every other object's.
  if (hasArchived(version)) out.archived = false;
  return out as FileUploadObjectResponse;
}
