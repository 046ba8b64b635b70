import type { ListCommentsResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { invalidCursor } from "../pagination.js";
import { list } from "../../present/common.js";
import { presentComment } from "../../present/comment.js";
import { commentable } from "./shared.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";

/**
 * GET /v1/comments?block_id= — the open comments on a page or block, every discussion flattened,
 * oldest first (developers.notion.com/reference/list-comments). Trashed pages stay readable.
 */
export async function listComments(ctx: Ctx, blockId: string, cursor: string | null, pageSize: number): Promise<ListCommentsResponse> {
  requireCap(ctx, "read_comments");
  return ctx.store.read(async (tx) => {
    const on = await visibleNode(tx, ctx, blockId, "block", commentable);
    const page = await tx.comments.listOpen(ctx.actor.workspace.id, on.id, cursor, pageSize);
    if (!page) throw invalidCursor(cursor!);
    const files = fileUrlsFor(ctx);
    const shown = await withoutUnseenMentions(tx, ctx, page.items, ["rich_text"]);
    return list("comment", shown.map((c) => presentComment(c, ctx.actor.caps, files)), page.next) as ListCommentsResponse;
  });
}
