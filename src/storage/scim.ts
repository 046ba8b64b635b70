/**
 * The store port of SCIM provisioning (docs/design/scim.md): a workspace's SCIM bearer tokens
 * (only their SHA-256 is kept) and what an identity provider said about each person that Quire's
 * `users` row has no column for (`externalId`, `name.givenName`, `name.familyName`, when it last
 * changed them). Both keyed by workspace; a token is found by its hash alone when a request
 * arrives (`tokenByHash`), before its workspace is known.
 */

/** A SCIM token of a workspace. Times are epoch milliseconds. */
export interface ScimTokenRow {
  workspace_id: string;
  id: string;
  name: string | null;
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  token_hash: string;
  created_time: number;
  /** The last request it authorized (written at most once a minute), or null. */
  last_used_time: number | null;
}

/** What the identity provider keeps about a person in a workspace beyond the `users` row. */
export interface ScimProfileRow {
  workspace_id: string;
  user_id: string;
  external_id: string | null;
  given_name: string | null;
  family_name: string | null;
  /** When SCIM last changed the person (`meta.lastModified`). */
  updated_time: number;
}

/** `Tx.scim` (src/storage/sqlite-scim.ts, src/storage/postgres/scim.ts). */
export interface ScimStore {
  /** Adds a token; its id and hash must be new. */
  insertToken(row: ScimTokenRow): Promise<void>;
  /** The workspace's tokens in (created_time, id) order. */
  listTokens(workspaceId: string): Promise<ScimTokenRow[]>;
  /** Removes a token; false when the workspace has no such token. */
  deleteToken(workspaceId: string, id: string): Promise<boolean>;
  /** The token whose hash is `tokenHash`, in whichever workspace; null when none. */
  tokenByHash(tokenHash: string): Promise<ScimTokenRow | null>;
  /** Records a use of the token at `at`. */
  touchToken(workspaceId: string, id: string, at: number): Promise<void>;
  /** The profiles of those of `userIds` that have one, in one statement, in user id order. */
  profiles(workspaceId: string, userIds: readonly string[]): Promise<ScimProfileRow[]>;
  /** Writes (inserts or replaces) a person's profile. */
  putProfile(row: ScimProfileRow): Promise<void>;
  /** Forgets a person's profile (SCIM deleted them); false when there was none. */
  deleteProfile(workspaceId: string, userId: string): Promise<boolean>;
}
