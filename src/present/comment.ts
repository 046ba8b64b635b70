/** Comment objects (developers.notion.com/reference/comment-object); the same in every version. */
import type { CommentObjectResponse, PartialCommentObjectResponse, RichTextItemResponse } from "@notionhq/client";
import type { Capability } from "../api/capabilities.js";
import type { CommentRow } from "../storage/comments.js";
import { isoMinute } from "../domain/clock.js";
import { partialUser } from "./common.js";
import { shapeItems } from "./mentions.js";
import type { FileUrls } from "../domain/files/urls.js";

/** `caps` shapes user mentions for the reader; `files` signs the attachments' URLs for the reader. */
export function presentComment(row: CommentRow, caps: ReadonlySet<Capability>, files: FileUrls): CommentObjectResponse {
  const out: CommentObjectResponse = {
    object: "comment",
    id: row.id,
    parent: row.parent_type === "page_id" ? { type: "page_id", page_id: row.parent_id } : { type: "block_id", block_id: row.parent_id },
    discussion_id: row.discussion_id,
    // Times are rounded to the minute, as pages' and blocks' are (recorded 2025-09-03 traffic).
    created_time: isoMinute(row.created_time),
    last_edited_time: isoMinute(row.last_edited_time),
    created_by: partialUser(row.created_by),
    rich_text: shapeItems(row.rich_text, caps, { urls: files, src: row.id }) as RichTextItemResponse[],
    display_name: { ...row.display_name },
  };
  // Recorded traffic omits the key for a comment without attachments.
  // The file is `{url, expiry_time}` as the SDK types it (CommentObjectResponse), signed for the
  // reader with the comment as the object it was read from.
  if (row.attachments.length > 0)
    out.attachments = row.attachments.map((a) => ({ category: a.category, file: files.sign({ type: "file" as const, file: a.file }, row.id).file }));
  return out;
}

/** What an integration without read_comments gets back from its writes. */
export function partialComment(id: string): PartialCommentObjectResponse {
  return { object: "comment", id };
}
