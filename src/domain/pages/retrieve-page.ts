import type { GetPageResponse, PageObjectResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { pageResponse } from "./shared.js";

/** GET /v1/pages/{id} — `filter_properties` limits `properties` to the ids given. */
export async function retrievePage(ctx: Ctx, id: string, filterProperties: string[] | null): Promise<GetPageResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    const keep = filterProperties ? new Set(filterProperties) : undefined;
    const page = (await pageResponse(tx, ctx, node, keep)) as PageObjectResponse;
    if (keep) {
      for (const [name, value] of Object.entries(page.properties)) if (!keep.has(value.id) && !keep.has(name)) delete page.properties[name];
    }
    return page;
  });
}
