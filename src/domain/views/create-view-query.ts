/**
 * POST /v1/views/{id}/queries — runs the view's filter, quick filters and sorts against its data
 * source through the data-source query path, keeps the ordered result ids (at most 10,000) for
 * 15 minutes and answers the first page (developers.notion.com/reference/create-view-query).
 */
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { loadDataSource } from "../databases/model.js";
import { QUERY_ROW_LIMIT, selectRowIds } from "../databases/query-data-source.js";
import { loadView, VIEW_QUERY_TTL_MS } from "./model.js";
import { viewQuery } from "./conditions.js";
import { presentViewQuery } from "../../present/view.js";
import type { ViewQueryRow } from "../../storage/views.js";

/** Needs read content. The results are a snapshot: later edits do not change them. */
export async function createViewQuery(ctx: Ctx, viewId: string, pageSize: number) {
  requireCap(ctx, "read_content");
  return ctx.store.write(async (tx) => {
    const { view } = await loadView(tx, ctx, viewId);
    // Wording unconfirmed: a dashboard has no data source of its own to query (its widgets do).
    if (view.data_source_id === null) throw errors.validation(`View ${view.id} is a dashboard: query one of its widget views instead.`);
    const ds = await loadDataSource(tx, ctx, view.data_source_id);
    const { ids, capped } = await selectRowIds(tx, ctx, ds, viewQuery(ctx, view, ds.data.properties), QUERY_ROW_LIMIT);
    const now = ctx.clock.now();
    // The workspace's expired queries go as new ones come (every workspace's on the server's timer, sweep.ts).
    await tx.views.sweepQueries(now, ctx.actor.workspace.id);
    const query: ViewQueryRow = {
      workspace_id: ctx.actor.workspace.id,
      id: ctx.ids(),
      view_id: view.id,
      integration_id: ctx.actor.integration.id,
      created_time: now,
      expires_at: now + VIEW_QUERY_TTL_MS,
      total_count: ids.length,
      capped,
    };
    await tx.views.insertQuery(query, ids);
    const next = ids.length > pageSize ? ids[pageSize] : null;
    return presentViewQuery(query, ids.slice(0, pageSize), next);
  });
}
