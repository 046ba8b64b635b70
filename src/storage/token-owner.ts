/** The token lookup's one statement, shared by both adapters: its columns and how a row splits. */
import type { IntegrationRow, TokenOwner, UserRow, WorkspaceRow } from "./records.js";

/**
 * The columns of a token owner's row, as both adapters select them: the integration's own, then
 * the workspace's and the bot's prefixed `w_` and `u_` (`tokenOwnerOf` splits them).
 */
export const TOKEN_OWNER_COLUMNS = `i.workspace_id, i.id, i.name, i.token_hash, i.bot_id, i.capabilities, i.created_time, i.oauth_client_id, i.installed_by,
  w.name AS w_name, w.created_time AS w_created_time, w.time_zone AS w_time_zone,
  u.type AS u_type, u.name AS u_name, u.avatar_url AS u_avatar_url, u.email AS u_email,
  u.integration_id AS u_integration_id, u.created_time AS u_created_time`;

/** A token owner from a row of `TOKEN_OWNER_COLUMNS`; `capabilities` is the stored JSON text. */
export function tokenOwnerOf(r: Record<string, unknown>, parse: (v: unknown) => unknown): TokenOwner {
  const ws = r.workspace_id as string;
  return {
    integration: {
      workspace_id: ws,
      id: r.id as string,
      name: r.name as string,
      token_hash: r.token_hash as string,
      bot_id: r.bot_id as string,
      capabilities: parse(r.capabilities) as IntegrationRow["capabilities"],
      created_time: r.created_time as number,
      oauth_client_id: (r.oauth_client_id as string | null) ?? null,
      installed_by: (r.installed_by as string | null) ?? null,
    },
    workspace: prefixedWorkspaceOf(r),
    bot: prefixedUserOf(r, r.bot_id as string),
  };
}

/** The workspace's columns of a joined row, prefixed `w_` (its id is the row's `workspace_id`). */
export function prefixedWorkspaceOf(r: Record<string, unknown>): WorkspaceRow {
  return { id: r.workspace_id as string, name: r.w_name as string, created_time: Number(r.w_created_time), time_zone: r.w_time_zone as string };
}

/** User `id`'s columns of a joined row, prefixed `u_` (`u_role` when selected; a bot has none). */
export function prefixedUserOf(r: Record<string, unknown>, id: string): UserRow {
  return {
    workspace_id: r.workspace_id as string,
    id,
    type: r.u_type as UserRow["type"],
    name: (r.u_name as string | null) ?? null,
    avatar_url: (r.u_avatar_url as string | null) ?? null,
    email: (r.u_email as string | null) ?? null,
    integration_id: (r.u_integration_id as string | null) ?? null,
    created_time: Number(r.u_created_time),
    role: (r.u_role as UserRow["role"] | undefined) ?? null,
  };
}
