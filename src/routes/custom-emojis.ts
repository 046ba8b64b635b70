/** /v1/custom_emojis — list (with the exact-`name` filter). */
import type { FastifyInstance } from "fastify";
import { listCustomEmojis } from "../domain/custom-emojis/list-custom-emojis.js";
import { check, string } from "../api/validate.js";
import { ctxOf, queryPagination } from "./helpers.js";

const nameParam = string({ maxLength: 2000 });

export function customEmojiRoutes(app: FastifyInstance) {
  app.get("/v1/custom_emojis", async (req) => {
    const { cursor, pageSize } = queryPagination(req);
    const q = (req.query ?? {}) as Record<string, string | string[] | undefined>;
    const raw = Array.isArray(q.name) ? q.name[0] : q.name;
    const name = raw === undefined ? undefined : check("query", (v, p) => nameParam(v, `${p}.name`), raw);
    return listCustomEmojis(ctxOf(req), { cursor, pageSize, name });
  });
}
