import type { Tx } from "../../storage/types.js";
import type { CommentRow } from "../../storage/comments.js";
import { notFound } from "../access.js";
import type { Ctx } from "../context.js";
import { assertNotTrashed } from "../nodes.js";
import { visibleComment } from "./shared.js";

/**
 * A comment the caller may change: one its own bot wrote. Anyone else's is a 404, as Notion
 * answers ("A connection can only update comments that it created … will return a 404 error",
 * developers.notion.com/reference/update-a-comment).
 */
export async function ownComment(tx: Tx, ctx: Ctx, id: string): Promise<CommentRow> {
  const { comment, on } = await visibleComment(tx, ctx, id);
  if (comment.created_by !== ctx.actor.bot.id) throw notFound(ctx, "comment", id);
  assertNotTrashed(on);
  return comment;
}
