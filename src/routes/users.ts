/** /v1/users — list, me, retrieve. */
import type { FastifyInstance } from "fastify";
import { getSelf, listUsers, retrieveUser } from "../domain/users.js";
import { ctxOf, pathId, queryPagination } from "./helpers.js";

export function userRoutes(app: FastifyInstance) {
  app.get("/v1/users", async (req) => {
    const { cursor, pageSize } = queryPagination(req);
    return listUsers(ctxOf(req), cursor, pageSize);
  });
  app.get("/v1/users/me", async (req) => getSelf(ctxOf(req)));
  app.get("/v1/users/:user_id", async (req) => retrieveUser(ctxOf(req), pathId(req, "user_id")));
}
