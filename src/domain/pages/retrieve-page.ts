import type { GetPageResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { filteredPageResponse } from "./shared.js";

/** GET /v1/pages/{id} — `filter_properties` limits `properties` to the ids (or names) given. */
export async function retrievePage(ctx: Ctx, id: string, filterProperties: string[] | null): Promise<GetPageResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    return filteredPageResponse(tx, ctx, node, filterProperties ? new Set(filterProperties) : undefined);
  });
}
