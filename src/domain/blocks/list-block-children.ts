import type { ListBlockChildrenResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { readableContentOwner, withSyncedChildren } from "../nodes.js";
import { isTrashed } from "../trash.js";
import { presentBlock } from "../../present/block.js";
import { list } from "../../present/common.js";
import { invalidCursor } from "../pagination.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";

/**
 * GET /v1/blocks/{id}/children — direct children only; a synced reference lists its original's
 * (a 404 when the reader cannot see the original: nodes.ts contentOwner).
 */
export async function listBlockChildren(ctx: Ctx, id: string, cursor: string | null, pageSize: number): Promise<ListBlockChildrenResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "block");
    const owner = await readableContentOwner(tx, ctx, node);
    // A database's rows live in its data sources, not among block children.
    if (owner.type === "database") return list("block", [], null) as unknown as ListBlockChildrenResponse;
    const page = await tx.listChildren(ctx.actor.workspace.id, owner.id, cursor, pageSize);
    if (!page) throw invalidCursor(cursor!);
    const children = [];
    // Children of something in the trash are in the trash with it.
    const inherited = isTrashed(owner) || isTrashed(node);
    for (const child of page.items) {
      if (inherited) child.inherited_trash = true;
      children.push(await withSyncedChildren(tx, ctx, child));
    }
    const shown = await withoutUnseenMentions(tx, ctx, children, ["data", "properties"]);
    const files = fileUrlsFor(ctx);
    const results = shown.map((child) => presentBlock(child, ctx.version, files, ctx.actor.caps));
    return list("block", results, page.next) as ListBlockChildrenResponse;
  });
}
