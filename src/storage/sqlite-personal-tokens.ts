/** SQLite side of personal access tokens: `personal_tokens` and `personal_token_policies` (migration 17). */
import type Database from "better-sqlite3";
import {
  PAT_OWNER_COLUMNS,
  PAT_OWNER_FROM,
  ownerRowOf,
  tokenRowOf,
  type PatPolicy,
  type PersonalTokenRow,
  type PersonalTokenStore,
} from "./personal-tokens.js";

type Row = Record<string, unknown>;
const parse = (v: unknown) => JSON.parse(v as string) as unknown;
const COLUMNS = `workspace_id, id, user_id, name, token_hash, capabilities, created_time, last_used_time, expires_time`;

/** Personal access tokens and each workspace's policy (src/storage/personal-tokens.ts). */
export class SqlitePersonalTokenStore implements PersonalTokenStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(
        `INSERT INTO personal_tokens (${COLUMNS}) VALUES (@workspace_id, @id, @user_id, @name, @token_hash, @capabilities, @created_time, @last_used_time, @expires_time)`,
      ),
      get: p(`SELECT ${COLUMNS} FROM personal_tokens WHERE workspace_id = ? AND id = ?`),
      listOf: p(`SELECT ${COLUMNS} FROM personal_tokens WHERE workspace_id = ? AND user_id = ? ORDER BY created_time, id`),
      listAll: p(`SELECT ${COLUMNS} FROM personal_tokens WHERE workspace_id = ? ORDER BY created_time, id`),
      remove: p(`DELETE FROM personal_tokens WHERE workspace_id = ? AND user_id = ? AND id = ?`),
      removeAllOf: p(`DELETE FROM personal_tokens WHERE workspace_id = ? AND user_id = ?`),
      touch: p(`UPDATE personal_tokens SET last_used_time = ? WHERE workspace_id = ? AND id = ?`),
      ownerOf: p(`SELECT ${PAT_OWNER_COLUMNS} FROM ${PAT_OWNER_FROM} WHERE t.token_hash = ? ORDER BY t.workspace_id, t.id LIMIT 1`),
      policy: p(`SELECT policy FROM personal_token_policies WHERE workspace_id = ?`).pluck(),
      setPolicy: p(
        `INSERT INTO personal_token_policies (workspace_id, policy) VALUES (?, ?) ON CONFLICT (workspace_id) DO UPDATE SET policy = excluded.policy`,
      ),
    };
  }

  async insert(row: PersonalTokenRow) {
    this.s.insert.run({ ...row, capabilities: JSON.stringify(row.capabilities) });
  }
  async get(ws: string, id: string) {
    const r = this.s.get.get(ws, id) as Row | undefined;
    return r ? tokenRowOf(r, parse) : null;
  }
  async listOf(ws: string, userId: string) {
    return (this.s.listOf.all(ws, userId) as Row[]).map((r) => tokenRowOf(r, parse));
  }
  async listAll(ws: string) {
    return (this.s.listAll.all(ws) as Row[]).map((r) => tokenRowOf(r, parse));
  }
  async remove(ws: string, userId: string, id: string) {
    return this.s.remove.run(ws, userId, id).changes > 0;
  }
  async removeAllOf(ws: string, userId: string) {
    return this.s.removeAllOf.run(ws, userId).changes;
  }
  async touch(ws: string, id: string, at: number) {
    this.s.touch.run(at, ws, id);
  }
  async ownerOf(hash: string) {
    const r = this.s.ownerOf.get(hash) as Row | undefined;
    return r ? ownerRowOf(r, parse) : null;
  }
  async policy(ws: string) {
    return ((this.s.policy.get(ws) as PatPolicy | undefined) ?? "members") as PatPolicy;
  }
  async setPolicy(ws: string, policy: PatPolicy) {
    this.s.setPolicy.run(ws, policy);
  }
}
