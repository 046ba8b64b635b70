/**
 * The store port of personal access tokens: a person's own bearer tokens in one workspace
 * (Notion's PATs, docs/design/personal-access-tokens.md), stored as the SHA-256 of the token,
 * and each workspace's policy on them. Who may hold one and what it may do is decided in
 * src/domain/personal-tokens/; this port stores rows and finds a token's owner in one statement.
 */
import type { UserRow, WorkspaceRow } from "./records.js";
import { prefixedUserOf, prefixedWorkspaceOf } from "./token-owner.js";

/** Who may use personal access tokens in a workspace: every member, owners only, or nobody. */
export const PAT_POLICIES = ["members", "owners", "off"] as const;
export type PatPolicy = (typeof PAT_POLICIES)[number];

/** A personal access token as stored: the token itself never is, only its SHA-256. */
export interface PersonalTokenRow {
  workspace_id: string;
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The capability bundles it was made with (Notion's PATs: "notion_api", "workers"). */
  capabilities: string[];
  created_time: number;
  /** When it last authenticated a request (written at most once a minute), or null. */
  last_used_time: number | null;
  /** When it stops working, or null for never. */
  expires_time: number | null;
}

/** A token found by its hash, with its workspace, its person's row there and the workspace's policy. */
export interface PersonalTokenOwner {
  token: PersonalTokenRow;
  workspace: WorkspaceRow;
  user: UserRow;
  policy: PatPolicy;
}

/** Personal access tokens: `Tx.personalTokens` (src/storage/sqlite-personal-tokens.ts, src/storage/postgres/personal-tokens.ts). */
export interface PersonalTokenStore {
  insert(row: PersonalTokenRow): Promise<void>;
  get(workspaceId: string, id: string): Promise<PersonalTokenRow | null>;
  /** A person's tokens in the workspace, oldest first (created_time, id). */
  listOf(workspaceId: string, userId: string): Promise<PersonalTokenRow[]>;
  /** Every person's tokens in the workspace, oldest first (created_time, id): what its owners review. */
  listAll(workspaceId: string): Promise<PersonalTokenRow[]>;
  /** Removes one token of the person; false when it was not theirs or not there. */
  remove(workspaceId: string, userId: string, id: string): Promise<boolean>;
  /** Removes every token of the person in the workspace (they left); how many went. */
  removeAllOf(workspaceId: string, userId: string): Promise<number>;
  /** Records a use of the token. */
  touch(workspaceId: string, id: string, at: number): Promise<void>;
  /**
   * The token whose hash this is, with its workspace, user row and policy, in one statement
   * (names no workspace: it finds it, like `getTokenOwner`); null when there is none.
   */
  ownerOf(hash: string): Promise<PersonalTokenOwner | null>;
  /** The workspace's policy ("members" until set). */
  policy(workspaceId: string): Promise<PatPolicy>;
  setPolicy(workspaceId: string, policy: PatPolicy): Promise<void>;
}

/** The columns `ownerOf` selects on both adapters (`ownerRowOf` splits them). */
export const PAT_OWNER_COLUMNS = `t.workspace_id, t.id, t.user_id, t.name, t.token_hash, t.capabilities, t.created_time,
  t.last_used_time, t.expires_time,
  w.name AS w_name, w.created_time AS w_created_time, w.time_zone AS w_time_zone,
  u.type AS u_type, u.name AS u_name, u.avatar_url AS u_avatar_url, u.email AS u_email,
  u.integration_id AS u_integration_id, u.created_time AS u_created_time, u.role AS u_role,
  COALESCE(p.policy, 'members') AS policy`;

/** The joins `ownerOf` reads through (inside the token's workspace: co-located on Citus). */
export const PAT_OWNER_FROM = `personal_tokens t
  JOIN workspaces w ON w.id = t.workspace_id
  JOIN users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id
  LEFT JOIN personal_token_policies p ON p.workspace_id = t.workspace_id`;

/** A token row from a row of either adapter; `capabilities` is the stored JSON text. */
export function tokenRowOf(r: Record<string, unknown>, parse: (v: unknown) => unknown): PersonalTokenRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    user_id: r.user_id as string,
    name: r.name as string,
    token_hash: r.token_hash as string,
    capabilities: parse(r.capabilities) as string[],
    created_time: Number(r.created_time),
    last_used_time: num(r.last_used_time),
    expires_time: num(r.expires_time),
  };
}

/** An owner from a row of `PAT_OWNER_COLUMNS`. */
export function ownerRowOf(r: Record<string, unknown>, parse: (v: unknown) => unknown): PersonalTokenOwner {
  return {
    token: tokenRowOf(r, parse),
    workspace: prefixedWorkspaceOf(r),
    user: prefixedUserOf(r, r.user_id as string),
    policy: r.policy as PatPolicy,
  };
}
