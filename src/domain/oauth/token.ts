/**
 * `POST /v1/oauth/token` (developers.notion.com/reference/create-a-token): an authorization code
 * exchanged for an installation's tokens, or a refresh token for new ones. Codes are single use
 * and live 10 minutes on the server's clock; a code used twice revokes the tokens its first use
 * issued (RFC 6749 §4.1.2). A refresh answers a new access token and a new refresh token; both
 * old ones stop working (one live access token per installation: its `integrations.token_hash`).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { OauthTokenResponse } from "@notionhq/client";
import type { Tx } from "../../storage/types.js";
import type { OAuthCodeRow, OAuthGrantRow } from "../../storage/oauth.js";
import type { Deps } from "../context.js";
import { ownerUser } from "../../present/user.js";
import { authenticateClient, findClientByClientId, type OAuthClient } from "./clients.js";
import { oauthErrors } from "./errors.js";
import { install, issueTokens, revokeTokens, type IssuedTokens } from "./installations.js";
import { secretHash } from "./secrets.js";

/** How the client authenticated: HTTP Basic (`secret` set), or a PKCE public client naming only its id. */
export interface ClientCredentials {
  clientId: string;
  secret: string | null;
}

/** The token request's body, as validated by the route. */
export interface TokenBody {
  grant_type: string;
  code?: string;
  redirect_uri?: string;
  external_account?: { key: string; name: string };
  refresh_token?: string;
  code_verifier?: string;
}

/** The client the credentials name: its secret checked in constant time; a public client only with PKCE (checked on the code). */
export async function clientFor(tx: Tx, creds: ClientCredentials): Promise<OAuthClient> {
  const client = creds.secret === null ? await findClientByClientId(tx, creds.clientId) : await authenticateClient(tx, creds.clientId, creds.secret);
  if (!client) throw oauthErrors.invalidClient();
  return client;
}

/** Exchanges a code or a refresh token; the answer is Notion's token response. */
export async function oauthToken(deps: Deps, creds: ClientCredentials, body: TokenBody): Promise<OauthTokenResponse> {
  if (body.grant_type === "authorization_code") return exchangeCode(deps, creds, body);
  if (body.grant_type === "refresh_token") {
    // Refreshing needs the client's secret (RFC 6749 §6: a client issued credentials authenticates).
    if (creds.secret === null) throw oauthErrors.invalidClient();
    return refresh(deps, creds, body);
  }
  throw oauthErrors.unsupportedGrantType(body.grant_type);
}

/** What a unit decided that must be answered after it commits (a replayed code's revocation must land). */
type Outcome<T> = { ok: T } | { fail: Error };

async function exchangeCode(deps: Deps, creds: ClientCredentials, body: TokenBody): Promise<OauthTokenResponse> {
  if (!body.code) throw oauthErrors.invalidRequest("body failed validation: body.code should be defined, instead was `undefined`.");
  const code = body.code;
  const outcome: Outcome<OauthTokenResponse> = await deps.store.write(async (tx) => {
    const client = await clientFor(tx, creds);
    const row = await tx.oauth.codeByHash(secretHash(code));
    if (!row || row.client_id !== client.id) return { fail: oauthErrors.invalidGrant("Invalid code: this code does not exist or was issued to another integration.") };
    const replayed = { fail: oauthErrors.invalidGrant("Invalid code: this code has been revoked.") };
    if (row.used_time !== null) {
      await revokeIssuedBy(tx, row);
      return replayed;
    }
    // A request that cannot use the code leaves it unused (the client may retry correctly).
    const problem = codeProblem(deps, row, creds, body);
    if (problem) return { fail: problem };
    if (!(await tx.oauth.useCode(row.workspace_id, row.code_hash, deps.clock.now()))) {
      // Another exchange of the same code won the race: a replay all the same.
      await revokeIssuedBy(tx, row);
      return replayed;
    }
    const issued = await install(deps, tx, { client, code: row, externalAccount: body.external_account ?? null });
    return { ok: await tokenResponse(tx, issued, issued.duplicated_template_id) };
  });
  if ("fail" in outcome) throw outcome.fail;
  return outcome.ok;
}

/** Why a code cannot be exchanged by this request (expiry, redirect URI, PKCE), or null. */
function codeProblem(deps: Deps, row: OAuthCodeRow, creds: ClientCredentials, body: TokenBody): Error | null {
  if (deps.clock.now() >= row.expires_time) return oauthErrors.invalidGrant("Invalid code: this code has expired.");
  // Notion's reference, "Create a token": redirect_uri is required when the authorization URL
  // carried one (or the integration has several) and "not allowed" otherwise.
  if (row.redirect_uri === null && body.redirect_uri !== undefined)
    return oauthErrors.invalidRequest("body.redirect_uri should not be present: the authorization URL named no redirect_uri and the integration has one redirect URI.");
  if (row.redirect_uri !== null && body.redirect_uri === undefined) return oauthErrors.invalidRequest("body failed validation: body.redirect_uri should be defined, instead was `undefined`.");
  if (row.redirect_uri !== null && body.redirect_uri !== row.redirect_uri) return oauthErrors.invalidGrant("Invalid redirect_uri: it does not match the one in the authorization request.");
  if (row.pkce_challenge === null) {
    if (creds.secret === null) return oauthErrors.invalidClient("Invalid client: a client without its secret must use PKCE (code_challenge in the authorization request).");
    if (body.code_verifier !== undefined) return oauthErrors.invalidGrant("Invalid code_verifier: the authorization request carried no code_challenge.");
    return null;
  }
  if (body.code_verifier === undefined) return oauthErrors.invalidRequest("body failed validation: body.code_verifier should be defined, instead was `undefined`.");
  if (!verifierMatches(body.code_verifier, row.pkce_challenge)) return oauthErrors.invalidGrant("Invalid code_verifier: it does not match the code_challenge.");
  return null;
}

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) equals the challenge (compared in constant time). */
function verifierMatches(verifier: string, challenge: string): boolean {
  const made = Buffer.from(createHash("sha256").update(verifier, "ascii").digest("base64url"));
  const expected = Buffer.from(challenge);
  return made.length === expected.length && timingSafeEqual(made, expected);
}

/** A replayed code: the tokens its first exchange issued stop working (if they are still the installation's). */
async function revokeIssuedBy(tx: Tx, row: OAuthCodeRow): Promise<void> {
  const grant = await tx.oauth.grantFor(row.workspace_id, row.client_id, row.user_id);
  if (grant && grant.code_hash === row.code_hash) await revokeTokens(tx, grant);
}

async function refresh(deps: Deps, creds: ClientCredentials, body: TokenBody): Promise<OauthTokenResponse> {
  if (!body.refresh_token) throw oauthErrors.invalidRequest("body failed validation: body.refresh_token should be defined, instead was `undefined`.");
  const hash = secretHash(body.refresh_token);
  return deps.store.write(async (tx) => {
    const client = await clientFor(tx, creds);
    const found = await tx.oauth.grantByRefreshHash(hash);
    // Read again under the workspace's write lock: of two refreshes with one token, one wins.
    const grant: OAuthGrantRow | null = found && (await tx.oauth.grantOf(found.workspace_id, found.integration_id));
    if (!grant || grant.refresh_hash !== hash || grant.client_id !== client.id) throw oauthErrors.invalidGrant("Invalid refresh token: it does not exist, was revoked, or was replaced by a newer one.");
    const integration = await tx.getIntegration(grant.workspace_id, grant.integration_id);
    if (!integration) throw oauthErrors.invalidGrant("Invalid refresh token: the connection was removed.");
    const issued = await issueTokens(tx, integration, grant, deps.clock.now());
    return tokenResponse(tx, issued, grant.duplicated_template_id);
  });
}

/** Notion's token answer for tokens just issued. */
async function tokenResponse(tx: Tx, issued: IssuedTokens, duplicated: string | null): Promise<OauthTokenResponse> {
  const ws = issued.integration.workspace_id;
  const workspace = await tx.getWorkspace(ws);
  const person = await tx.getUser(ws, issued.grant.user_id);
  return {
    access_token: issued.access_token,
    token_type: "bearer",
    refresh_token: issued.refresh_token,
    bot_id: issued.integration.bot_id,
    workspace_id: ws,
    workspace_name: workspace?.name ?? null,
    // Quire's workspaces have no icon.
    workspace_icon: null,
    owner: { type: "user", user: ownerUser(person, issued.grant.user_id, new Set(issued.integration.capabilities)) },
    duplicated_template_id: duplicated,
  } as OauthTokenResponse;
}
