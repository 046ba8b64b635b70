/**
 * SCIM tokens: made per workspace through the control API (`POST …/scim_tokens`), shown once,
 * stored as their SHA-256 (a 256-bit random token needs no slow hash), revoked by deleting them.
 * A token opens only its own workspace's `/scim/v2`: integration tokens and personal access
 * tokens are other tables' hashes and never match here, and a SCIM token matches no integration
 * on `/v1` nor the admin key on `/_quire`.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Tx } from "../../storage/types.js";
import type { ScimTokenRow } from "../../storage/scim.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { hashToken } from "../admin/tokens.js";
import { scimErrors } from "./errors.js";
import { SCIM_LIMITS } from "./limits.js";

/** Every SCIM token starts with this (secret scanners and people can tell what it is). */
export const SCIM_TOKEN_PREFIX = "scim_";

/** A SCIM token as the control API lists it: never the token or its hash. */
export function viewScimToken(row: ScimTokenRow) {
  return {
    object: "scim_token" as const,
    id: row.id,
    workspace_id: row.workspace_id,
    name: row.name,
    created_time: new Date(row.created_time).toISOString(),
    last_used_time: row.last_used_time === null ? null : new Date(row.last_used_time).toISOString(),
  };
}

/** Makes a token for workspace `ws`; the answer carries the token, the only time it is shown. */
export async function createScimToken(deps: Deps, tx: Tx, ws: string, input: { name?: string | null }) {
  const token = SCIM_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row: ScimTokenRow = { workspace_id: ws, id: deps.ids(), name: input.name ?? null, token_hash: hashToken(token), created_time: deps.clock.now(), last_used_time: null };
  await tx.scim.insertToken(row);
  return { ...viewScimToken(row), token };
}

/** The workspace's tokens, oldest first. */
export async function listScimTokens(tx: Tx, ws: string) {
  return { object: "list" as const, results: (await tx.scim.listTokens(ws)).map(viewScimToken), next_cursor: null, has_more: false };
}

/** Revokes a token of workspace `ws`; 404 for one it does not have. */
export async function revokeScimToken(tx: Tx, ws: string, id: string) {
  if (!(await tx.scim.deleteToken(ws, id))) throw errors.notFound("scim_token", id);
  return { object: "scim_token" as const, id, deleted: true };
}

/** What a SCIM request acts as: a token of one workspace. */
export interface ScimActor {
  workspaceId: string;
  tokenId: string;
}

/** The actor of `Authorization: Bearer <token>`, or SCIM's 401; records the token's use at most once a minute. */
export async function authenticateScim(deps: Deps, header: string | undefined): Promise<ScimActor> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m || !m[1].startsWith(SCIM_TOKEN_PREFIX)) throw scimErrors.unauthorized();
  const hash = hashToken(m[1]);
  const row = await deps.store.readOne((tx) => tx.scim.tokenByHash(hash));
  // The lookup is by hash; comparing again in constant time costs nothing and keeps the rule simple.
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash))) throw scimErrors.unauthorized();
  const now = deps.clock.now();
  if (row.last_used_time === null || now - row.last_used_time >= SCIM_LIMITS.TOKEN_TOUCH_MS) await deps.store.write((tx) => tx.scim.touchToken(row.workspace_id, row.id, now));
  return { workspaceId: row.workspace_id, tokenId: row.id };
}
