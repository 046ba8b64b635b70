/**
 * GET /v1/views/{id}/queries/{query_id} — a page of a view query's cached results. "Returns a 404
 * HTTP response if the query doesn't exist, has expired, or the view_id doesn't match"
 * (developers.notion.com/reference/get-view-query-results). Cursors are page ids of the results.
 */
import type { Tx } from "../../storage/types.js";
import type { ViewQueryRow } from "../../storage/views.js";
import type { Ctx } from "../context.js";
import { notFound, requireCap } from "../access.js";
import { invalidCursor } from "../pagination.js";
import { loadView } from "./model.js";
import { presentViewQueryResults } from "../../present/view.js";

/** The query, if it is this view's, the caller's, and not expired by the injected clock. */
export async function liveQuery(tx: Tx, ctx: Ctx, viewId: string, queryId: string): Promise<ViewQueryRow | null> {
  const query = await tx.views.getQuery(ctx.actor.workspace.id, queryId);
  if (!query || query.view_id !== viewId || query.integration_id !== ctx.actor.integration.id) return null;
  return query.expires_at > ctx.clock.now() ? query : null;
}

/** Needs read content. */
export async function viewQueryResults(ctx: Ctx, viewId: string, queryId: string, cursor: string | null, pageSize: number) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    await loadView(tx, ctx, viewId);
    const query = await liveQuery(tx, ctx, viewId, queryId);
    // Wording unconfirmed: Notion's message for an unknown or expired view query.
    if (!query) throw notFound(ctx, "view_query", queryId);
    const page = await tx.views.queryResults(ctx.actor.workspace.id, query.id, cursor, pageSize);
    if (!page) throw invalidCursor(cursor!);
    return presentViewQueryResults(query, page.items, page.next);
  });
}
