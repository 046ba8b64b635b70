/** /v1/databases and /v1/data_sources. */
import type { FastifyInstance } from "fastify";
import { check } from "../api/validate.js";
import { errors } from "../api/errors.js";
import type { Ctx } from "../domain/context.js";
import { createDatabase } from "../domain/databases/create-database.js";
import { retrieveDatabase } from "../domain/databases/retrieve-database.js";
import { updateDatabase } from "../domain/databases/update-database.js";
import { updateDataSource } from "../domain/databases/update-data-source.js";
import { createDataSource, retrieveDataSource } from "../domain/databases/data-sources.js";
import { listDataSourceTemplates } from "../domain/templates/list-templates.js";
import { bodyOf, ctxOf, pathId } from "./helpers.js";
import { queryDatabase, queryDataSource } from "../domain/databases/query-data-source.js";
import { filterProperties } from "./pages.js";
import { createDatabaseInput, createDataSourceInput, queryInput, templatesQuery, updateDatabaseInput, updateDataSourceInput } from "./databases.schema.js";

/** Data sources arrived with 2025-09-03 (developers.notion.com/docs/upgrade-guide-2025-09-03). */
function dataSourceCtx(ctx: Ctx): Ctx {
  if (ctx.version === "2022-06-28") throw errors.invalidRequestUrl();
  return ctx;
}

export function databaseRoutes(app: FastifyInstance) {
  app.post("/v1/databases", async (req) => {
    const ctx = ctxOf(req);
    return createDatabase(ctx, check("body", createDatabaseInput(ctx.version), bodyOf(req)));
  });
  app.get("/v1/databases/:database_id", async (req) => retrieveDatabase(ctxOf(req), pathId(req, "database_id")));
  app.patch("/v1/databases/:database_id", async (req) => {
    const ctx = ctxOf(req);
    const id = pathId(req, "database_id");
    return updateDatabase(ctx, id, check("body", updateDatabaseInput(ctx.version), bodyOf(req)));
  });

  app.post("/v1/data_sources", async (req) => {
    const ctx = dataSourceCtx(ctxOf(req));
    return createDataSource(ctx, check("body", createDataSourceInput, bodyOf(req)));
  });
  app.get("/v1/data_sources/:data_source_id", async (req) => retrieveDataSource(dataSourceCtx(ctxOf(req)), pathId(req, "data_source_id")));
  app.patch("/v1/data_sources/:data_source_id", async (req) => {
    const ctx = dataSourceCtx(ctxOf(req));
    const id = pathId(req, "data_source_id");
    return updateDataSource(ctx, id, check("body", updateDataSourceInput(ctx.version), bodyOf(req)));
  });
  app.post("/v1/data_sources/:data_source_id/query", async (req) => {
    const ctx = dataSourceCtx(ctxOf(req));
    const id = pathId(req, "data_source_id");
    return queryDataSource(ctx, id, { ...check("body", queryInput(ctx.version), bodyOf(req)), filter_properties: filterProperties(req.query) ?? undefined });
  });
  app.post("/v1/databases/:database_id/query", async (req) => {
    const ctx = ctxOf(req);
    // The 2022-06-28 model; from 2025-09-03 rows are queried through data sources.
    if (ctx.version !== "2022-06-28") throw errors.invalidRequestUrl();
    const id = pathId(req, "database_id");
    return queryDatabase(ctx, id, { ...check("body", queryInput(ctx.version), bodyOf(req)), filter_properties: filterProperties(req.query) ?? undefined });
  });
  app.get("/v1/data_sources/:data_source_id/templates", async (req) => {
    const ctx = dataSourceCtx(ctxOf(req));
    const id = pathId(req, "data_source_id");
    return listDataSourceTemplates(ctx, id, templatesQuery(req));
  });
}
