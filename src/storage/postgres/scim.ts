/** `Tx.scim` on PostgreSQL: SCIM tokens (`scim_tokens`) and people's SCIM profiles (`scim_users`). */
import type { ScimProfileRow, ScimStore, ScimTokenRow } from "../scim.js";
import type { PgSession } from "./session.js";

const TOKEN = `workspace_id, id, name, token_hash, created_time, last_used_time`;
const PROFILE = `workspace_id, user_id, external_id, given_name, family_name, updated_time`;

/** SCIM tokens and profiles (src/storage/scim.ts). */
export class PgScim implements ScimStore {
  constructor(readonly s: PgSession) {}

  async insertToken(row: ScimTokenRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`INSERT INTO scim_tokens (${TOKEN}) VALUES ($1, $2, $3, $4, $5, $6)`, [row.workspace_id, row.id, row.name, row.token_hash, row.created_time, row.last_used_time]);
  }
  async listTokens(ws: string) {
    await this.s.lock(ws);
    return this.s.query<ScimTokenRow>(`SELECT ${TOKEN} FROM scim_tokens WHERE workspace_id = $1 ORDER BY created_time, id`, [ws]);
  }
  async deleteToken(ws: string, id: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM scim_tokens WHERE workspace_id = $1 AND id = $2`, [ws, id])) > 0;
  }
  async tokenByHash(hash: string) {
    // Every SCIM request asks this first: a named statement.
    return this.s.one<ScimTokenRow>(`SELECT ${TOKEN} FROM scim_tokens WHERE token_hash = $1`, [hash], "quire_scim_token");
  }
  async touchToken(ws: string, id: string, at: number) {
    await this.s.lock(ws);
    await this.s.exec(`UPDATE scim_tokens SET last_used_time = $3 WHERE workspace_id = $1 AND id = $2`, [ws, id, at]);
  }
  async profiles(ws: string, userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    await this.s.lock(ws);
    return this.s.query<ScimProfileRow>(`SELECT ${PROFILE} FROM scim_users WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id COLLATE "C"`, [ws, [...userIds]]);
  }
  async putProfile(row: ScimProfileRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO scim_users (${PROFILE}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET external_id = EXCLUDED.external_id, given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, updated_time = EXCLUDED.updated_time`,
      [row.workspace_id, row.user_id, row.external_id, row.given_name, row.family_name, row.updated_time],
    );
  }
  async deleteProfile(ws: string, userId: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM scim_users WHERE workspace_id = $1 AND user_id = $2`, [ws, userId])) > 0;
  }
}
