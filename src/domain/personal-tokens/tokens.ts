/**
 * Personal access tokens through the control API (`/_quire/v1/users/{id}/tokens`): made for a
 * member (shown once, kept as their SHA-256), listed, revoked; the workspace's policy on them.
 * Notion's facts and sources: docs/design/personal-access-tokens.md.
 */
import type { Tx } from "../../storage/types.js";
import type { PatPolicy, PersonalTokenRow } from "../../storage/personal-tokens.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { hashToken, newToken } from "../admin/tokens.js";
import { memberOr404 } from "../admin/members.js";

/** A token lives a year unless told otherwise (what Notion's developer portal gives; 3p: docs/design/personal-access-tokens.md). */
export const PAT_DEFAULT_DAYS = 365;
const DAY_MS = 86_400_000;

/** The capability bundle every Quire PAT carries: Notion's "Notion API" (Workers has no meaning here). */
export const PAT_BUNDLES = ["notion_api"];

/** A token as the control API shows it: never the token, never its hash. */
export function viewToken(row: PersonalTokenRow) {
  return {
    object: "personal_access_token" as const,
    id: row.id,
    user_id: row.user_id,
    workspace_id: row.workspace_id,
    name: row.name,
    capabilities: row.capabilities,
    created_time: new Date(row.created_time).toISOString(),
    last_used_time: row.last_used_time === null ? null : new Date(row.last_used_time).toISOString(),
    expiry_time: row.expires_time === null ? null : new Date(row.expires_time).toISOString(),
  };
}

/** Whether a person of this role may hold a working token under the policy (guests never make one). */
export function policyAllows(policy: PatPolicy, role: string | null): boolean {
  if (role === null || policy === "off") return false;
  return policy === "members" || role === "owner";
}

/**
 * Makes a token for the member `userId`: Notion lets full members make PATs — guests cannot —,
 * and the workspace's policy may keep it to owners or turn it off (403 in the control API's shape).
 */
export async function createPersonalToken(deps: Deps, tx: Tx, ws: string, userId: string, input: { name: string; expires_in_days?: number | null }) {
  const member = await memberOr404(tx, ws, userId);
  if (member.role === "guest") throw errors.restricted("Guests cannot create personal access tokens; only full members of the workspace can.");
  const policy = await tx.personalTokens.policy(ws);
  if (!policyAllows(policy, member.role))
    throw errors.restricted(policy === "off" ? "Personal access tokens are turned off in this workspace." : "In this workspace only owners can create personal access tokens.");
  const token = newToken();
  const now = deps.clock.now();
  const days = input.expires_in_days === undefined ? PAT_DEFAULT_DAYS : input.expires_in_days;
  const row: PersonalTokenRow = {
    workspace_id: ws,
    id: deps.ids(),
    user_id: userId,
    name: input.name,
    token_hash: hashToken(token),
    capabilities: PAT_BUNDLES,
    created_time: now,
    last_used_time: null,
    expires_time: days === null ? null : now + days * DAY_MS,
  };
  await tx.personalTokens.insert(row);
  return { ...viewToken(row), token };
}

/** The member's tokens, oldest first. */
export async function listPersonalTokens(tx: Tx, ws: string, userId: string) {
  await memberOr404(tx, ws, userId);
  return { object: "list", results: (await tx.personalTokens.listOf(ws, userId)).map(viewToken), next_cursor: null, has_more: false };
}

/**
 * Every member's tokens in the workspace, oldest first, each with its person's name: what an owner
 * reviews and revokes (Notion's admins see members' tokens in Settings; docs/design/web-app.md).
 * One statement for the tokens and one per distinct person (a workspace has few token holders).
 */
export async function listWorkspacePersonalTokens(tx: Tx, ws: string) {
  const rows = await tx.personalTokens.listAll(ws);
  const names = new Map<string, string | null>();
  for (const userId of new Set(rows.map((r) => r.user_id))) names.set(userId, (await tx.getUser(ws, userId))?.name ?? null);
  const results = rows.map((r) => ({ ...viewToken(r), user: { object: "user" as const, id: r.user_id, name: names.get(r.user_id) ?? null } }));
  return { object: "list", results, next_cursor: null, has_more: false };
}

/** Revokes one of the person's tokens (former members' tokens are already gone). */
export async function revokePersonalToken(tx: Tx, ws: string, userId: string, tokenId: string) {
  if (!(await tx.personalTokens.remove(ws, userId, tokenId))) throw errors.notFound("personal_access_token", tokenId);
  return { object: "personal_access_token", id: tokenId, deleted: true };
}

/** The workspace's policy as the control API shows it. */
export async function viewPolicy(tx: Tx, ws: string) {
  return { object: "personal_access_token_policy", workspace_id: ws, policy: await tx.personalTokens.policy(ws) };
}

/** Sets the workspace's policy; "off" stops every existing token at once, "owners" every non-owner's. */
export async function setPolicy(tx: Tx, ws: string, policy: PatPolicy) {
  await tx.personalTokens.setPolicy(ws, policy);
  return viewPolicy(tx, ws);
}
