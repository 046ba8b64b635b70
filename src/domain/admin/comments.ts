/**
 * Comments written by people, for the operator (the API only lets integrations write as their
 * bot): a person's comment or reply, and resolving or reopening a discussion — what a workspace
 * member does in Notion's UI, so that tests can meet comments the integration did not write.
 */
import type { Tx } from "../../storage/types.js";
import type { CommentDisplayName, CommentRow } from "../../storage/comments.js";
import type { UserRow } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { normalizeRichText, type RichTextRequest } from "../rich-text.js";
import { operatorResolver } from "./resolver.js";
import { presentComment } from "../../present/comment.js";
import { fileUrlsFor } from "../files/urls.js";
import type { CommentTarget } from "../comments/inputs.js";

export interface PersonCommentInput {
  target: CommentTarget;
  author_id: string;
  rich_text: RichTextRequest[];
}

const EVERYTHING = new Set(["user_info_with_email"] as const);

export async function createPersonComment(deps: Deps, tx: Tx, ws: string, input: PersonCommentInput) {
  const author = await tx.getUser(ws, input.author_id);
  if (!author) throw errors.notFound("user", input.author_id);
  if (author.type !== "person")
    throw errors.validation(
      `body.author_id is the bot of the integration "${author.name}", not a person: integrations comment as their bot through POST /v1/comments with their own token.`,
    );
  let parent: Pick<CommentRow, "parent_type" | "parent_id"> & { discussion_id?: string };
  if (input.target.type === "discussion_id") {
    const first = await tx.comments.firstOfDiscussion(ws, input.target.id);
    if (!first) throw errors.notFound("discussion", input.target.id);
    parent = { parent_type: first.parent_type, parent_id: first.parent_id, discussion_id: first.discussion_id };
    if (first.resolved) await tx.comments.setResolved(ws, first.discussion_id, false);
  } else {
    const node = await tx.getNode(ws, input.target.id);
    const kind = input.target.type === "page_id" ? "page" : "block";
    if (!node || node.type === "data_source" || (kind === "page" && node.type !== "page")) throw errors.notFound(kind, input.target.id);
    parent = { parent_type: node.type === "page" ? "page_id" : "block_id", parent_id: node.id };
  }
  const id = deps.ids();
  const row = await insertCommentAs(deps, tx, ws, author, { ...parent, discussion_id: parent.discussion_id ?? deps.ids() }, input.rich_text, undefined, id);
  return presentComment(row, EVERYTHING, fileUrlsFor(deps));
}

/** Where a comment goes: the thread and what the thread is on. */
export type CommentPlace = Pick<CommentRow, "parent_type" | "parent_id" | "discussion_id">;

/**
 * Writes a comment by `author` (a person, or an integration's bot) now: the operator's comments
 * and the seed's. It shows as its author unless `displayName` says otherwise.
 */
export async function insertCommentAs(deps: Deps, tx: Tx, ws: string, author: UserRow, place: CommentPlace, richText: RichTextRequest[], displayName?: CommentDisplayName, id = deps.ids()): Promise<CommentRow> {
  const now = deps.clock.now();
  const row: CommentRow = {
    workspace_id: ws,
    id,
    ...place,
    rich_text: await normalizeRichText(richText, operatorResolver(deps, tx, ws)),
    display_name: displayName ?? { type: author.type === "person" ? "user" : "integration", resolved_name: author.name },
    attachments: [],
    created_time: now,
    created_by: author.id,
    last_edited_time: now,
    resolved: false,
  };
  await tx.comments.insert(row);
  return row;
}

/** Resolves (or reopens) the discussion of a comment; resolved comments leave GET /v1/comments. */
export async function resolveDiscussion(tx: Tx, ws: string, commentId: string, resolved: boolean) {
  const comment = await tx.comments.get(ws, commentId);
  if (!comment) throw errors.notFound("comment", commentId);
  await tx.comments.setResolved(ws, comment.discussion_id, resolved);
  return { object: "discussion", id: comment.discussion_id, resolved };
}
