/** Sign-in rate limiting's counters (src/domain/signin/throttle.ts): global, like accounts (a Citus reference table). */

/** Failed sign-in attempts counted per key (an email's hash, a client address) in fixed windows. */
export interface AttemptRow {
  key: string;
  window_start: number;
  failures: number;
}

/** Sign-in rate limiting: `Tx.signinAttempts`; counted in the store so every node sees the same counts. */
export interface SigninAttemptStore {
  /** The counters of `keys` that exist (in no set order). */
  get(keys: readonly string[]): Promise<AttemptRow[]>;
  /**
   * Counts one failure for `key` at `at`, in one statement: a counter whose window started at or
   * before `windowStart` (it has run out) starts a new window at `at` with one failure. Returns the counter after it.
   */
  fail(key: string, at: number, windowStart: number): Promise<AttemptRow>;
  /** Forgets `key`'s counter (a successful sign-in clears its email's). */
  clear(key: string): Promise<void>;
}
