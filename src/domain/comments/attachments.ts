/**
 * Comment attachments: file uploads (status `uploaded`) claimed by id when a comment is created,
 * shown as Notion-hosted files with a category (developers.notion.com/reference/comment-attachment).
 */
import type { Tx } from "../../storage/types.js";
import type { CommentAttachment } from "../../storage/comments.js";
import { errors } from "../../http/errors.js";
import type { Ctx } from "../context.js";

/** The attachments of a new comment, in request order; each must be an uploaded file upload. */
export async function claimAttachments(_tx: Tx, _ctx: Ctx, ids: string[]): Promise<CommentAttachment[]> {
  if (ids.length === 0) return [];
  // File uploads are not stored yet, so no id can name an uploaded one.
  throw errors.validation(
    `body failed validation: body.attachments[0].file_upload_id should reference an uploaded file upload, instead was \`"${ids[0]}"\`.`,
  );
}
