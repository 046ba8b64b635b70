/** /v1/pages — create, retrieve, update, move, property items. */
import type { FastifyInstance } from "fastify";
import { check } from "../api/validate.js";
import { errors } from "../api/errors.js";
import { createPage } from "../domain/pages/create-page.js";
import { retrievePage } from "../domain/pages/retrieve-page.js";
import { updatePage } from "../domain/pages/update-page.js";
import { movePage } from "../domain/pages/move-page.js";
import { retrievePageProperty } from "../domain/pages/retrieve-page-property.js";
import { bodyOf, ctxOf, pathId, queryPagination } from "./helpers.js";
import { createPageInput, movePageInput, updatePageInput } from "./pages.schema.js";
import { createPageWithMarkdown } from "./markdown.js";
import { decodeOrKeep } from "../lib/uri.js";

/** `filter_properties` (repeatable) from the query string, decoded. */
export function filterProperties(query: unknown): string[] | null {
  const raw = (query as Record<string, string | string[] | undefined>).filter_properties;
  if (raw === undefined) return null;
  // Property ids arrive URL-encoded (as Notion returns them) or plain.
  return (Array.isArray(raw) ? raw : [raw]).map(decodeOrKeep);
}

export function pageRoutes(app: FastifyInstance) {
  app.post("/v1/pages", async (req, reply) => {
    const ctx = ctxOf(req);
    const body = bodyOf(req);
    // `markdown` with `allow_async: true` answers 202 with an async task (routes/markdown.ts).
    const task = await createPageWithMarkdown(ctx, body, filterProperties(req.query));
    if (task) return reply.status(202).send(task);
    return createPage(ctx, check("body", createPageInput(ctx.version), body), filterProperties(req.query));
  });
  app.get("/v1/pages/:page_id", async (req) => retrievePage(ctxOf(req), pathId(req, "page_id"), filterProperties(req.query)));
  app.patch("/v1/pages/:page_id", async (req) => {
    const ctx = ctxOf(req);
    const id = pathId(req, "page_id");
    return updatePage(ctx, id, check("body", updatePageInput(ctx.version), bodyOf(req)), filterProperties(req.query));
  });
  app.post("/v1/pages/:page_id/move", async (req) => {
    const ctx = ctxOf(req);
    // Moving pages arrived with 2025-09-03 (developers.notion.com/reference/move-page).
    if (ctx.version === "2022-06-28") throw errors.invalidRequestUrl();
    const id = pathId(req, "page_id");
    return movePage(ctx, id, check("body", movePageInput, bodyOf(req)));
  });
  app.get("/v1/pages/:page_id/properties/:property_id", async (req) => {
    const id = pathId(req, "page_id");
    const propertyId = decodeOrKeep((req.params as Record<string, string>).property_id);
    const { cursor, pageSize } = queryPagination(req, false);
    return retrievePageProperty(ctxOf(req), id, propertyId, cursor, pageSize);
  });
}
