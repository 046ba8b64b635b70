/** `UserPort` on PostgreSQL: people and bots, listed in creation order (`seq`). */
import type { UserPort } from "../users.js";
import type { Page, UserRow } from "../records.js";
import { pageOf } from "./json.js";
import type { PgSession } from "./session.js";

const COLUMNS = `workspace_id, id, type, name, avatar_url, email, integration_id, created_time, role`;
const U_COLUMNS = COLUMNS.replace(/(^|, )/g, "$1u.");

/**
 * A page of workspace `ws`'s users in creation order (`seq`) from user `from` (null: the first),
 * narrowed by `where` (SQL on alias `u`); null when `from` is not a user of `ws`. `listUsers`
 * and the member lists (members.ts) share it.
 */
export async function pageUsers(s: PgSession, ws: string, from: string | null, limit: number, where = "TRUE"): Promise<Page<UserRow> | null> {
  await s.lock(ws);
  let seq = 0;
  if (from !== null) {
    const r = await s.one<{ seq: number }>(`SELECT seq FROM users WHERE workspace_id = $1 AND id = $2`, [ws, from]);
    if (!r) return null;
    seq = r.seq;
  }
  const rows = await s.query<UserRow>(`SELECT ${U_COLUMNS} FROM users u WHERE u.workspace_id = $1 AND u.seq >= $2 AND ${where} ORDER BY u.seq LIMIT $3`, [ws, seq, limit + 1]);
  return pageOf(rows, limit);
}

/** People and bots of a workspace. */
export class PgUsers implements UserPort {
  constructor(private readonly s: PgSession) {}

  async getUser(ws: string, id: string) {
    await this.s.lock(ws);
    return this.s.one<UserRow>(`SELECT ${COLUMNS} FROM users WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  }
  async getUsers(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    await this.s.lock(ws);
    return this.s.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE workspace_id = $1 AND id = ANY($2::text[])`, [ws, [...new Set(ids)]]);
  }
  listUsers(ws: string, from: string | null, limit: number): Promise<Page<UserRow> | null> {
    return pageUsers(this.s, ws, from, limit);
  }
  /** `lower()` under the C collation folds ASCII letters only, as SQLite's does. */
  async findPersonByEmail(ws: string, email: string) {
    await this.s.lock(ws);
    return this.s.one<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE workspace_id = $1 AND type = 'person' AND lower(email) = lower($2::text COLLATE "C") ORDER BY seq LIMIT 1`,
      [ws, email],
    );
  }
  async insertUser(row: UserRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO users (workspace_id, id, type, name, avatar_url, email, integration_id, created_time, role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.workspace_id, row.id, row.type, row.name, row.avatar_url, row.email, row.integration_id, row.created_time, row.role ?? null],
    );
  }
  async updateUser(row: UserRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`UPDATE users SET name = $3, avatar_url = $4, email = $5 WHERE workspace_id = $1 AND id = $2`, [
      row.workspace_id,
      row.id,
      row.name,
      row.avatar_url,
      row.email,
    ]);
  }
}
