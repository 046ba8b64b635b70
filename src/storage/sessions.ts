/**
 * Sign-in sessions (src/domain/signin/sessions.ts): server-side, so that any node accepts a
 * session another node started, and revocable. A session is found by the SHA-256 of its id; the
 * id itself is only ever in the person's cookie. Global, like accounts (a Citus reference table).
 */

/** A stored session. Times are epoch milliseconds; `revoked_time` set once it was ended. */
export interface SessionRow {
  id_hash: string;
  user_id: string;
  created_time: number;
  last_seen_time: number;
  /** The absolute end: past it the session is over whatever its use. */
  expires_time: number;
  revoked_time: number | null;
}

/** Sessions: `Tx.sessions`. */
export interface SessionStore {
  /** The session whose id hashes to `idHash`, revoked or expired ones included; null when none. */
  get(idHash: string): Promise<SessionRow | null>;
  insert(row: SessionRow): Promise<void>;
  /** Records a use at `at` (idle expiry counts from the last use). */
  touch(idHash: string, at: number): Promise<void>;
  /** Ends one session at `at`; false when it was unknown or already ended. */
  revoke(idHash: string, at: number): Promise<boolean>;
  /** Ends every live session of person `userId` (a new password, a person removed); how many it ended. */
  revokeAllOf(userId: string, at: number): Promise<number>;
  /** Removes sessions whose absolute end is before `before` (at most `limit`); how many it removed. */
  deleteExpired(before: number, limit: number): Promise<number>;
}
