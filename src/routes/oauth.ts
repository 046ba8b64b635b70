/**
 * Notion's OAuth endpoints for public integrations: `POST /v1/oauth/token`, `/introspect`,
 * `/revoke` (developers.notion.com/reference/create-a-token, introspect-token, revoke-token).
 * They take the client's HTTP Basic credentials, as `@notionhq/client` sends them
 * (`Basic base64(client_id:client_secret)`), not the bearer hook of the other /v1 routes, and no
 * `Notion-Version` is required (the SDK sends one; Notion's enforcement there is unconfirmed).
 * A PKCE public client (beyond Notion) names `client_id` in the body instead. Bodies are JSON,
 * as Notion documents; errors are `OAuthError`s (src/domain/oauth/errors.ts). Verbs in src/domain/oauth/.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { isObject } from "../api/validate.js";
import { oauthErrors } from "../domain/oauth/errors.js";
import { oauthToken, type ClientCredentials, type TokenBody } from "../domain/oauth/token.js";
import { introspectToken, revokeToken } from "../domain/oauth/introspect.js";

/** Longest string field accepted (codes and tokens are ~50 characters; redirect URIs up to 2000). */
const MAX_FIELD = 4096;

/** The client's credentials: HTTP Basic, else `client_id` (and `client_secret`) in the body; else invalid_client. */
export function credentialsOf(req: FastifyRequest, body: Record<string, unknown>): ClientCredentials {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(req.headers.authorization ?? "");
  if (m) {
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) throw oauthErrors.invalidClient();
    return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (req.headers.authorization !== undefined || typeof body.client_id !== "string" || body.client_id === "") throw oauthErrors.invalidClient();
  return { clientId: body.client_id, secret: typeof body.client_secret === "string" ? body.client_secret : null };
}

/** The JSON body as an object (an absent body reads as `{}`), else invalid_request. */
function bodyOf(req: FastifyRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (!isObject(req.body)) throw oauthErrors.invalidRequest("body failed validation: body should be an object.");
  return req.body as Record<string, unknown>;
}

/** An optional string field (`required`: it must be there). */
function field(body: Record<string, unknown>, name: string, required = false): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw oauthErrors.invalidRequest(`body failed validation: body.${name} should be defined, instead was \`undefined\`.`);
    return undefined;
  }
  if (typeof v !== "string" || v.length > MAX_FIELD) throw oauthErrors.invalidRequest(`body failed validation: body.${name} should be a string of at most ${MAX_FIELD} characters.`);
  return v;
}

/** `external_account: {key, name}` (link previews' account link), both non-empty strings. */
function externalAccount(body: Record<string, unknown>): TokenBody["external_account"] {
  const v = body.external_account;
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw oauthErrors.invalidRequest("body failed validation: body.external_account should be an object with key and name.");
  const o = v as Record<string, unknown>;
  const key = field(o, "key", true)!;
  const name = field(o, "name", true)!;
  if (!key || !name) throw oauthErrors.invalidRequest("body failed validation: body.external_account.key and .name should be non-empty.");
  return { key, name };
}

/** Registers the three endpoints (outside the /v1 bearer hook). */
export function oauthRoutes(app: FastifyInstance, deps: Deps) {
  app.post("/v1/oauth/token", async (req) => {
    const body = bodyOf(req);
    const creds = credentialsOf(req, body);
    const input: TokenBody = {
      grant_type: field(body, "grant_type", true)!,
      code: field(body, "code"),
      redirect_uri: field(body, "redirect_uri"),
      external_account: externalAccount(body),
      refresh_token: field(body, "refresh_token"),
      code_verifier: field(body, "code_verifier"),
    };
    return { ...(await oauthToken(deps, creds, input)), request_id: req.id };
  });
  app.post("/v1/oauth/introspect", async (req) => {
    const body = bodyOf(req);
    const creds = credentialsOf(req, body);
    return { ...(await introspectToken(deps, creds, field(body, "token", true)!)), request_id: req.id };
  });
  app.post("/v1/oauth/revoke", async (req) => {
    const body = bodyOf(req);
    const creds = credentialsOf(req, body);
    return { ...(await revokeToken(deps, creds, field(body, "token", true)!)), request_id: req.id };
  });
}
