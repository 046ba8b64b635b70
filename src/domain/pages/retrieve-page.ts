import type { GetPageResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { presentPage } from "../../present/page.js";

/** GET /v1/pages/{id} — `filter_properties` limits `properties` to the ids given. */
export async function retrievePage(ctx: Ctx, id: string, filterProperties: string[] | null): Promise<GetPageResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    const page = presentPage(node, ctx.version, ctx.publicUrl(), ctx.actor.caps);
    if (filterProperties) {
      const keep = new Set(filterProperties);
      for (const [name, value] of Object.entries(page.properties)) if (!keep.has(value.id) && !keep.has(name)) delete page.properties[name];
    }
    return page;
  });
}
