/**
 * DELETE /v1/views/{id}/queries/{query_id} — drops a view query's cached results. "This endpoint
 * is idempotent — it returns success even if the query doesn't exist or has already expired"
 * (developers.notion.com/reference/delete-view-query).
 */
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { loadView } from "./model.js";
import { liveQuery } from "./view-query-results.js";
import { deletedViewQuery } from "../../present/view.js";

/** Needs read content; the view itself must be visible (404 otherwise). */
export async function deleteViewQuery(ctx: Ctx, viewId: string, queryId: string) {
  requireCap(ctx, "read_content");
  return ctx.store.write(async (tx) => {
    await loadView(tx, ctx, viewId);
    const query = await liveQuery(tx, ctx, viewId, queryId);
    if (query) await tx.views.deleteQuery(ctx.actor.workspace.id, query.id);
    return deletedViewQuery(queryId);
  });
}
