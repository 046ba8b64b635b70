/** /v1/search — search by title. */
import type { FastifyInstance } from "fastify";
import { check } from "../http/validate.js";
import { search } from "../domain/search/search.js";
import { bodyOf, ctxOf } from "./helpers.js";
import { searchInput } from "./search.schema.js";

export function searchRoutes(app: FastifyInstance) {
  app.post("/v1/search", async (req) => {
    const ctx = ctxOf(req);
    return search(ctx, check("body", searchInput(ctx.version), bodyOf(req)));
  });
}
