/** SQLite side of SCIM provisioning: the `scim_tokens` and `scim_users` tables (migration 19). */
import type Database from "better-sqlite3";
import type { ScimProfileRow, ScimStore, ScimTokenRow } from "./scim.js";

/** `Tx.scim` on SQLite (src/storage/scim.ts). */
export class SqliteScimStore implements ScimStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertToken: p(
        `INSERT INTO scim_tokens (workspace_id, id, name, token_hash, created_time, last_used_time) VALUES (@workspace_id, @id, @name, @token_hash, @created_time, @last_used_time)`,
      ),
      listTokens: p(`SELECT * FROM scim_tokens WHERE workspace_id = ? ORDER BY created_time, id`),
      deleteToken: p(`DELETE FROM scim_tokens WHERE workspace_id = ? AND id = ?`),
      byHash: p(`SELECT * FROM scim_tokens WHERE token_hash = ?`),
      touch: p(`UPDATE scim_tokens SET last_used_time = ? WHERE workspace_id = ? AND id = ?`),
      profiles: p(`SELECT * FROM scim_users WHERE workspace_id = ? AND user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id`),
      putProfile: p(
        `INSERT INTO scim_users (workspace_id, user_id, external_id, given_name, family_name, updated_time) VALUES (@workspace_id, @user_id, @external_id, @given_name, @family_name, @updated_time)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET external_id = excluded.external_id, given_name = excluded.given_name, family_name = excluded.family_name, updated_time = excluded.updated_time`,
      ),
      deleteProfile: p(`DELETE FROM scim_users WHERE workspace_id = ? AND user_id = ?`),
    };
  }

  async insertToken(row: ScimTokenRow) {
    this.s.insertToken.run(row);
  }
  async listTokens(ws: string) {
    return this.s.listTokens.all(ws) as ScimTokenRow[];
  }
  async deleteToken(ws: string, id: string) {
    return this.s.deleteToken.run(ws, id).changes > 0;
  }
  async tokenByHash(hash: string) {
    return (this.s.byHash.get(hash) as ScimTokenRow | undefined) ?? null;
  }
  async touchToken(ws: string, id: string, at: number) {
    this.s.touch.run(at, ws, id);
  }
  async profiles(ws: string, userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    return this.s.profiles.all(ws, JSON.stringify(userIds)) as ScimProfileRow[];
  }
  async putProfile(row: ScimProfileRow) {
    this.s.putProfile.run(row);
  }
  async deleteProfile(ws: string, userId: string) {
    return this.s.deleteProfile.run(ws, userId).changes > 0;
  }
}
