/**
 * A person's linked account with a link-preview partner in one workspace: the partner's access
 * and refresh tokens, sealed under the server's key (Quire sends them again at every unfurl),
 * refreshed with `grant_type=refresh_token` once expired (Notion's "Build a Link Preview
 * integration": Notion refreshes the token with the integration's token URL).
 */
import type { LinkPreviewAccountRow } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { seal, unseal } from "../admin/sealed.js";
import { partnerToken, PartnerError, type PartnerTokens } from "./partner.js";
import type { ActiveSettings } from "./settings.js";

/** Refresh this long before the partner's stated expiry, so a token does not lapse in flight. */
const EXPIRY_MARGIN_MS = 30_000;

const sealName = (ws: string, userId: string, clientId: string, kind: "access" | "refresh") => `link_preview_${kind}:${ws}:${userId}:${clientId}`;

/** The row to keep for `tokens` (sealed), made at `now`. */
export function accountRow(deps: Deps, ws: string, userId: string, clientId: string, tokens: PartnerTokens, now: number): LinkPreviewAccountRow {
  const key = deps.sealKey;
  if (!key) throw errors.validation("Link previews need the server's secret key (QUIRE_SECRET_KEY or --secret-key-file).");
  return {
    workspace_id: ws,
    user_id: userId,
    client_id: clientId,
    access_sealed: seal(key, sealName(ws, userId, clientId, "access"), tokens.access_token),
    refresh_sealed: tokens.refresh_token === null ? null : seal(key, sealName(ws, userId, clientId, "refresh"), tokens.refresh_token),
    expires_time: tokens.expires_in === null ? null : now + tokens.expires_in * 1000,
    created_time: now,
    updated_time: now,
  };
}

/** The access token kept in `row` as it was stored (expired or not), or null when it cannot be unsealed. */
export function keptAccessToken(deps: Deps, row: LinkPreviewAccountRow): string | null {
  return deps.sealKey ? unseal(deps.sealKey, sealName(row.workspace_id, row.user_id, row.client_id, "access"), row.access_sealed) : null;
}

/**
 * The person's partner access token, refreshed first when it expired (the new tokens kept);
 * null when they have no linked account, or it cannot be used any more (then it is forgotten, and
 * the person links again).
 */
export async function partnerAccessToken(deps: Deps, ws: string, userId: string, settings: ActiveSettings): Promise<string | null> {
  const clientId = settings.client.id;
  const row = await deps.store.read((tx) => tx.linkPreviews.getAccount(ws, userId, clientId));
  if (!row || !deps.sealKey) return null;
  const access = unseal(deps.sealKey, sealName(ws, userId, clientId, "access"), row.access_sealed);
  const now = deps.clock.now();
  if (access !== null && (row.expires_time === null || row.expires_time - EXPIRY_MARGIN_MS > now)) return access;
  const refresh = row.refresh_sealed && unseal(deps.sealKey, sealName(ws, userId, clientId, "refresh"), row.refresh_sealed);
  if (!refresh) return forget(deps, ws, userId, clientId);
  let tokens: PartnerTokens;
  try {
    tokens = await partnerToken(deps, settings.authorization.token_url, {
      grant_type: "refresh_token",
      refresh_token: refresh,
      client_id: settings.authorization.client_id,
      client_secret: settings.client_secret,
    });
  } catch (e) {
    if (e instanceof PartnerError) throw errors.badGateway(`The link preview integration "${settings.client.name}" could not refresh its token: its token URL ${e.message}.`);
    throw e;
  }
  // A partner may keep the refresh token the same and not send it again.
  const kept = { ...tokens, refresh_token: tokens.refresh_token ?? refresh };
  await deps.store.write((tx) => tx.linkPreviews.putAccount({ ...accountRow(deps, ws, userId, clientId, kept, now), created_time: row.created_time }));
  return tokens.access_token;
}

async function forget(deps: Deps, ws: string, userId: string, clientId: string): Promise<null> {
  await deps.store.write((tx) => tx.linkPreviews.removeAccount(ws, userId, clientId));
  return null;
}
