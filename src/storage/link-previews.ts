/**
 * Link previews (src/domain/link-previews/, docs/design/link-previews.md): a public integration's
 * unfurl settings (global, keyed by its OAuth client like the client registry itself: a URL pasted
 * in any workspace is matched against every integration's patterns, before a workspace of theirs
 * is known — a Citus reference table), each person's linked partner account per workspace (the
 * partner's tokens sealed), the account-link states in flight (their SHA-256 only), and the
 * previews made (which block shows them, the attributes the partner answered).
 */

/** A public integration's link-preview settings; the partner's client secret sealed. */
export interface LinkPreviewSettingsRow {
  /** `OAuthClientRow.id`. */
  client_id: string;
  /** The developer's workspace (the client's). */
  workspace_id: string;
  /** The settings as validated (`LinkPreviewSettings` without the secret), JSON. */
  settings: string;
  /** The partner's OAuth client secret, sealed (domain/admin/sealed.ts). */
  secret_sealed: string;
  created_time: number;
  updated_time: number;
}

/** A person's linked account with a partner in one workspace; tokens sealed. */
export interface LinkPreviewAccountRow {
  workspace_id: string;
  user_id: string;
  client_id: string;
  access_sealed: string;
  /** Null when the partner gave none. */
  refresh_sealed: string | null;
  /** When the access token expires (epoch ms); null: it does not. */
  expires_time: number | null;
  created_time: number;
  updated_time: number;
}

/** An account link started and not yet finished: single use, bound to the person. */
export interface LinkPreviewStateRow {
  workspace_id: string;
  /** SHA-256 (hex) of the state's secret part. */
  state_hash: string;
  user_id: string;
  client_id: string;
  expires_time: number;
}

/** One preview: a URL unfurled for a person, shown by a block (a link_preview, or a paragraph's mention). */
export interface LinkPreviewRow {
  workspace_id: string;
  id: string;
  client_id: string;
  /** Who pasted it (whose partner account unfurls it). */
  user_id: string;
  /** The installation (`integrations` row) of that person, which PATCH /v1/external/object acts as; null if none. */
  integration_id: string | null;
  url: string;
  block_id: string;
  kind: "block" | "mention" | "link_mention";
  /** The unfurl attribute objects last answered (JSON array). */
  attributes: string;
  /** The partner's error `{status, message}` (JSON), or null. */
  error: string | null;
  unfurled_time: number;
  created_time: number;
}

/** `Tx.linkPreviews` (src/storage/sqlite-link-previews.ts, src/storage/postgres/link-previews.ts). */
export interface LinkPreviewStore {
  getSettings(clientId: string): Promise<LinkPreviewSettingsRow | null>;
  /** Inserts or replaces (the first `created_time` kept). */
  putSettings(row: LinkPreviewSettingsRow): Promise<void>;
  /** False when there were none. */
  removeSettings(clientId: string): Promise<boolean>;
  /** Every integration's settings, oldest first (at most `limit`): what a pasted URL is matched against. */
  listSettings(limit: number): Promise<LinkPreviewSettingsRow[]>;
  getAccount(ws: string, userId: string, clientId: string): Promise<LinkPreviewAccountRow | null>;
  /** Inserts or replaces (the first `created_time` kept). */
  putAccount(row: LinkPreviewAccountRow): Promise<void>;
  /** False when there was none. */
  removeAccount(ws: string, userId: string, clientId: string): Promise<boolean>;
  addState(row: LinkPreviewStateRow): Promise<void>;
  /** Takes (removes) a state: the row when it existed and had not expired at `now`, else null; expired ones of the workspace go too. */
  takeState(ws: string, stateHash: string, now: number): Promise<LinkPreviewStateRow | null>;
  insertPreview(row: LinkPreviewRow): Promise<void>;
  getPreview(ws: string, id: string): Promise<LinkPreviewRow | null>;
  /** Replaces a preview's attributes, error and unfurl time. */
  updatePreview(row: LinkPreviewRow): Promise<void>;
  removePreview(ws: string, id: string): Promise<void>;
  /** The previews of `url` by `clientId` in the workspace, oldest first. */
  previewsOfUrl(ws: string, clientId: string, url: string): Promise<LinkPreviewRow[]>;
  /** The workspace's previews, oldest first, at most `limit`. */
  listPreviews(ws: string, limit: number): Promise<LinkPreviewRow[]>;
}
