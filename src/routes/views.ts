/** /v1/views and their queries (2025-09-03 and later). */
import type { FastifyInstance } from "fastify";
import { check } from "../api/validate.js";
import { errors } from "../api/errors.js";
import type { Ctx } from "../domain/context.js";
import { LIMITS } from "../api/limits.js";
import { createView } from "../domain/views/create-view.js";
import { retrieveView } from "../domain/views/retrieve-view.js";
import { updateView } from "../domain/views/update-view.js";
import { deleteView } from "../domain/views/delete-view.js";
import { listViews } from "../domain/views/list-views.js";
import { createViewQuery } from "../domain/views/create-view-query.js";
import { viewQueryResults } from "../domain/views/view-query-results.js";
import { deleteViewQuery } from "../domain/views/delete-view-query.js";
import { bodyOf, ctxOf, pathId, queryPagination } from "./helpers.js";
import { createViewInput, createViewQueryInput, listViewsQuery, updateViewInput } from "./views.schema.js";

/**
 * "The Views API requires API version 2025-09-03 or later" (developers.notion.com/guides/data-apis/
 * working-with-views). What Notion answers an older version is unrecorded: as for data sources
 * (routes/databases.ts), the path does not exist there.
 */
function viewsCtx(ctx: Ctx): Ctx {
  if (ctx.version === "2022-06-28") throw errors.invalidRequestUrl();
  return ctx;
}

export function viewRoutes(app: FastifyInstance) {
  app.get("/v1/views", async (req) => {
    const ctx = viewsCtx(ctxOf(req));
    const ids = check("query", listViewsQuery, req.query);
    const { cursor, pageSize } = queryPagination(req);
    return listViews(ctx, { ...ids, cursor, pageSize });
  });
  app.post("/v1/views", async (req) => createView(viewsCtx(ctxOf(req)), check("body", createViewInput, bodyOf(req))));
  app.get("/v1/views/:view_id", async (req) => retrieveView(viewsCtx(ctxOf(req)), pathId(req, "view_id")));
  app.patch("/v1/views/:view_id", async (req) => {
    const ctx = viewsCtx(ctxOf(req));
    const id = pathId(req, "view_id");
    return updateView(ctx, id, check("body", updateViewInput, bodyOf(req)));
  });
  app.delete("/v1/views/:view_id", async (req) => deleteView(viewsCtx(ctxOf(req)), pathId(req, "view_id")));

  app.post("/v1/views/:view_id/queries", async (req) => {
    const ctx = viewsCtx(ctxOf(req));
    const id = pathId(req, "view_id");
    const body = check("body", createViewQueryInput, bodyOf(req));
    return createViewQuery(ctx, id, body.page_size ?? LIMITS.PAGE_SIZE_DEFAULT);
  });
  app.get("/v1/views/:view_id/queries/:query_id", async (req) => {
    const ctx = viewsCtx(ctxOf(req));
    const id = pathId(req, "view_id");
    const queryId = pathId(req, "query_id");
    const { cursor, pageSize } = queryPagination(req);
    return viewQueryResults(ctx, id, queryId, cursor, pageSize);
  });
  app.delete("/v1/views/:view_id/queries/:query_id", async (req) => {
    const ctx = viewsCtx(ctxOf(req));
    return deleteViewQuery(ctx, pathId(req, "view_id"), pathId(req, "query_id"));
  });
}
