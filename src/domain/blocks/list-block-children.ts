import type { ListBlockChildrenResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { readableContentOwner, withSyncedChildrenAll } from "../nodes.js";
import { Sight } from "../visibility.js";
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
    // Children of something in the trash are in the trash with it.
    const inherited = isTrashed(owner) || isTrashed(node);
    if (inherited) for (const child of page.items) child.inherited_trash = true;
    // One sight for the page of children: their originals and mentions are decided together.
    const sight = new Sight(tx, ctx.actor);
    const children = await withSyncedChildrenAll(tx, ctx, page.items, sight);
    const shown = await withoutUnseenMentions(tx, ctx, children, ["data", "properties"], sight);
    const files = fileUrlsFor(ctx);
    const results = shown.map((child) => presentBlock(child, ctx.version, files, ctx.actor.caps));
    return list("block", results, page.next) as ListBlockChildrenResponse;
  });
}
