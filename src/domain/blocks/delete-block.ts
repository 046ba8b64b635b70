import type { DeleteBlockResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { hasCap, requireCap, visibleNode } from "../access.js";
import { assertNotTrashed, touch, withSyncedChildren } from "../nodes.js";
import { presentBlock, partialBlock } from "../../present/block.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";
import { assertNotMeetingNotesContent } from "../meeting-notes/model.js";
import { releaseTrashedPreviews } from "../link-previews/release.js";

/** DELETE /v1/blocks/{id} — moves a block (or page) to the trash; it stays retrievable by id. */
export async function deleteBlock(ctx: Ctx, id: string): Promise<DeleteBlockResponse> {
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "block");
    assertNotTrashed(node);
    await assertNotMeetingNotesContent(tx, ctx, node);
    node.in_trash = true;
    await tx.updateNode(touch(node, ctx));
    // Link previews shown by it or below it go; their partners hear of it after the commit.
    await releaseTrashedPreviews(ctx, tx, ctx.actor.workspace.id);
    if (!hasCap(ctx.actor, "read_content")) return partialBlock(node.id);
    const stored = (await tx.getNode(ctx.actor.workspace.id, node.id))!;
    const [shown] = await withoutUnseenMentions(tx, ctx, [await withSyncedChildren(tx, ctx, stored)], ["data", "properties"]);
    return presentBlock(shown, ctx.version, fileUrlsFor(ctx), ctx.actor.caps);
  });
}
