/**
 * People's accounts, sessions and sign-in counters on PostgreSQL: global tables (Citus reference
 * tables). Account writes take one lock of their own (`GLOBAL_LOCK.accounts`), so the email check
 * and the insert that follows it hold across nodes; sessions and counters are keyed by random or
 * hashed keys and written in single statements, so they need none.
 */
import type { AccountRow, AccountStore, Membership } from "../accounts.js";
import type { SessionRow, SessionStore } from "../sessions.js";
import type { AttemptRow, SigninAttemptStore } from "../signin-attempts.js";
import { GLOBAL_LOCK, type PgSession } from "./session.js";

const ACCOUNT = `user_id, email, password_hash, created_time, updated_time`;

/** `Tx.accounts`; `lower()` under the C collation folds ASCII letters only, as SQLite's does. */
export class PgAccounts implements AccountStore {
  constructor(private readonly s: PgSession) {}

  async get(userId: string) {
    await this.s.lock(GLOBAL_LOCK.accounts);
    return this.s.one<AccountRow>(`SELECT ${ACCOUNT} FROM accounts WHERE user_id = $1`, [userId]);
  }
  async findByEmail(email: string) {
    await this.s.lock(GLOBAL_LOCK.accounts);
    return this.s.one<AccountRow>(`SELECT ${ACCOUNT} FROM accounts WHERE lower(email) = lower($1::text COLLATE "C")`, [email]);
  }
  async insert(row: AccountRow) {
    await this.s.lock(GLOBAL_LOCK.accounts);
    await this.s.exec(`INSERT INTO accounts (${ACCOUNT}) VALUES ($1, $2, $3, $4, $5)`, [row.user_id, row.email, row.password_hash, row.created_time, row.updated_time]);
  }
  async update(row: AccountRow) {
    await this.s.lock(GLOBAL_LOCK.accounts);
    await this.s.exec(`UPDATE accounts SET email = $2, password_hash = $3, updated_time = $4 WHERE user_id = $1`, [row.user_id, row.email, row.password_hash, row.updated_time]);
  }
  async memberships(userId: string) {
    return this.s.query<Membership>(
      `SELECT u.workspace_id, w.name AS workspace_name, u.name, u.email, u.role, u.created_time FROM users u JOIN workspaces w ON w.id = u.workspace_id
       WHERE u.id = $1 AND u.type = 'person' AND u.role IS NOT NULL ORDER BY u.created_time, u.seq`,
      [userId],
    );
  }
}

const SESSION = `id_hash, user_id, created_time, last_seen_time, expires_time, revoked_time`;

/** `Tx.sessions`. */
export class PgSessions implements SessionStore {
  constructor(private readonly s: PgSession) {}

  async get(idHash: string) {
    return this.s.one<SessionRow>(`SELECT ${SESSION} FROM sessions WHERE id_hash = $1`, [idHash]);
  }
  async insert(row: SessionRow) {
    await this.s.exec(`INSERT INTO sessions (${SESSION}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.id_hash,
      row.user_id,
      row.created_time,
      row.last_seen_time,
      row.expires_time,
      row.revoked_time,
    ]);
  }
  async touch(idHash: string, at: number) {
    await this.s.exec(`UPDATE sessions SET last_seen_time = greatest(last_seen_time, $2) WHERE id_hash = $1`, [idHash, at]);
  }
  async revoke(idHash: string, at: number) {
    return (await this.s.exec(`UPDATE sessions SET revoked_time = $2 WHERE id_hash = $1 AND revoked_time IS NULL`, [idHash, at])) > 0;
  }
  async revokeAllOf(userId: string, at: number) {
    return this.s.exec(`UPDATE sessions SET revoked_time = $2 WHERE user_id = $1 AND revoked_time IS NULL`, [userId, at]);
  }
  async deleteExpired(before: number, limit: number) {
    return this.s.exec(`DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_time < $1 LIMIT $2)`, [before, limit]);
  }
}

/** `Tx.signinAttempts`: one upsert per failure, so two nodes counting at once both count. */
export class PgSigninAttempts implements SigninAttemptStore {
  constructor(private readonly s: PgSession) {}

  async get(keys: readonly string[]) {
    if (keys.length === 0) return [];
    return this.s.query<AttemptRow>(`SELECT key, window_start, failures FROM signin_attempts WHERE key = ANY($1::text[])`, [[...keys]]);
  }
  async fail(key: string, at: number, windowStart: number) {
    const row = await this.s.one<AttemptRow>(
      `INSERT INTO signin_attempts (key, window_start, failures) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN signin_attempts.window_start <= $3 THEN 1 ELSE signin_attempts.failures + 1 END,
         window_start = CASE WHEN signin_attempts.window_start <= $3 THEN $2 ELSE signin_attempts.window_start END
       RETURNING key, window_start, failures`,
      [key, at, windowStart],
    );
    return row!;
  }
  async clear(key: string) {
    await this.s.exec(`DELETE FROM signin_attempts WHERE key = $1`, [key]);
  }
}
