/**
 * The emulator toolkit's state every node on one database shares (`Store.shared`;
 * docs/design/clock-rate-limits-faults.md, "Across nodes", and docs/design/request-log.md): the
 * rate-limit windows, the faults with their remaining counts, and the request log. Not part of
 * any unit: each call is one statement of its own (PostgreSQL: on a small pool of its own, so a
 * request holding its GET unit's connection never waits on the main pool for it). SQLite has one
 * process per database file, so its adapter keeps the counters and faults in that process's
 * memory (storage/sqlite-toolkit-shared.ts) and the request log stays the domain's ring.
 */

/** A rate-limit counter after one request was counted on it. */
export interface RateCount {
  key: string;
  /** When its window opened (ms, real time). */
  windowStart: number;
  /** Requests counted in that window, this one included. */
  count: number;
}

/** Fixed windows opened by a key's first request, counted per workspace and key. */
export interface RateWindowStore {
  /**
   * Counts one request at `now` on each of `keys` (distinct) of `workspaceId`, in one statement: a
   * counter whose window opened `windowMs` or more before `now` opens a new one at `now`. Answers
   * every key's counter after it, in the order of `keys`.
   */
  count(workspaceId: string, keys: readonly string[], now: number, windowMs: number): Promise<RateCount[]>;
  /** Forgets every counter (the setting changed). */
  clear(): Promise<void>;
  /** Removes counters whose window opened before `before`; how many went. */
  sweep(before: number): Promise<number>;
}

/** A fault as stored: its rule is the domain's JSON, opaque here. */
export interface FaultRow {
  id: string;
  /** The rule (match, error, latency, probability) as JSON text. */
  rule: string;
  /** Matches left; null = unlimited. A spent fault (0) is never listed. */
  remaining: number | null;
  hits: number;
  created_time: number;
}

/** Faults shared by every node: each match spent atomically, so a count holds across nodes. */
export interface FaultStore {
  add(row: FaultRow): Promise<void>;
  /** The faults not spent, oldest first. */
  list(): Promise<FaultRow[]>;
  get(id: string): Promise<FaultRow | null>;
  /** False when there was none (or it was spent). */
  remove(id: string): Promise<boolean>;
  /** Removes every fault; how many were live. */
  clear(): Promise<number>;
  /**
   * Spends one match of `id` in one statement (hits + 1, remaining − 1 when counted): the fault
   * after it, or null when it is gone or already spent — another node took its last match.
   */
  spend(id: string): Promise<{ remaining: number | null; hits: number } | null>;
}

/** One request-log entry as stored: filtered and shown by the domain, opaque here but for its id. */
export interface LoggedRequest {
  /** Position in the log, increasing with each append (a list cursor). */
  seq: number;
  /** The request id. */
  id: string;
  /** The entry as JSON text. */
  entry: string;
}

/** The request log shared by every node: appended in batches after the answers, trimmed to a size. */
export interface RequestLogStore {
  /** Appends entries (oldest first; each `entry` JSON text) in one statement and trims the log to its newest `keep`. */
  append(entries: readonly { id: string; entry: string }[], keep: number): Promise<void>;
  /** At most `limit` entries, newest first, with a seq below `before` (none: from the newest). */
  before(before: number | null, limit: number): Promise<LoggedRequest[]>;
  /** At most `limit` entries with a seq above `after`, oldest first (what a stream polls). */
  after(after: number, limit: number): Promise<LoggedRequest[]>;
  /** The newest seq, 0 when empty (where a new stream starts). */
  last(): Promise<number>;
  get(id: string): Promise<LoggedRequest | null>;
  clear(): Promise<void>;
}

/** The toolkit's shared state on one store. */
export interface ToolkitShared {
  /** False on a store one process owns (SQLite): its state is this process's, no statements. */
  readonly shared: boolean;
  readonly rateWindows: RateWindowStore;
  readonly faults: FaultStore;
  /** Null on a store one process owns: the request log stays the domain's ring in memory. */
  readonly requests: RequestLogStore | null;
}
