/**
 * GET /v1/data_sources/{id}/templates — the data source's templates the integration can read,
 * `{templates: [{id, name, is_default}], has_more, next_cursor}` (no `object` key, and so no
 * `request_id`: recorded Notion traffic, notion-sdk-py cassettes *templates*). In the order they
 * were made templates; a cursor is the id of the next template ("the next_cursor is set to the
 * ID of the next template": developers.notion.com/reference/list-data-source-templates).
 * Templates in the trash are left out.
 */
import type { Client } from "@notionhq/client";
import type { StoredNode, Tx } from "../../storage/types.js";
import type { TemplateRow } from "../../storage/templates.js";
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { loadDataSource } from "../databases/model.js";
import { invalidCursor } from "../pagination.js";
import { plainText } from "../rich-text.js";
import { pageTitle } from "../../present/page.js";
import { Sight } from "../visibility.js";

/** The SDK's response type (not exported by name from the package root). */
type ListDataSourceTemplatesResponse = Awaited<ReturnType<Client["dataSources"]["listTemplates"]>>;

export interface ListTemplatesInput {
  cursor: string | null;
  pageSize: number;
  /**
   * Only templates whose name contains this, ignoring case. Notion documents the parameter (SDK
   * ListDataSourceTemplatesQueryParameters) but not how it matches (unconfirmed).
   */
  name?: string;
}

/** The data source's readable templates, `input.pageSize` at a time from the cursor's template. */
export async function listDataSourceTemplates(ctx: Ctx, id: string, input: ListTemplatesInput): Promise<ListDataSourceTemplatesResponse> {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const ds = await loadDataSource(tx, ctx, id);
    const sight = new Sight(tx, ctx.actor);
    const all = await liveTemplates(tx, ctx.actor.workspace.id, ds.id);
    const seen = new Set(await sight.visible(all.map((t) => t.row.page_id)));
    const wanted = input.name?.toLowerCase();
    const shown = all.filter((t) => seen.has(t.row.page_id) && (wanted === undefined || t.name.toLowerCase().includes(wanted)));
    let start = 0;
    if (input.cursor !== null) {
      start = shown.findIndex((t) => t.row.page_id === input.cursor);
      if (start < 0) throw invalidCursor(input.cursor);
    }
    const page = shown.slice(start, start + input.pageSize);
    const next = shown[start + input.pageSize]?.row.page_id ?? null;
    return { templates: page.map((t) => ({ id: t.row.page_id, name: t.name, is_default: t.row.is_default })), has_more: next !== null, next_cursor: next };
  });
}

/** A data source's templates whose pages are still its own and out of the trash, with their names (titles). */
export async function liveTemplates(tx: Tx, ws: string, dsId: string): Promise<{ row: TemplateRow; node: StoredNode; name: string }[]> {
  const out: { row: TemplateRow; node: StoredNode; name: string }[] = [];
  for (const row of await tx.templates.list(ws, dsId)) {
    const node = await tx.getNode(ws, row.page_id);
    if (!node || node.type !== "page" || node.parent_id !== dsId || node.in_trash) continue;
    out.push({ row, node, name: plainText(pageTitle(node)) });
  }
  return out;
}
