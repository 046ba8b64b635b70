import type { GetPagePropertyResponse } from "@notionhq/client";
import type { RichTextItemResponse } from "@notionhq/client";
import type { NodeRow } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { errors } from "../../api/errors.js";
import { pageTitle } from "../../present/page.js";
import { shapeItems } from "../../present/mentions.js";
import { fileUrlsFor } from "../files/urls.js";
import { invalidCursor, offsetCursor } from "../pagination.js";
import { findProperty } from "../../query/index.js";
import { encodePropertyId, type PropertySchema } from "../properties/schema.js";
import { valueOf } from "../properties/read-values.js";
import type { ReadEnv } from "../properties/read-env.js";
import { aggregate, rolledUpValues } from "../properties/rollups.js";
import { dataSourceOf, readEnv } from "./database-page.js";
import { withoutUnseenMentions } from "../mentions.js";

type Json = Record<string, unknown>;

/** Property types answered as a paginated list, one reference or rich-text item per result. */
const PAGINATED = new Set(["title", "rich_text", "relation", "people"]);
/** Rollups whose list holds the rolled-up values themselves; the others list the related pages. */
const SHOWS_VALUES = new Set(["show_original", "show_unique"]);

/**
 * GET /v1/pages/{id}/properties/{property_id} — one property of a page, as Notion's property
 * items (developers.notion.com/reference/retrieve-a-page-property): title, rich_text, relation and
 * people as paginated lists (one item per result, no 25-reference cut); rollups as a list of
 * what they read with the aggregate in `property_item.rollup` (final on the last page only);
 * every other type as a single property_item. A page outside a database has only `title`.
 */
export async function retrievePageProperty(ctx: Ctx, id: string, propertyId: string, cursor: string | null, pageSize: number): Promise<GetPagePropertyResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "page", (n) => n.type === "page");
    const start = offsetCursor.decode(cursor);
    if (start === null) throw invalidCursor(cursor!);
    const ds = await dataSourceOf(tx, ctx, node);
    const page = { start, size: pageSize, base: `${ctx.publicUrl()}/v1/pages/${node.id}/properties` };
    if (!ds) {
      if (propertyId !== "title") throw errors.notFound("property", propertyId);
      const [shown] = await withoutUnseenMentions(tx, ctx, [node], ["properties"]);
      const items = shapeItems(pageTitle(shown), ctx.actor.caps, { urls: fileUrlsFor(ctx), src: node.id }) as RichTextItemResponse[];
      return paginated(page, "title", "title", items, {}) as GetPagePropertyResponse;
    }
    const p = findProperty(ds.data.properties, propertyId);
    if (!p) throw errors.notFound("property", propertyId);
    const env = readEnv(tx, ctx, false);
    const pid = encodePropertyId(p.id);
    if (p.type === "rollup") return (await rollupItems(p, node, env, page)) as GetPagePropertyResponse;
    const value = await valueOf(p, node, env);
    const inner = value[p.type];
    if (!PAGINATED.has(p.type)) return { object: "property_item", type: p.type, id: pid, [p.type]: inner } as GetPagePropertyResponse;
    return paginated(page, pid, p.type, inner as unknown[], {}) as GetPagePropertyResponse;
  });
}

interface Window {
  start: number;
  size: number;
  base: string;
}

/** The list form: one property_item per element, `property_item` describing the whole. */
function paginated(w: Window, id: string, type: string, elements: unknown[], summary: unknown, itemType = type) {
  const slice = elements.slice(w.start, w.start + w.size);
  const more = w.start + w.size < elements.length;
  const next = more ? offsetCursor.encode(w.start + w.size) : null;
  return {
    object: "list",
    results: slice.map((e) => ({ object: "property_item", type: itemType, id, [itemType]: e })),
    next_cursor: next,
    has_more: more,
    type: "property_item",
    property_item: { id, next_url: next ? `${w.base}/${id}?start_cursor=${next}` : null, type, [type]: summary },
  };
}

/**
 * A rollup: show_original / show_unique list the rolled-up values (flattened: one rich-text
 * item, user or reference per result) and end with an empty array; the aggregates list the
 * related pages and give their value on the last page (`incomplete` before it).
 */
async function rollupItems(p: PropertySchema, node: NodeRow, env: ReadEnv, w: Window) {
  const fn = p.config.function as string;
  const pid = encodePropertyId(p.id);
  const { related, values } = await rolledUpValues()(p, node, env);
  if (SHOWS_VALUES.has(fn)) {
    const shown = (aggregate(fn, values).array as Json[]) ?? [];
    const items = shown.flatMap((v) => (PAGINATED.has(v.type as string) ? (v[v.type as string] as unknown[]).map((e) => ({ type: v.type, [v.type as string]: e })) : [v]));
    const list = paginated(w, pid, "rollup", items, { type: "array", array: [], function: fn });
    list.results = items.slice(w.start, w.start + w.size).map((v) => ({ object: "property_item", type: v.type as string, id: pid, [v.type as string]: v[v.type as string] }));
    return list;
  }
  const list = paginated(w, pid, "rollup", related.map((id) => ({ id })), null, "relation");
  list.property_item.rollup = list.has_more ? { type: "incomplete", incomplete: {}, function: fn } : aggregate(fn, values);
  return list;
}
