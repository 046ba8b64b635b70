import type { MovePageResponse } from "@notionhq/client";
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertNotTrashed, placeChildren, touch } from "../nodes.js";
import type { DataSourceNode } from "../databases/model.js";
import { projectIdx } from "../../query/index.js";
import type { MovePageInput } from "./inputs.js";
import { assignUniqueIds, dataSourceOf, detachRow } from "./database-page.js";
import { isWithin, loadPageParent, pageResponse } from "./shared.js";

/**
 * POST /v1/pages/{id}/move — to the end of another page, or into a data source (a row). The
 * title travels; other property values stay behind (a row leaving its data source lets go of
 * its dual relations), and a new row is numbered by the data source's unique_id properties.
 */
export async function movePage(ctx: Ctx, id: string, input: MovePageInput): Promise<MovePageResponse> {
  requireCap(ctx, "update_content");
  if (input.parent.type === "workspace" || input.parent.type === "database_id")
    throw errors.validation("body.parent should be a page_id or data_source_id parent.");
  return ctx.store.write(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    assertNotTrashed(node);
    const parent = (await loadPageParent(tx, ctx, input.parent))!;
    assertNotTrashed(parent);
    if (await isWithin(tx, ctx, parent.id, node.id)) throw errors.validation("A page cannot be moved into itself or one of its descendants.");
    if (node.parent_id !== parent.id) {
      const from = await dataSourceOf(tx, ctx, node);
      if (from) await detachRow(tx, ctx, from, node);
      // A template moved out of its data source is an ordinary page from then on.
      if (from) await tx.templates.remove(ctx.actor.workspace.id, node.id);
      const title = node.properties?.title ?? [];
      if (from) node.properties = { title };
      if (parent.type === "data_source") await intoDataSource(tx, ctx, node, parent as DataSourceNode, title);
      else {
        [node.position] = await placeChildren(tx, ctx.actor.workspace.id, parent.id, 1, { type: "end" });
        node.parent_type = "page_id";
        node.parent_id = parent.id;
        const { database_id: _, ...data } = node.data ?? {};
        node.data = data;
        node.idx = null;
      }
    }
    await tx.updateNode(touch(node, ctx));
    return pageResponse(tx, ctx, node);
  });
}

/** The page becomes a row: positioned like a new row, its title kept, unique ids assigned. */
async function intoDataSource(tx: Tx, ctx: Ctx, node: NodeRow, ds: DataSourceNode, title: unknown) {
  node.parent_type = "data_source_id";
  node.parent_id = ds.id;
  node.position = ctx.clock.now();
  node.data = { ...(node.data ?? {}), database_id: ds.parent_id };
  node.properties = { title };
  assignUniqueIds(ds, node);
  await tx.updateNode(ds);
  node.idx = projectIdx(ds.data.properties, node.properties);
}
