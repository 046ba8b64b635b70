/**
 * The PostgreSQL adapter (`pg` 8): a pool of connections, one transaction per unit of work
 * (docs/design/storage.md, "PostgreSQL"):
 * - `write(fn)`: READ COMMITTED on one pooled client; each workspace the unit names is locked
 *   with `pg_advisory_xact_lock` before the unit's first statement about it (postgres/session.ts),
 *   so writes of one workspace are serialized across every process on the database and each
 *   statement after the lock sees everything committed before it.
 * - `read(fn)`: REPEATABLE READ READ ONLY: one snapshot for the whole unit, no locks.
 * - `readOne(fn)`: one statement outside any transaction (its own snapshot): one round trip.
 * - `fn` is never retried; a unit that cannot commit fails.
 * - With read replicas (`replicas`), a read unit of a read-only request that has not written
 *   (storage/replica-scope.ts) runs on a standby that has replayed every commit acknowledged
 *   before it began, else on the primary (postgres/replicas.ts).
 */
import type pg from "pg";
import type { Store } from "../types.js";
import type { ToolkitShared } from "../toolkit-shared.js";
import { migrate } from "./migrate.js";
import { openClient, openLazyPool, openPool, POOL_IDLE_MS } from "./pool.js";
import { PgLiveness } from "./liveness.js";
import { PgSnapshots } from "./snapshots.js";
import { pgToolkitShared } from "./toolkit-shared.js";
import { noteStatement } from "../meter.js";
import { PgSession } from "./session.js";
import { PgTx } from "./tx.js";
import { PgRowsState } from "./rows.js";
import { rebuildRowKeysIfNeeded } from "./row-keys.js";
import { DEFAULT_PLANNER, type PlannerOptions } from "../planner/options.js";
import { noteReplicaRead, unmetered } from "../meter.js";
import { noteWrite, outsideRequest, replicaAllowed } from "../replica-scope.js";
import { PgReplicas, type ReplicaOptions } from "./replicas.js";

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database` */
  url: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** Milliseconds a pooled connection may stay idle before it is closed (default POOL_IDLE_MS, 5 min; 0: never). */
  idleTimeoutMs?: number;
  /** Query planner thresholds (src/storage/planner/); tests lower them to drive every plan over small data. */
  planner?: Partial<PlannerOptions>;
  /** How long a planner row count is used before it is taken again in the background (default 10 s; tests shorten it). */
  rowCountAgeMs?: number;
  /** Streaming standbys of this database that read-only requests may read from (docs/SCALING.md step 3). */
  replicas?: ReplicaOptions;
}

/** Opens a PostgreSQL store: connects, migrates (under an advisory lock), and hands out units of work. */
export async function openPostgresStore(opts: PostgresOptions): Promise<Store> {
  const pool = await openPool(opts.url, opts.maxConnections ?? 10, opts.idleTimeoutMs ?? POOL_IDLE_MS);
  let replicas: PgReplicas | null = null;
  // The toolkit's statements (postgres/toolkit-shared.ts) on connections of their own.
  let side: pg.Pool | null = null;
  try {
    await migrate(pool);
    await rebuildRowKeysIfNeeded(pool, (c) => new PgSession(c, false));
    replicas = opts.replicas?.urls.length ? new PgReplicas(pool, await syncCommitOff(pool), opts.replicas) : null;
    // This process's node: its lock held on a connection of its own, outside the pool.
    const liveness = await PgLiveness.open(() => openClient(opts.url), pool);
    // Connects on first use (most servers never turn the toolkit on); the main pool checked the URL.
    side = openLazyPool(opts.url, TOOLKIT_CONNECTIONS, 10_000);
    return new PgStore(pool, new PgRowsState({ ...DEFAULT_PLANNER, ...opts.planner }, opts.rowCountAgeMs), liveness, replicas, side);
  } catch (e) {
    await side?.end().catch(() => undefined);
    await replicas?.close();
    await pool.end().catch(() => undefined);
    throw e;
  }
}

/** Connections of the toolkit's pool: one statement each, never held across a request. */
const TOOLKIT_CONNECTIONS = 3;

class PgStore implements Store {
  /** The toolkit's state every node shares (postgres/toolkit-shared.ts). */
  readonly shared: ToolkitShared | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;
  /** Snapshots, kept in the database (postgres/snapshots.ts); run in this store's own units. */
  readonly snapshots = new PgSnapshots(
    (begin, fn) => this.unit(begin, true, (_tx, s) => fn(s)),
    () => this.rowsState.forget(),
  );

  constructor(
    private readonly pool: pg.Pool,
    /** What the rows port keeps across units (caches, planner thresholds). */
    private readonly rowsState: PgRowsState,
    /** This node, alive while the store is open (postgres/liveness.ts). */
    readonly liveness: PgLiveness,
    /** Standbys read-only requests read from, or null. */
    private readonly replicas: PgReplicas | null = null,
    /** The toolkit's own connections (rate windows, faults, request log). */
    private readonly side: pg.Pool | null = null,
  ) {
    this.shared = side ? pgToolkitShared(side) : undefined;
    // Row counts aged by time are taken again on a readOne unit of their own, outside the request
    // that noticed (not metered as its statements; on the primary), and awaited by close().
    rowsState.background = (fn) => unmetered(() => outsideRequest(() => this.unit(null, false, (_tx, s) => fn(s))));
  }

  read<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    return this.unit("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", false, fn);
  }

  /** One statement, sent alone: it is its own snapshot, so no BEGIN/COMMIT round trips. */
  readOne<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    return this.unit(null, false, fn);
  }

  write<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    return this.unit("BEGIN ISOLATION LEVEL READ COMMITTED", true, fn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    await this.liveness.close();
    await this.replicas?.close();
    await this.side?.end();
    await this.pool.end();
  }

  /** A client for a unit: a caught-up standby's for a read that may use one, else the primary's. */
  private async connect(writing: boolean): Promise<pg.PoolClient> {
    if (writing) noteWrite();
    else if (this.replicas && replicaAllowed()) {
      const c = await this.replicas.acquire();
      noteReplicaRead(c !== null);
      if (c) return c;
    }
    return this.pool.connect();
  }

  private unit<T>(begin: string | null, writing: boolean, fn: (tx: PgTx, s: PgSession) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("storage: the store is closed"));
    const p = this.run(begin, writing, fn);
    this.track(p);
    return p;
  }

  /** Work close() waits for: units, and read units' COMMITs sent after their answer. */
  private track(p: Promise<unknown>): void {
    this.running.add(p);
    const done = () => this.running.delete(p);
    p.then(done, done);
  }

  private async run<T>(begin: string | null, writing: boolean, fn: (tx: PgTx, s: PgSession) => Promise<T>): Promise<T> {
    const client = await this.connect(writing);
    let released = false;
    // A connection that failed mid-unit (BEGIN, COMMIT or ROLLBACK did not go through) is dropped, not reused.
    let broken: Error | undefined;
    const note = (e: Error) => {
      if (!hasSqlState(e)) broken = e;
      throw e;
    };
    try {
      if (begin !== null) {
        noteStatement();
        await client.query(begin).catch(note);
      }
      const session = new PgSession(client, writing, begin === null);
      let result: T;
      const tx = new PgTx(session, this.rowsState);
      try {
        result = await fn(tx, session);
      } catch (e) {
        await session.end("ROLLBACK").catch((err: Error) => void (broken = err));
        throw e;
      }
      if (!writing && begin !== null) {
        // A read unit's answer is whole once its last statement has answered (REPEATABLE READ
        // READ ONLY: one snapshot, nothing to make durable), so its COMMIT is not waited for: it
        // goes out now, and the connection returns to the pool when it has gone through (dropped
        // if it failed). The store's close() waits for it (issue 11: one round trip less per read).
        released = true;
        this.track(
          session.end("COMMIT").then(
            () => {
              client.release();
              for (const f of tx.committed) f();
            },
            (err: Error) => client.release(hasSqlState(err) ? undefined : err),
          ),
        );
        return result;
      }
      await session.end("COMMIT").catch(note);
      client.release(broken);
      released = true;
      for (const f of tx.committed) f();
      return result;
    } finally {
      if (!released) client.release(broken);
    }
  }
}

/** Whether Quire's sessions commit without waiting for the flush (the primary position asked differs: postgres/primary-position.ts). */
async function syncCommitOff(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ v: string }>("SELECT current_setting('synchronous_commit') AS v");
  return rows[0].v === "off";
}

/** True for an error PostgreSQL answered (it has a SQLSTATE); false for a broken socket. */
function hasSqlState(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
}
