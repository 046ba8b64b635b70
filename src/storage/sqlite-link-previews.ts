/** SQLite side of link previews (src/storage/link-previews.ts; migration 21). */
import type Database from "better-sqlite3";
import type { LinkPreviewAccountRow, LinkPreviewRow, LinkPreviewSettingsRow, LinkPreviewStateRow, LinkPreviewStore } from "./link-previews.js";

const SETTINGS = `client_id, workspace_id, settings, secret_sealed, created_time, updated_time`;
const ACCOUNT = `workspace_id, user_id, client_id, access_sealed, refresh_sealed, expires_time, created_time, updated_time`;
const PREVIEW = `workspace_id, id, client_id, user_id, integration_id, url, block_id, kind, attributes, error, unfurled_time, created_time`;

/** `Tx.linkPreviews` on SQLite. */
export class SqliteLinkPreviewStore implements LinkPreviewStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      getSettings: p(`SELECT ${SETTINGS} FROM link_preview_settings WHERE client_id = ?`),
      putSettings: p(
        `INSERT INTO link_preview_settings (${SETTINGS}) VALUES (@client_id, @workspace_id, @settings, @secret_sealed, @created_time, @updated_time)
         ON CONFLICT (client_id) DO UPDATE SET settings = excluded.settings, secret_sealed = excluded.secret_sealed, updated_time = excluded.updated_time`,
      ),
      removeSettings: p(`DELETE FROM link_preview_settings WHERE client_id = ?`),
      listSettings: p(`SELECT ${SETTINGS} FROM link_preview_settings ORDER BY created_time, client_id LIMIT ?`),
      getAccount: p(`SELECT ${ACCOUNT} FROM link_preview_accounts WHERE workspace_id = ? AND user_id = ? AND client_id = ?`),
      putAccount: p(
        `INSERT INTO link_preview_accounts (${ACCOUNT}) VALUES (@workspace_id, @user_id, @client_id, @access_sealed, @refresh_sealed, @expires_time, @created_time, @updated_time)
         ON CONFLICT (workspace_id, user_id, client_id) DO UPDATE SET access_sealed = excluded.access_sealed, refresh_sealed = excluded.refresh_sealed,
           expires_time = excluded.expires_time, updated_time = excluded.updated_time`,
      ),
      removeAccount: p(`DELETE FROM link_preview_accounts WHERE workspace_id = ? AND user_id = ? AND client_id = ?`),
      addState: p(`INSERT INTO link_preview_states (workspace_id, state_hash, user_id, client_id, expires_time) VALUES (@workspace_id, @state_hash, @user_id, @client_id, @expires_time)`),
      takeState: p(`DELETE FROM link_preview_states WHERE workspace_id = ? AND state_hash = ? RETURNING workspace_id, state_hash, user_id, client_id, expires_time`),
      sweepStates: p(`DELETE FROM link_preview_states WHERE workspace_id = ? AND expires_time <= ?`),
      insertPreview: p(`INSERT INTO link_previews (${PREVIEW}) VALUES (@workspace_id, @id, @client_id, @user_id, @integration_id, @url, @block_id, @kind, @attributes, @error, @unfurled_time, @created_time)`),
      getPreview: p(`SELECT ${PREVIEW} FROM link_previews WHERE workspace_id = ? AND id = ?`),
      updatePreview: p(`UPDATE link_previews SET attributes = @attributes, error = @error, unfurled_time = @unfurled_time WHERE workspace_id = @workspace_id AND id = @id`),
      removePreview: p(`DELETE FROM link_previews WHERE workspace_id = ? AND id = ?`),
      previewsOfUrl: p(`SELECT ${PREVIEW} FROM link_previews WHERE workspace_id = ? AND client_id = ? AND url = ? ORDER BY created_time, id`),
      listPreviews: p(`SELECT ${PREVIEW} FROM link_previews WHERE workspace_id = ? ORDER BY created_time, id LIMIT ?`),
    };
  }

  async getSettings(clientId: string) {
    return (this.s.getSettings.get(clientId) as LinkPreviewSettingsRow | undefined) ?? null;
  }
  async putSettings(row: LinkPreviewSettingsRow) {
    this.s.putSettings.run(row);
  }
  async removeSettings(clientId: string) {
    return this.s.removeSettings.run(clientId).changes > 0;
  }
  async listSettings(limit: number) {
    return this.s.listSettings.all(limit) as LinkPreviewSettingsRow[];
  }
  async getAccount(ws: string, userId: string, clientId: string) {
    return (this.s.getAccount.get(ws, userId, clientId) as LinkPreviewAccountRow | undefined) ?? null;
  }
  async putAccount(row: LinkPreviewAccountRow) {
    this.s.putAccount.run(row);
  }
  async removeAccount(ws: string, userId: string, clientId: string) {
    return this.s.removeAccount.run(ws, userId, clientId).changes > 0;
  }
  async addState(row: LinkPreviewStateRow) {
    this.s.addState.run(row);
  }
  async takeState(ws: string, stateHash: string, now: number) {
    const row = this.s.takeState.get(ws, stateHash) as LinkPreviewStateRow | undefined;
    this.s.sweepStates.run(ws, now);
    return row !== undefined && row.expires_time > now ? row : null;
  }
  async insertPreview(row: LinkPreviewRow) {
    this.s.insertPreview.run(row);
  }
  async getPreview(ws: string, id: string) {
    return (this.s.getPreview.get(ws, id) as LinkPreviewRow | undefined) ?? null;
  }
  async updatePreview(row: LinkPreviewRow) {
    this.s.updatePreview.run(row);
  }
  async removePreview(ws: string, id: string) {
    this.s.removePreview.run(ws, id);
  }
  async previewsOfUrl(ws: string, clientId: string, url: string) {
    return this.s.previewsOfUrl.all(ws, clientId, url) as LinkPreviewRow[];
  }
  async listPreviews(ws: string, limit: number) {
    return this.s.listPreviews.all(ws, limit) as LinkPreviewRow[];
  }
}
