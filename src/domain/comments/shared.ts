/** What the comment verbs share: loading comments through the access rules, and presenting them. */
import type { CommentObjectResponse, PartialCommentObjectResponse } from "@notionhq/client";
import type { StoredNode, Tx } from "../../storage/types.js";
import type { CommentRow } from "../../storage/comments.js";
import { ApiError } from "../../api/errors.js";
import { hasCap, notFound, visibleNode } from "../access.js";
import type { Ctx } from "../context.js";
import { partialComment, presentComment } from "../../present/comment.js";
import { fileUrlsFor } from "../files/urls.js";

/** A page or a block a comment can be on (not a data source); pages, databases and blocks are all blocks. */
export const commentable = (n: StoredNode) => n.type !== "data_source";

/**
 * Loads a comment whose page or block the integration can see, with that node; anything else
 * (unknown, deleted, on something unshared) is Notion's 404 for the comment.
 */
export async function visibleComment(tx: Tx, ctx: Ctx, id: string): Promise<{ comment: CommentRow; on: StoredNode }> {
  const comment = await tx.comments.get(ctx.actor.workspace.id, id);
  if (!comment) throw notFound(ctx, "comment", id);
  try {
    return { comment, on: await visibleNode(tx, ctx, comment.parent_id, "block", commentable) };
  } catch (e) {
    if (e instanceof ApiError && e.code === "object_not_found") throw notFound(ctx, "comment", id);
    throw e;
  }
}

/** A comment as the caller may see it: whole with read_comments, else `{object, id}`. */
export function commentFor(ctx: Ctx, row: CommentRow): CommentObjectResponse | PartialCommentObjectResponse {
  if (!hasCap(ctx.actor, "read_comments")) return partialComment(row.id);
  return presentComment(row, ctx.actor.caps, fileUrlsFor(ctx));
}
