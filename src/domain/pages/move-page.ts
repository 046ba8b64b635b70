import type { MovePageResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { errors } from "../../http/errors.js";
import { assertNotTrashed, placeChildren, touch } from "../nodes.js";
import type { MovePageInput } from "./inputs.js";
import { isWithin, loadPageParent, pageResponse } from "./shared.js";

/** POST /v1/pages/{id}/move — to the end of another page (or, later, into a data source). */
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
      [node.position] = await placeChildren(tx, ctx.actor.workspace.id, parent.id, 1, { type: "end" });
      node.parent_type = "page_id";
      node.parent_id = parent.id;
    }
    await tx.updateNode(touch(node, ctx));
    return pageResponse(tx, ctx, node);
  });
}
