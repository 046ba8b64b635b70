/**
 * Read replicas (docs/design/storage.md, "Read replicas"; docs/SCALING.md step 3): a read unit
 * may run on a streaming standby only once the standby has replayed every commit acknowledged
 * before the unit began, so "a write acknowledged by one node is read by every other at once"
 * holds with replicas too. Before such a read: the primary's WAL position is asked (one small
 * statement, shared by the reads that wait for the same answer: `PrimaryPosition`), and the
 * standby's `pg_last_wal_replay_lsn()` is compared with it, polled for at most `waitMs`. A standby
 * still behind after that, unreachable, or not a standby at all is passed over: the read goes to
 * the primary (never a stale answer), the problem is logged once, and the standby is tried again
 * after `retryMs`.
 */
import type pg from "pg";
import { noteStatement } from "../meter.js";
import { describeDatabaseUrl, openLazyPool } from "./pool.js";
import { PrimaryPosition } from "./primary-position.js";

/** How read replicas are used. */
export interface ReplicaOptions {
  /** `postgres://…` of each streaming standby of the primary; reads are spread over them in turn. */
  urls: string[];
  /** Longest wait for a standby to replay up to the primary's position before reading from the primary (ms; default 50). */
  waitMs?: number;
  /** How long a standby found down, behind or not a standby is left alone before it is tried again (ms; default 2000). */
  retryMs?: number;
  /** Connections in each replica's pool (default 10). */
  maxConnections?: number;
  /** Where a standby's change of state is reported (one line, the URL without its password). */
  log?: (line: string) => void;
}

/** The replay check: true when replayed past $1, null on a server that is not a standby. */
const CAUGHT_UP = "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok";

/** One standby: its pool, and whether it is being passed over. */
class Replica {
  /** Until when (epoch ms) reads pass this standby over. */
  skipUntil = 0;
  /** A problem has been logged and the standby has not answered well since. */
  reported = false;

  constructor(
    readonly url: string,
    readonly pool: pg.Pool,
  ) {}
}

/** The standbys a PostgreSQL store may read from. */
export class PgReplicas {
  private readonly replicas: Replica[];
  private readonly position: PrimaryPosition;
  private turn = 0;
  private readonly waitMs: number;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;

  /** Standbys of `primary` at `opts.urls`; pools connect on first use (a standby down at start does not stop the node). */
  constructor(primary: pg.Pool, syncCommitOff: boolean, opts: ReplicaOptions) {
    this.replicas = opts.urls.map((url) => new Replica(url, openLazyPool(url, opts.maxConnections ?? 10, 2_000)));
    this.position = new PrimaryPosition(primary, syncCommitOff);
    this.waitMs = opts.waitMs ?? 50;
    this.retryMs = opts.retryMs ?? 2_000;
    this.log = opts.log ?? (() => undefined);
  }

  /**
   * A client on a standby that has replayed every commit acknowledged before this call — the
   * caller begins its read unit on it and releases it — or null: read from the primary. Fails
   * only when the primary does not answer (the primary read would fail too).
   */
  async acquire(): Promise<pg.PoolClient | null> {
    const r = this.pick();
    if (!r) return null;
    const connecting = r.pool.connect();
    // Settled either way before returning, so a client is never left checked out.
    const connected = connecting.then(
      (c) => ({ c, e: undefined }),
      (e: Error) => ({ c: undefined, e }),
    );
    let target: string;
    try {
      target = await this.position.current();
    } catch (e) {
      const { c } = await connected;
      c?.release();
      throw e;
    }
    const { c, e } = await connected;
    if (!c) return this.passOver(r, `is unreachable (${reason(e)})`), null;
    try {
      const state = await this.waitFor(c, target);
      if (state === "ready") return this.answered(r), c;
      c.release();
      this.passOver(r, state === "behind" ? `is more than ${this.waitMs} ms behind the primary` : "is not a standby (pg_is_in_recovery() is false)");
      return null;
    } catch (err) {
      c.release(err as Error);
      this.passOver(r, `failed (${reason(err)})`);
      return null;
    }
  }

  /** Closes every standby's pool. */
  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  /** The next standby in turn that is not being passed over, or null. */
  private pick(): Replica | null {
    const now = Date.now();
    for (let i = 0; i < this.replicas.length; i++) {
      const r = this.replicas[this.turn++ % this.replicas.length];
      if (r.skipUntil <= now) return r;
    }
    return null;
  }

  /** Polls the standby's replay position until it reaches `target` or `waitMs` has passed. */
  private async waitFor(c: pg.PoolClient, target: string): Promise<"ready" | "behind" | "primary"> {
    const deadline = performance.now() + this.waitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 8)) {
      noteStatement();
      // A standby that stops answering (a partition) is given up on instead of holding the read.
      const { rows } = await c.query<{ ok: boolean | null }>({ name: "quire_replay_check", text: CAUGHT_UP, values: [target], query_timeout: this.waitMs + 1_000 } as pg.QueryConfig);
      if (rows[0].ok === null) return "primary";
      if (rows[0].ok) return "ready";
      if (performance.now() + pause > deadline) return "behind";
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private passOver(r: Replica, why: string): void {
    r.skipUntil = Date.now() + this.retryMs;
    if (r.reported) return;
    r.reported = true;
    this.log(`Read replica ${describeDatabaseUrl(r.url)} ${why}: reads go to the primary; trying it again every ${this.retryMs / 1000} s.`);
  }

  private answered(r: Replica): void {
    if (!r.reported) return;
    r.reported = false;
    this.log(`Read replica ${describeDatabaseUrl(r.url)} is caught up again: reads go to it.`);
  }
}

/** A driver error in a few words: its SQLSTATE or socket code and message (never a URL or password). */
function reason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return [err.code, err.message].filter(Boolean).join(" ").slice(0, 200) || "unknown error";
}
