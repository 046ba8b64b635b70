/**
 * The primary's WAL position as of a moment after the caller asked (postgres/replicas.ts): every
 * commit acknowledged before the call ends at or before it. Callers arriving while a question is
 * already on its way wait for the next one — the answer in flight may predate a commit they
 * saw acknowledged — so under a burst at most one question is in flight and one more queued,
 * whatever the number of reads.
 */
import type pg from "pg";
import { noteStatement } from "../meter.js";

/**
 * The flushed position covers every acknowledged commit while `synchronous_commit` is on (a
 * commit is answered after its record is flushed; PostgreSQL docs, "WAL Configuration" and
 * "Asynchronous Commit"); with it off a commit is answered before the flush, so the inserted
 * position is asked instead (a standby then receives it once the WAL writer flushes it).
 */
const FLUSHED = "SELECT pg_current_wal_flush_lsn()::text AS lsn";
const INSERTED = "SELECT pg_current_wal_insert_lsn()::text AS lsn";

/** Asks the primary for its WAL position, one question at a time. */
export class PrimaryPosition {
  private inFlight: Promise<string> | null = null;
  private queued: Promise<string> | null = null;
  private readonly sql: string;

  constructor(
    private readonly primary: pg.Pool,
    syncCommitOff: boolean,
  ) {
    this.sql = syncCommitOff ? INSERTED : FLUSHED;
  }

  /** A WAL position of the primary at or after every commit acknowledged before this call. */
  current(): Promise<string> {
    noteStatement();
    if (!this.inFlight) return this.ask();
    this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.ask();
      });
    return this.queued;
  }

  private ask(): Promise<string> {
    const p = this.primary.query<{ lsn: string }>(this.sql).then((r) => r.rows[0].lsn);
    this.inFlight = p;
    const done = () => {
      if (this.inFlight === p) this.inFlight = null;
    };
    p.then(done, done);
    return p;
  }
}
