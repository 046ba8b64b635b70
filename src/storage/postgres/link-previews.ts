/** `Tx.linkPreviews` on PostgreSQL (src/storage/link-previews.ts; migration 13). */
import type { LinkPreviewAccountRow, LinkPreviewRow, LinkPreviewSettingsRow, LinkPreviewStateRow, LinkPreviewStore } from "../link-previews.js";
import type { PgSession } from "./session.js";

const SETTINGS = `client_id, workspace_id, settings, secret_sealed, created_time, updated_time`;
const ACCOUNT = `workspace_id, user_id, client_id, access_sealed, refresh_sealed, expires_time, created_time, updated_time`;
const PREVIEW = `workspace_id, id, client_id, user_id, integration_id, url, block_id, kind, attributes, error, unfurled_time, created_time`;

// bigint columns come back as strings from pg: times made numbers again.
const num = (v: unknown) => (v === null ? null : Number(v));
const settingsOf = (r: LinkPreviewSettingsRow): LinkPreviewSettingsRow => ({ ...r, created_time: Number(r.created_time), updated_time: Number(r.updated_time) });
const accountOf = (r: LinkPreviewAccountRow): LinkPreviewAccountRow => ({ ...r, expires_time: num(r.expires_time), created_time: Number(r.created_time), updated_time: Number(r.updated_time) });
const previewOf = (r: LinkPreviewRow): LinkPreviewRow => ({ ...r, unfurled_time: Number(r.unfurled_time), created_time: Number(r.created_time) });

/** Link-preview settings, linked accounts, account-link states and previews. */
export class PgLinkPreviews implements LinkPreviewStore {
  constructor(private readonly s: PgSession) {}

  async getSettings(clientId: string) {
    const row = await this.s.one<LinkPreviewSettingsRow>(`SELECT ${SETTINGS} FROM link_preview_settings WHERE client_id = $1`, [clientId]);
    return row && settingsOf(row);
  }
  async putSettings(r: LinkPreviewSettingsRow) {
    await this.s.exec(
      `INSERT INTO link_preview_settings (${SETTINGS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (client_id) DO UPDATE SET settings = excluded.settings, secret_sealed = excluded.secret_sealed, updated_time = excluded.updated_time`,
      [r.client_id, r.workspace_id, r.settings, r.secret_sealed, r.created_time, r.updated_time],
    );
  }
  async removeSettings(clientId: string) {
    return (await this.s.exec(`DELETE FROM link_preview_settings WHERE client_id = $1`, [clientId])) > 0;
  }
  async listSettings(limit: number) {
    return (await this.s.query<LinkPreviewSettingsRow>(`SELECT ${SETTINGS} FROM link_preview_settings ORDER BY created_time, client_id LIMIT $1`, [limit])).map(settingsOf);
  }
  async getAccount(ws: string, userId: string, clientId: string) {
    await this.s.lock(ws);
    const row = await this.s.one<LinkPreviewAccountRow>(`SELECT ${ACCOUNT} FROM link_preview_accounts WHERE workspace_id = $1 AND user_id = $2 AND client_id = $3`, [ws, userId, clientId]);
    return row && accountOf(row);
  }
  async putAccount(r: LinkPreviewAccountRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(
      `INSERT INTO link_preview_accounts (${ACCOUNT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workspace_id, user_id, client_id) DO UPDATE SET access_sealed = excluded.access_sealed, refresh_sealed = excluded.refresh_sealed,
         expires_time = excluded.expires_time, updated_time = excluded.updated_time`,
      [r.workspace_id, r.user_id, r.client_id, r.access_sealed, r.refresh_sealed, r.expires_time, r.created_time, r.updated_time],
    );
  }
  async removeAccount(ws: string, userId: string, clientId: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM link_preview_accounts WHERE workspace_id = $1 AND user_id = $2 AND client_id = $3`, [ws, userId, clientId])) > 0;
  }
  async addState(r: LinkPreviewStateRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(`INSERT INTO link_preview_states (workspace_id, state_hash, user_id, client_id, expires_time) VALUES ($1, $2, $3, $4, $5)`, [
      r.workspace_id,
      r.state_hash,
      r.user_id,
      r.client_id,
      r.expires_time,
    ]);
  }
  async takeState(ws: string, stateHash: string, now: number) {
    await this.s.lock(ws);
    const row = await this.s.one<LinkPreviewStateRow>(
      `DELETE FROM link_preview_states WHERE workspace_id = $1 AND state_hash = $2 RETURNING workspace_id, state_hash, user_id, client_id, expires_time`,
      [ws, stateHash],
    );
    await this.s.exec(`DELETE FROM link_preview_states WHERE workspace_id = $1 AND expires_time <= $2`, [ws, now]);
    return row !== null && Number(row.expires_time) > now ? { ...row, expires_time: Number(row.expires_time) } : null;
  }
  async insertPreview(r: LinkPreviewRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(`INSERT INTO link_previews (${PREVIEW}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
      r.workspace_id,
      r.id,
      r.client_id,
      r.user_id,
      r.integration_id,
      r.url,
      r.block_id,
      r.kind,
      r.attributes,
      r.error,
      r.unfurled_time,
      r.created_time,
    ]);
  }
  async getPreview(ws: string, id: string) {
    await this.s.lock(ws);
    const row = await this.s.one<LinkPreviewRow>(`SELECT ${PREVIEW} FROM link_previews WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return row && previewOf(row);
  }
  async updatePreview(r: LinkPreviewRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(`UPDATE link_previews SET attributes = $3, error = $4, unfurled_time = $5 WHERE workspace_id = $1 AND id = $2`, [r.workspace_id, r.id, r.attributes, r.error, r.unfurled_time]);
  }
  async removePreview(ws: string, id: string) {
    await this.s.lock(ws);
    await this.s.exec(`DELETE FROM link_previews WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  }
  async previewsOfUrl(ws: string, clientId: string, url: string) {
    await this.s.lock(ws);
    return (await this.s.query<LinkPreviewRow>(`SELECT ${PREVIEW} FROM link_previews WHERE workspace_id = $1 AND client_id = $2 AND url = $3 ORDER BY created_time, id`, [ws, clientId, url])).map(previewOf);
  }
  async listPreviews(ws: string, limit: number) {
    await this.s.lock(ws);
    return (await this.s.query<LinkPreviewRow>(`SELECT ${PREVIEW} FROM link_previews WHERE workspace_id = $1 ORDER BY created_time, id LIMIT $2`, [ws, limit])).map(previewOf);
  }
}
