/** `Tx.personalTokens` on PostgreSQL: `personal_tokens` and `personal_token_policies` (migration 9). */
import {
  PAT_OWNER_COLUMNS,
  PAT_OWNER_FROM,
  ownerRowOf,
  tokenRowOf,
  type PatPolicy,
  type PersonalTokenRow,
  type PersonalTokenStore,
} from "../personal-tokens.js";
import { json, parse } from "./json.js";
import type { PgSession } from "./session.js";

const COLUMNS = `workspace_id, id, user_id, name, token_hash, capabilities, created_time, last_used_time, expires_time`;

/** Personal access tokens and each workspace's policy (src/storage/personal-tokens.ts). */
export class PgPersonalTokens implements PersonalTokenStore {
  constructor(private readonly s: PgSession) {}

  async insert(r: PersonalTokenRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(`INSERT INTO personal_tokens (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      r.workspace_id,
      r.id,
      r.user_id,
      r.name,
      r.token_hash,
      json(r.capabilities),
      r.created_time,
      r.last_used_time,
      r.expires_time,
    ]);
  }
  async get(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM personal_tokens WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? tokenRowOf(r, parse) : null;
  }
  async listOf(ws: string, userId: string) {
    await this.s.lock(ws);
    const rows = await this.s.query(`SELECT ${COLUMNS} FROM personal_tokens WHERE workspace_id = $1 AND user_id = $2 ORDER BY created_time, id`, [ws, userId]);
    return rows.map((r) => tokenRowOf(r, parse));
  }
  async listAll(ws: string) {
    await this.s.lock(ws);
    const rows = await this.s.query(`SELECT ${COLUMNS} FROM personal_tokens WHERE workspace_id = $1 ORDER BY created_time, id`, [ws]);
    return rows.map((r) => tokenRowOf(r, parse));
  }
  async remove(ws: string, userId: string, id: string) {
    await this.s.lock(ws);
    return (await this.s.query(`DELETE FROM personal_tokens WHERE workspace_id = $1 AND user_id = $2 AND id = $3 RETURNING id`, [ws, userId, id])).length > 0;
  }
  async removeAllOf(ws: string, userId: string) {
    await this.s.lock(ws);
    return (await this.s.query(`DELETE FROM personal_tokens WHERE workspace_id = $1 AND user_id = $2 RETURNING id`, [ws, userId])).length;
  }
  async touch(ws: string, id: string, at: number) {
    await this.s.lock(ws);
    await this.s.exec(`UPDATE personal_tokens SET last_used_time = $3 WHERE workspace_id = $1 AND id = $2`, [ws, id, at]);
  }
  async ownerOf(hash: string) {
    const r = await this.s.one(`SELECT ${PAT_OWNER_COLUMNS} FROM ${PAT_OWNER_FROM} WHERE t.token_hash = $1 ORDER BY t.workspace_id, t.id LIMIT 1`, [hash]);
    return r ? ownerRowOf(r, parse) : null;
  }
  async policy(ws: string) {
    await this.s.lock(ws);
    const r = await this.s.one<{ policy: PatPolicy }>(`SELECT policy FROM personal_token_policies WHERE workspace_id = $1`, [ws]);
    return r?.policy ?? "members";
  }
  async setPolicy(ws: string, policy: PatPolicy) {
    await this.s.lock(ws);
    await this.s.exec(
      `INSERT INTO personal_token_policies (workspace_id, policy) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET policy = EXCLUDED.policy`,
      [ws, policy],
    );
  }
}
