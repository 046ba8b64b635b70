import type { GetCommentResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { presentComment } from "../../present/comment.js";
import { visibleComment } from "./shared.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";

/** GET /v1/comments/{id} — one comment on a page or block the integration can see. */
export async function retrieveComment(ctx: Ctx, id: string): Promise<GetCommentResponse> {
  requireCap(ctx, "read_comments");
  return ctx.store.read(async (tx) => {
    const { comment } = await visibleComment(tx, ctx, id);
    const [shown] = await withoutUnseenMentions(tx, ctx, [comment], ["rich_text"]);
    return presentComment(shown, ctx.actor.caps, fileUrlsFor(ctx));
  });
}
