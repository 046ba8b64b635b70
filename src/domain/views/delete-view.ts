/**
 * DELETE /v1/views/{id} — removes a view (and its cached queries). "The last remaining view on a
 * database cannot be deleted"; deleting a dashboard removes its widget views too
 * (developers.notion.com/reference/delete-view). Answers the partial view, as recorded.
 */
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertEditable, listedViews, loadView, touchView, widgetViewIds } from "./model.js";
import { removeWidget } from "./placement.js";
import { partialView } from "../../present/view.js";

/** Needs update content (developers.notion.com/reference/delete-view). */
export async function deleteView(ctx: Ctx, id: string) {
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const ws = ctx.actor.workspace.id;
    const loaded = await loadView(tx, ctx, id);
    assertEditable(loaded);
    const view = loaded.view;
    if (view.dashboard_view_id === null) {
      const tabs = (await listedViews(tx, ctx, await tx.views.listByDatabase(ws, view.database_id))).filter((v) => v.dashboard_view_id === null);
      // Wording unconfirmed; the rule is the reference's.
      if (tabs.every((v) => v.id === view.id)) throw errors.validation("The last remaining view on a database cannot be deleted. Delete the database instead.");
      for (const widget of widgetViewIds(view)) await tx.views.delete(ws, widget);
    } else {
      const dashboard = await tx.views.get(ws, view.dashboard_view_id);
      if (dashboard) {
        removeWidget(dashboard, view.id);
        await tx.views.update(touchView(dashboard, ctx));
      }
    }
    await tx.views.delete(ws, view.id);
    return partialView(view);
  });
}
