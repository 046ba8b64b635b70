import type { UpdateCommentResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { mentionResolver } from "../nodes.js";
import { normalizeRichText } from "../rich-text.js";
import type { UpdateCommentInput } from "./inputs.js";
import { ownComment } from "./own-comment.js";
import { commentFor } from "./shared.js";

/** PATCH /v1/comments/{id} — replaces the body of one of the integration's own comments. */
export async function updateComment(ctx: Ctx, id: string, input: UpdateCommentInput): Promise<UpdateCommentResponse> {
  requireCap(ctx, "insert_comments");
  return ctx.store.write(async (tx) => {
    const comment = await ownComment(tx, ctx, id);
    comment.rich_text = await normalizeRichText(input.body, mentionResolver(tx, ctx));
    comment.last_edited_time = ctx.clock.now();
    await tx.comments.update(comment);
    return commentFor(ctx, comment);
  });
}
