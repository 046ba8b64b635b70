import type { BlockObjectResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { withSyncedChildren } from "../nodes.js";
import { presentBlock } from "../../present/block.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";

/** GET /v1/blocks/{id} — a page id answers with its child_page block. */
export async function retrieveBlock(ctx: Ctx, id: string): Promise<BlockObjectResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "block");
    const [shown] = await withoutUnseenMentions(tx, ctx, [await withSyncedChildren(tx, ctx, node)], ["data", "properties"]);
    return presentBlock(shown, ctx.version, fileUrlsFor(ctx), ctx.actor.caps);
  });
}
