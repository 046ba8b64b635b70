/** File-upload rules shared by the verbs: status as of now, loading with access, blob keys. */
import type { Tx } from "../../storage/types.js";
import type { FileUploadRow, FileUploadStatus } from "../../storage/file-uploads.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";

/**
 * The status a client sees at `now`: a pending or uploaded upload that was not attached before
 * its `expiry_time` is expired (developers.notion.com/reference/file-upload).
 */
export function statusAt(row: FileUploadRow, now: number): FileUploadStatus {
  if ((row.status === "pending" || row.status === "uploaded") && row.expiry_time !== null && row.expiry_time <= now) return "expired";
  return row.status;
}

/** The row as of `now`: expired uploads show `expiry_time: null`, edited when they expired. */
export function rowAt(row: FileUploadRow, now: number): FileUploadRow {
  if (statusAt(row, now) !== "expired" || row.status === "expired") return row;
  return { ...row, status: "expired", last_edited_time: row.expiry_time!, expiry_time: null };
}

export const notFoundUpload = (id: string) => errors.notFound("file_upload", id);

/**
 * An upload the caller may use: one its integration created. Others' uploads are 404, as every
 * object the integration cannot see (unconfirmed for uploads, which belong to no page).
 */
export async function ownUpload(tx: Tx, ctx: Ctx, id: string): Promise<FileUploadRow> {
  const row = await tx.files.get(ctx.actor.workspace.id, id);
  if (!row || row.created_by !== ctx.actor.bot.id) throw notFoundUpload(id);
  return rowAt(row, ctx.clock.now());
}

/**
 * Blob keys: the finished file, and the parts of a multi_part upload. A part's key carries its
 * size, so a part sent again with another size never replaces the bytes the committed row still
 * describes (a crash between the rename and the commit leaves the old part intact); the send
 * removes the superseded blob once its commit is done, and a restart removes any left over.
 */
export const blobKeys = {
  content: (id: string) => `${id}/content`,
  part: (id: string, n: number, size: number) => `${id}/part-${n}-${size}`,
  incoming: (id: string, nonce: string) => `${id}/incoming-${nonce}`,
};
