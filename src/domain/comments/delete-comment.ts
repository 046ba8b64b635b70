import type { DeleteCommentResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { ownComment } from "./own-comment.js";
import { commentFor } from "./shared.js";

/**
 * DELETE /v1/comments/{id} — removes one of the integration's own comments and answers with it as
 * it was (developers.notion.com/reference/comment-object; recorded 2025-09-03 traffic). Replies in
 * the same discussion stay.
 */
export async function deleteComment(ctx: Ctx, id: string): Promise<DeleteCommentResponse> {
  requireCap(ctx, "insert_comments");
  return ctx.store.write(async (tx) => {
    const comment = await ownComment(tx, ctx, id);
    await tx.comments.delete(ctx.actor.workspace.id, id);
    return commentFor(ctx, comment);
  });
}
