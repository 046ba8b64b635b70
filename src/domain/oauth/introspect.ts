/**
 * `POST /v1/oauth/introspect` and `POST /v1/oauth/revoke` (developers.notion.com/reference/
 * introspect-token, revoke-token; RFC 7662 and RFC 7009): a token of the authenticated client —
 * an installation's access or refresh token — read or revoked. Another client's token, or an
 * unknown one, reads inactive and revoking it changes nothing (RFC 7009 §2.2: still a 200).
 */
import type { OauthIntrospectResponse } from "@notionhq/client";
import type { Tx } from "../../storage/types.js";
import type { OAuthGrantRow } from "../../storage/oauth.js";
import type { Deps } from "../context.js";
import { clientFor, type ClientCredentials } from "./token.js";
import { revokeTokens } from "./installations.js";
import { secretHash } from "./secrets.js";
import { oauthErrors } from "./errors.js";

/** The grant a token of `clientId` belongs to, and whether it is the access or the refresh token. */
async function grantOfToken(tx: Tx, clientId: string, token: string): Promise<{ grant: OAuthGrantRow; kind: "access" | "refresh" } | null> {
  const hash = secretHash(token);
  const integration = await tx.getIntegrationByTokenHash(hash);
  if (integration?.oauth_client_id === clientId) {
    const grant = await tx.oauth.grantOf(integration.workspace_id, integration.id);
    return grant ? { grant, kind: "access" } : null;
  }
  const grant = await tx.oauth.grantByRefreshHash(hash);
  return grant && grant.client_id === clientId ? { grant, kind: "refresh" } : null;
}

/**
 * Whether the token is live, with `iat` (issue time, epoch seconds) and `scope` (the
 * installation's capabilities, space-separated: Notion documents the field, not its values).
 */
export async function introspectToken(deps: Deps, creds: ClientCredentials, token: string): Promise<OauthIntrospectResponse> {
  if (creds.secret === null) throw oauthErrors.invalidClient();
  return deps.store.read(async (tx) => {
    const client = await clientFor(tx, creds);
    const found = await grantOfToken(tx, client.id, token);
    const issued = found && (found.kind === "access" ? found.grant.token_time : found.grant.refresh_time);
    if (!found || issued === null) return { active: false };
    return { active: true, scope: client.capabilities.join(" "), iat: Math.floor(issued / 1000) };
  });
}

/** Revokes the token's installation tokens (access and refresh together: RFC 7009 §2.1 allows it, and one cannot live without the other here). */
export async function revokeToken(deps: Deps, creds: ClientCredentials, token: string): Promise<Record<string, never>> {
  if (creds.secret === null) throw oauthErrors.invalidClient();
  await deps.store.write(async (tx) => {
    const client = await clientFor(tx, creds);
    const found = await grantOfToken(tx, client.id, token);
    if (found) await revokeTokens(tx, found.grant);
  });
  return {};
}
