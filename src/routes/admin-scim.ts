/** …/scim_tokens — a workspace's SCIM tokens (registered under both workspace prefixes, admin.ts). */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, nullable, object, optional, string } from "../api/validate.js";
import { createScimToken, listScimTokens, revokeScimToken } from "../domain/scim/tokens.js";
import type { ControlScope } from "./admin-scope.js";
import { bodyOf, pathId } from "./helpers.js";

const createBody = object({ name: optional(nullable(string({ minLength: 1, maxLength: 200 }))) });

/** Registers the SCIM token routes on a workspace prefix. */
export function adminScimRoutes(r: FastifyInstance, deps: Deps, { read, write }: ControlScope) {
  r.post("/scim_tokens", async (req) => {
    const body = check("body", createBody, bodyOf(req));
    return write(req, (tx, ws) => createScimToken(deps, tx, ws, body));
  });
  r.get("/scim_tokens", async (req) => read(req, (tx, ws) => listScimTokens(tx, ws)));
  r.delete("/scim_tokens/:scim_token_id", async (req) => {
    const id = pathId(req, "scim_token_id");
    return write(req, (tx, ws) => revokeScimToken(tx, ws, id));
  });
}
