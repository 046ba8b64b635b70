/**
 * Where a new view goes: a spot in its database's tab bar (`position`: start, end, after_view),
 * or a widget's spot in a dashboard's rows (`placement`: new_row, existing_row). Sources:
 * the SDK's ViewPositionRequest and WidgetPlacementRequest (5.26, common.d.ts).
 */
import type { Tx } from "../../storage/types.js";
import type { ViewRow } from "../../storage/views.js";
import type { Ctx } from "../context.js";
import { fail } from "../../api/validate.js";
import { tabViews } from "./model.js";

export type TabPosition = { type: "start" } | { type: "end" } | { type: "after_view"; view_id: string };
export type WidgetPlacement = { type: "new_row"; row_index?: number } | { type: "existing_row"; row_index: number };

/** One widget of a dashboard row (the SDK's DashboardWidgetResponse). */
interface Widget {
  id: string;
  view_id: string;
}
interface DashboardRow {
  id: string;
  widgets: Widget[];
}

/** The tab-bar position a new view of `databaseId` takes ("end" when not given, developers.notion.com/reference/create-view). */
export async function tabPosition(tx: Tx, ctx: Ctx, databaseId: string, at: TabPosition | undefined): Promise<number> {
  const tabs = await tabViews(tx, ctx, databaseId);
  if (tabs.length === 0) return 1;
  if (!at || at.type === "end") return tabs[tabs.length - 1].position + 1;
  if (at.type === "start") return tabs[0].position - 1;
  const i = tabs.findIndex((v) => v.id === at.view_id);
  // Wording unconfirmed: Notion's text for an after_view that is not in the tab bar.
  if (i < 0) fail("body.position.view_id", "should be the id of a view in the database's tab bar", at.view_id);
  if (i === tabs.length - 1) return tabs[i].position + 1;
  const gap = tabs[i + 1].position - tabs[i].position;
  if (gap > 1e-6) return tabs[i].position + gap / 2;
  // Fractions ran out: renumber the tab bar, leaving a slot after the view.
  for (let j = 0; j < tabs.length; j++) {
    tabs[j].position = j < i + 1 ? j : j + 1;
    await tx.views.update(tabs[j]);
  }
  return i + 1;
}

const rowsOf = (dashboard: ViewRow): DashboardRow[] => structuredClone((dashboard.configuration.rows as DashboardRow[] | undefined) ?? []);

/** Puts a widget view in the dashboard's rows: a new row (at `row_index`, default last) or beside the widgets of an existing one. */
export function placeWidget(ctx: Ctx, dashboard: ViewRow, viewId: string, at: WidgetPlacement | undefined): void {
  const rows = rowsOf(dashboard);
  const widget: Widget = { id: ctx.ids(), view_id: viewId };
  if (!at || at.type === "new_row") {
    const index = at?.row_index ?? rows.length;
    if (index > rows.length) fail("body.placement.row_index", `should be ≤ \`${rows.length}\``, index);
    rows.splice(index, 0, { id: ctx.ids(), widgets: [widget] });
  } else {
    // Wording unconfirmed: Notion's text for a row the dashboard does not have.
    if (at.row_index >= rows.length) fail("body.placement.row_index", rows.length ? `should be ≤ \`${rows.length - 1}\`` : "should name an existing row (the dashboard has none)", at.row_index);
    rows[at.row_index].widgets.push(widget);
  }
  dashboard.configuration = { ...dashboard.configuration, rows };
}

/** Takes a widget view out of its dashboard's rows; a row left empty goes too. */
export function removeWidget(dashboard: ViewRow, viewId: string): void {
  const rows = rowsOf(dashboard)
    .map((r) => ({ ...r, widgets: r.widgets.filter((w) => w.view_id !== viewId) }))
    .filter((r) => r.widgets.length > 0);
  dashboard.configuration = { ...dashboard.configuration, rows };
}
