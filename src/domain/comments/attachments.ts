/**
 * Comment attachments: the caller's file uploads (status `uploaded`), claimed by id when a
 * comment is created, shown as Notion-hosted files with a category
 * (developers.notion.com/reference/comment-attachment). Claiming is the file-upload feature's
 * (domain/files/claim.ts); the stored file carries URL markers that every response signs afresh.
 */
import type { Tx } from "../../storage/types.js";
import type { CommentAttachment } from "../../storage/comments.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import type { Ctx } from "../context.js";
import { claimUpload } from "../files/claim.js";
import { storedFileObject } from "../files/urls.js";
import { bareType, extensionOf, typeForExtension } from "../files/content-types.js";

/** The attachments of a new comment, in request order; each must be the caller's uploaded upload. */
export async function claimAttachments(tx: Tx, ctx: Ctx, ids: string[]): Promise<CommentAttachment[]> {
  const out: CommentAttachment[] = [];
  for (const id of ids) {
    const upload = await claimUpload(tx, ctx.actor.workspace.id, ctx.actor.bot.id, ctx.clock.now(), id);
    out.push({ file_upload_id: upload.id, category: categoryOf(upload), file: storedFileObject(upload.id, upload.filename).file });
  }
  return out;
}

/**
 * How Notion's app shows the file: images inline, audio and video as players, PDFs as
 * previews, anything else (documents, sheets, slides, text) as `productivity`.
 */
function categoryOf(upload: FileUploadRow): CommentAttachment["category"] {
  const ext = upload.filename ? extensionOf(upload.filename) : null;
  const type = upload.content_type ? bareType(upload.content_type) : ext ? typeForExtension(ext) ?? "" : "";
  if (type === "application/pdf") return "pdf";
  const top = type.split("/")[0];
  if (top === "image" || top === "audio" || top === "video") return top;
  return "productivity";
}
