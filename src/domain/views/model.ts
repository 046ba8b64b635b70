/**
 * Views as the verbs see them: Notion's constants, the loader that applies access (a view is
 * visible when its database is), trash, tab-bar order and the default view. Sources for each
 * rule: docs/design/views.md.
 */
import type { Tx } from "../../storage/types.js";
import type { ViewRow, ViewType } from "../../storage/views.js";
import type { Ctx } from "../context.js";
import { notFound, seenNode } from "../access.js";
import { assertNotTrashed } from "../nodes.js";
import type { DatabaseNode, DataSourceNode } from "../databases/model.js";

export type { ViewRow, ViewType };

/** The view types, in the order Notion's reference lists them (developers.notion.com/reference/view). */
export const VIEW_TYPES = ["table", "board", "list", "calendar", "timeline", "gallery", "form", "chart", "map", "dashboard"] as const satisfies readonly ViewType[];

/**
 * The name of the table view a new database or data source comes with. No recording shows it
 * (test_views_list only lists its id): unconfirmed, the name several test doubles of Notion's
 * views API give it. Migration 10 (src/storage/sqlite-schema.ts) writes the same name.
 */
export const DEFAULT_VIEW_NAME = "Default view";

/** The narrowest column a view may set, in pixels (the SDK's MIN_VIEW_COLUMN_WIDTH, constants.ts). */
export const MIN_VIEW_COLUMN_WIDTH = 32;

/** A view query's results are kept 15 minutes (developers.notion.com/reference/create-view-query). */
export const VIEW_QUERY_TTL_MS = 15 * 60 * 1000;

/** A view with its database, and whether the database or the data source is in the trash. */
export interface LoadedView {
  view: ViewRow;
  database: DatabaseNode;
  trashed: boolean;
}

/** Whether a node, or one of its ancestors, is in the trash. */
export async function inTrash(tx: Tx, ctx: Ctx, id: string): Promise<boolean> {
  return (await tx.getAncestry(ctx.actor.workspace.id, id)).some((a) => a.in_trash);
}

/** A view the integration can see (its database is shared with it), or Notion's 404 for a view. */
export async function loadView(tx: Tx, ctx: Ctx, id: string): Promise<LoadedView> {
  const ws = ctx.actor.workspace.id;
  const view = await tx.views.get(ws, id);
  if (!view) throw notFound(ctx, "view", id);
  const database = await seenNode(tx, ctx.actor, view.database_id);
  if (!database || database.type !== "database") throw notFound(ctx, "view", id);
  const trashed = (await inTrash(tx, ctx, database.id)) || (view.data_source_id !== null && (await inTrash(tx, ctx, view.data_source_id)));
  return { view, database: database as DatabaseNode, trashed };
}

/** Views of a database or data source in the trash take no edits, as the database itself (nodes.ts). */
export function assertEditable(loaded: LoadedView): void {
  if (loaded.trashed) assertNotTrashed({ ...loaded.database, in_trash: true });
}

/**
 * Views in a list: tab views in tab order, each dashboard followed by its widgets in row order.
 * A view over a data source in the trash is left out, as the data source is from its database's
 * `data_sources` (it comes back with the data source).
 */
export async function listedViews(tx: Tx, ctx: Ctx, views: ViewRow[]): Promise<ViewRow[]> {
  const ws = ctx.actor.workspace.id;
  const trashed = new Map<string, boolean>();
  const kept: ViewRow[] = [];
  for (const v of views) {
    if (v.data_source_id !== null) {
      if (!trashed.has(v.data_source_id)) trashed.set(v.data_source_id, (await tx.getNode(ws, v.data_source_id))?.in_trash ?? true);
      if (trashed.get(v.data_source_id)) continue;
    }
    kept.push(v);
  }
  return treeOrder(kept);
}

/** Tab views in their order, each dashboard's widgets right after it (orphans last). */
export function treeOrder(views: ViewRow[]): ViewRow[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  const out: ViewRow[] = [];
  const placed = new Set<string>();
  for (const v of views) {
    if (v.dashboard_view_id !== null) continue;
    out.push(v);
    placed.add(v.id);
    for (const widgetId of widgetViewIds(v)) {
      const w = byId.get(widgetId);
      if (w && !placed.has(w.id)) {
        out.push(w);
        placed.add(w.id);
      }
    }
  }
  for (const v of views) if (!placed.has(v.id)) out.push(v);
  return out;
}

/** The view ids of a dashboard's widgets, row by row. */
export function widgetViewIds(dashboard: ViewRow): string[] {
  if (dashboard.type !== "dashboard") return [];
  const rows = (dashboard.configuration.rows as { widgets: { view_id: string }[] }[] | undefined) ?? [];
  return rows.flatMap((r) => r.widgets.map((w) => w.view_id));
}

/** The tab views of a database, in order (widgets are not in the tab bar). */
export async function tabViews(tx: Tx, ctx: Ctx, databaseId: string): Promise<ViewRow[]> {
  return (await tx.views.listByDatabase(ctx.actor.workspace.id, databaseId)).filter((v) => v.dashboard_view_id === null);
}

/** A new view row, created now by the caller's bot; `fields` fill in the rest. */
export function newView(ctx: Ctx, fields: Pick<ViewRow, "database_id" | "data_source_id" | "type" | "name" | "position" | "configuration"> & Partial<ViewRow>): ViewRow {
  const now = ctx.clock.now();
  return {
    workspace_id: ctx.actor.workspace.id,
    id: ctx.ids(),
    dashboard_view_id: null,
    filter: null,
    sorts: null,
    quick_filters: null,
    created_time: now,
    created_by: ctx.actor.bot.id,
    last_edited_time: now,
    last_edited_by: ctx.actor.bot.id,
    ...fields,
  };
}

/**
 * The standard table view a database's data source comes with: on database create, data source
 * create, and in the database a data source moves to (developers.notion.com/reference/database-create,
 * /create-a-data-source, /update-a-data-source). Appended to the tab bar.
 */
export async function addDefaultView(tx: Tx, ctx: Ctx, databaseId: string, ds: Pick<DataSourceNode, "id">): Promise<ViewRow> {
  const tabs = await tabViews(tx, ctx, databaseId);
  const position = tabs.length ? tabs[tabs.length - 1].position + 1 : 1;
  const view = newView(ctx, { database_id: databaseId, data_source_id: ds.id, type: "table", name: DEFAULT_VIEW_NAME, position, configuration: { type: "table" } });
  await tx.views.insert(view);
  return view;
}

/** Marks a view as edited now by the caller's bot. */
export function touchView(view: ViewRow, ctx: Ctx): ViewRow {
  view.last_edited_time = ctx.clock.now();
  view.last_edited_by = ctx.actor.bot.id;
  return view;
}
