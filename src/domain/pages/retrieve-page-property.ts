import type { GetPagePropertyResponse } from "@notionhq/client";
import type { RichTextItemResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { errors } from "../../http/errors.js";
import { pageTitle } from "../../present/page.js";
import { invalidCursor, offsetCursor } from "../pagination.js";

/**
 * GET /v1/pages/{id}/properties/{property_id} — the title of a non-database page, paginated as
 * Notion does: one rich-text item per property_item result.
 */
export async function retrievePageProperty(ctx: Ctx, id: string, propertyId: string, cursor: string | null, pageSize: number): Promise<GetPagePropertyResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    if (propertyId !== "title") throw errors.notFound("property", propertyId);
    const start = offsetCursor.decode(cursor);
    if (start === null) throw invalidCursor(cursor!);
    const items: RichTextItemResponse[] = pageTitle(node);
    const slice = items.slice(start, start + pageSize);
    const more = start + pageSize < items.length;
    const next = more ? offsetCursor.encode(start + pageSize) : null;
    const base = `${ctx.publicUrl()}/v1/pages/${node.id}/properties/title`;
    return {
      object: "list",
      results: slice.map((title) => ({ object: "property_item", type: "title", id: "title", title })),
      next_cursor: next,
      has_more: more,
      type: "property_item",
      property_item: { id: "title", next_url: next ? `${base}?start_cursor=${next}` : null, type: "title", title: {} },
    } as GetPagePropertyResponse;
  });
}
