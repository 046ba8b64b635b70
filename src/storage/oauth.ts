/**
 * Public integrations (OAuth 2.0; docs/design/oauth.md): the registry of OAuth clients (global:
 * a public integration works in every workspace of the Quire, so its client is found before any
 * workspace is known — a Citus reference table), the authorization codes issued, and each
 * installation's grant (refresh token, issue times, the account linked). Every secret is stored
 * as its SHA-256 only. An installation itself is an `integrations` row (`oauth_client_id`,
 * `installed_by`), whose `token_hash` is the access token's.
 */
import type { Capability } from "../api/capabilities.js";

/** A registered public integration. Times are epoch milliseconds. */
export interface OAuthClientRow {
  id: string;
  /** The workspace that registered it (the developer's). */
  workspace_id: string;
  name: string;
  /** The public client id (a UUID, as Notion's). */
  client_id: string;
  /** SHA-256 (hex) of the client secret. */
  secret_hash: string;
  redirect_uris: string[];
  capabilities: Capability[];
  icon: string | null;
  template_page_id: string | null;
  created_time: number;
}

/** An authorization code, keyed by its hash in the workspace it installs into. */
export interface OAuthCodeRow {
  workspace_id: string;
  code_hash: string;
  /** `OAuthClientRow.id`. */
  client_id: string;
  user_id: string;
  page_ids: string[];
  use_template: boolean;
  /** The redirect URI the authorize request named (null: it named none). */
  redirect_uri: string | null;
  /** PKCE S256 challenge, when the request carried one. */
  pkce_challenge: string | null;
  created_time: number;
  expires_time: number;
  /** Set once exchanged: a second exchange is refused and revokes what the first issued. */
  used_time: number | null;
}

/** An installation's OAuth state: its refresh token and where its tokens came from. */
export interface OAuthGrantRow {
  workspace_id: string;
  /** The installation: its `integrations` row id (= its bot user's id). */
  integration_id: string;
  client_id: string;
  user_id: string;
  /** SHA-256 of the live refresh token; null once revoked. */
  refresh_hash: string | null;
  /** When the live access token was issued (introspection's `iat`); null once revoked. */
  token_time: number | null;
  /** When the live refresh token was issued. */
  refresh_time: number | null;
  /** The code whose exchange issued the live tokens (a replay of it revokes them). */
  code_hash: string | null;
  /** Link previews' Notion-side account (`external_account` of the exchange). */
  external_account: { key: string; name: string } | null;
  duplicated_template_id: string | null;
  created_time: number;
}

/** `Tx.oauth`. */
export interface OAuthStore {
  insertClient(row: OAuthClientRow): Promise<void>;
  updateClient(row: OAuthClientRow): Promise<void>;
  getClient(id: string): Promise<OAuthClientRow | null>;
  clientByClientId(clientId: string): Promise<OAuthClientRow | null>;
  /** The clients a workspace registered, oldest first. */
  listClients(workspaceId: string): Promise<OAuthClientRow[]>;
  deleteClient(id: string): Promise<void>;
  insertCode(row: OAuthCodeRow): Promise<void>;
  /** A code by its hash, whichever workspace it is for. */
  codeByHash(hash: string): Promise<OAuthCodeRow | null>;
  /** Marks a code used at `at`; false when it already was (one exchange wins). */
  useCode(workspaceId: string, hash: string, at: number): Promise<boolean>;
  /** Inserts or replaces an installation's grant. */
  putGrant(row: OAuthGrantRow): Promise<void>;
  grantOf(workspaceId: string, integrationId: string): Promise<OAuthGrantRow | null>;
  /** The grant of (client, person) in a workspace: that person's installation. */
  grantFor(workspaceId: string, clientId: string, userId: string): Promise<OAuthGrantRow | null>;
  /** The grant whose live refresh token hashes to `hash`, in any workspace. */
  grantByRefreshHash(hash: string): Promise<OAuthGrantRow | null>;
  /** Every installation of a client, in every workspace. */
  grantsOfClient(clientId: string): Promise<OAuthGrantRow[]>;
  /** A workspace's installations (its connections), oldest first. */
  grantsIn(workspaceId: string): Promise<OAuthGrantRow[]>;
  deleteGrant(workspaceId: string, integrationId: string): Promise<void>;
}
