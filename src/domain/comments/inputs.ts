/** Typed inputs of the comment verbs (validated by src/routes/comments.schema.ts). */
import type { RichTextRequest } from "../rich-text.js";

/** Where a new comment goes: a new discussion on a page or block, or a reply in a discussion. */
export type CommentTarget = { type: "page_id"; id: string } | { type: "block_id"; id: string } | { type: "discussion_id"; id: string };

export type DisplayNameInput = { type: "integration" } | { type: "user" } | { type: "custom"; name: string };

export interface CreateCommentInput {
  target: CommentTarget;
  /** The body, from `rich_text` or parsed from `markdown`. */
  body: RichTextRequest[];
  displayName: DisplayNameInput | null;
  /** File upload ids, at most three. */
  attachments: string[];
}

export interface UpdateCommentInput {
  body: RichTextRequest[];
}
