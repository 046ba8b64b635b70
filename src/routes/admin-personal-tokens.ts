/**
 * …/users/{id}/tokens, …/personal_tokens (every member's) and …/personal_token_policy — personal access tokens and the workspace's
 * policy on them (registered under both workspace prefixes, admin.ts; verbs in
 * src/domain/personal-tokens/tokens.ts).
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, nullable, number, object, oneOf, optional, string } from "../api/validate.js";
import { PAT_POLICIES } from "../storage/personal-tokens.js";
import { createPersonalToken, listPersonalTokens, listWorkspacePersonalTokens, revokePersonalToken, setPolicy, viewPolicy } from "../domain/personal-tokens/tokens.js";
import type { ControlScope } from "./admin-scope.js";
import { bodyOf, pathId } from "./helpers.js";

/** A token's name: what its owner calls it (1–100 characters, Quire's bound). */
const createBody = object({ name: string({ minLength: 1, maxLength: 100 }), expires_in_days: optional(nullable(number({ integer: true, min: 1, max: 3650 }))) });
const policyBody = object({ policy: oneOf(PAT_POLICIES) });

/** Registers the personal access token routes on a workspace prefix. */
export function adminPersonalTokenRoutes(r: FastifyInstance, deps: Deps, { read, write }: ControlScope) {
  r.post("/users/:user_id/tokens", async (req) => {
    const id = pathId(req, "user_id");
    const body = check("body", createBody, bodyOf(req));
    return write(req, (tx, ws) => createPersonalToken(deps, tx, ws, id, body));
  });
  r.get("/users/:user_id/tokens", async (req) => {
    const id = pathId(req, "user_id");
    return read(req, (tx, ws) => listPersonalTokens(tx, ws, id));
  });
  r.delete("/users/:user_id/tokens/:token_id", async (req) => {
    const id = pathId(req, "user_id");
    const tokenId = pathId(req, "token_id");
    return write(req, (tx, ws) => revokePersonalToken(tx, ws, id, tokenId));
  });
  // Every member's tokens in one read (the console's owners list them; per person would be one call each).
  r.get("/personal_tokens", async (req) => read(req, (tx, ws) => listWorkspacePersonalTokens(tx, ws)));
  r.get("/personal_token_policy", async (req) => read(req, (tx, ws) => viewPolicy(tx, ws)));
  r.put("/personal_token_policy", async (req) => {
    const body = check("body", policyBody, bodyOf(req));
    return write(req, (tx, ws) => setPolicy(tx, ws, body.policy));
  });
}
