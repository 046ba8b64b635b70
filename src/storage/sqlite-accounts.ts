/** SQLite side of people's accounts, sessions and sign-in counters (migration slot 14). */
import type Database from "better-sqlite3";
import type { AccountRow, AccountStore, Membership } from "./accounts.js";
import type { SessionRow, SessionStore } from "./sessions.js";
import type { AttemptRow, SigninAttemptStore } from "./signin-attempts.js";

const ACCOUNT = `user_id, email, password_hash, created_time, updated_time`;

/** `Tx.accounts` on SQLite; `lower()` folds ASCII letters only, as the PostgreSQL adapter's does. */
export class SqliteAccountStore implements AccountStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT ${ACCOUNT} FROM accounts WHERE user_id = ?`),
      byEmail: p(`SELECT ${ACCOUNT} FROM accounts WHERE lower(email) = lower(?)`),
      insert: p(`INSERT INTO accounts (${ACCOUNT}) VALUES (@user_id, @email, @password_hash, @created_time, @updated_time)`),
      update: p(`UPDATE accounts SET email = @email, password_hash = @password_hash, updated_time = @updated_time WHERE user_id = @user_id`),
      memberships: p(
        `SELECT u.workspace_id, w.name AS workspace_name, u.name, u.email, u.role, u.created_time FROM users u INDEXED BY users_person
         JOIN workspaces w ON w.id = u.workspace_id WHERE u.id = ? AND u.type = 'person' AND u.role IS NOT NULL ORDER BY u.created_time, u.seq`,
      ),
    };
  }

  async get(userId: string) {
    return (this.s.get.get(userId) as AccountRow | undefined) ?? null;
  }
  async findByEmail(email: string) {
    return (this.s.byEmail.get(email) as AccountRow | undefined) ?? null;
  }
  async insert(row: AccountRow) {
    this.s.insert.run(row);
  }
  async update(row: AccountRow) {
    this.s.update.run(row);
  }
  async memberships(userId: string) {
    return this.s.memberships.all(userId) as Membership[];
  }
}

const SESSION = `id_hash, user_id, created_time, last_seen_time, expires_time, revoked_time`;

/** `Tx.sessions` on SQLite. */
export class SqliteSessionStore implements SessionStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT ${SESSION} FROM sessions WHERE id_hash = ?`),
      insert: p(`INSERT INTO sessions (${SESSION}) VALUES (@id_hash, @user_id, @created_time, @last_seen_time, @expires_time, @revoked_time)`),
      touch: p(`UPDATE sessions SET last_seen_time = max(last_seen_time, ?) WHERE id_hash = ?`),
      revoke: p(`UPDATE sessions SET revoked_time = ? WHERE id_hash = ? AND revoked_time IS NULL`),
      revokeAll: p(`UPDATE sessions SET revoked_time = ? WHERE user_id = ? AND revoked_time IS NULL`),
      expired: p(`DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE expires_time < ? LIMIT ?)`),
    };
  }

  async get(idHash: string) {
    return (this.s.get.get(idHash) as SessionRow | undefined) ?? null;
  }
  async insert(row: SessionRow) {
    this.s.insert.run(row);
  }
  async touch(idHash: string, at: number) {
    this.s.touch.run(at, idHash);
  }
  async revoke(idHash: string, at: number) {
    return this.s.revoke.run(at, idHash).changes > 0;
  }
  async revokeAllOf(userId: string, at: number) {
    return this.s.revokeAll.run(at, userId).changes;
  }
  async deleteExpired(before: number, limit: number) {
    return this.s.expired.run(before, limit).changes;
  }
}

/** `Tx.signinAttempts` on SQLite. */
export class SqliteSigninAttemptStore implements SigninAttemptStore {
  private readonly s;
  private readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      fail: p(
        `INSERT INTO signin_attempts (key, window_start, failures) VALUES (@key, @at, 1)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN window_start <= @windowStart THEN 1 ELSE failures + 1 END,
           window_start = CASE WHEN window_start <= @windowStart THEN @at ELSE window_start END
         RETURNING key, window_start, failures`,
      ),
      clear: p(`DELETE FROM signin_attempts WHERE key = ?`),
    };
  }

  async get(keys: readonly string[]) {
    if (keys.length === 0) return [];
    const marks = keys.map(() => "?").join(", ");
    return this.db.prepare(`SELECT key, window_start, failures FROM signin_attempts WHERE key IN (${marks})`).all(...keys) as AttemptRow[];
  }
  async fail(key: string, at: number, windowStart: number) {
    return this.s.fail.get({ key, at, windowStart }) as AttemptRow;
  }
  async clear(key: string) {
    this.s.clear.run(key);
  }
}
