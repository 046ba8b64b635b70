/** /v1/search — search by title. */
import type { FastifyInstance } from "fastify";
import { check } from "../api/validate.js";
import { search } from "../domain/search/search.js";
import { bodyOf, ctxOf } from "./helpers.js";
import { searchInput } from "./search.schema.js";
import { filterProperties } from "./pages.js";

export function searchRoutes(app: FastifyInstance) {
  app.post("/v1/search", async (req) => {
    const ctx = ctxOf(req);
    const input = check("body", searchInput(ctx.version), bodyOf(req));
    // `filter_properties` in the query string, as on data-source queries (the body form is taken too).
    const fromQuery = filterProperties(req.query);
    return search(ctx, fromQuery ? { ...input, filter_properties: fromQuery } : input);
  });
}
