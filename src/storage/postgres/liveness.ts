/**
 * `Store.liveness` on PostgreSQL: a node is alive while it holds its session advisory lock,
 * `pg_advisory_lock(1364543827, hashtext(node id))`, on a connection of its own kept for its
 * lifetime. A killed process's connection closes and PostgreSQL frees the lock at once (across
 * machines, when TCP keepalive notices), so `gone` is one statement that tries each lock and
 * lets go of it at once — no heartbeat, no expiry to tune. The blob store (blobs.ts) judges its
 * writers by the same lock. A 32-bit hash collision with a live node only makes a gone node look
 * alive (its work waits until that node goes too); it never makes a live node look gone.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { NodeLiveness } from "../liveness.js";

/** First key of every node lock ("QUIS"), apart from workspace (one bigint key) and migration locks. */
export const NODE_LOCK_KEY = 1364543827;

/**
 * Of the given ids, those whose lock no session holds: each is tried and, when free, released
 * again in the same statement (CASE orders the two). A probe holds a gone node's lock for a
 * moment only; a second asker probing the same id at that moment sees it alive and asks again
 * later — never the reverse. Reading `pg_locks` instead cost 6.5× a `SELECT 1` (bench/liveness.ts).
 */
const GONE = `
  SELECT n FROM unnest($1::text[]) AS n
  WHERE CASE WHEN pg_try_advisory_lock(${NODE_LOCK_KEY}, hashtext(n)) THEN pg_advisory_unlock(${NODE_LOCK_KEY}, hashtext(n)) ELSE false END`;

/** The connection holding a node's lock: a pool's client (released destroyed) or a client of its own (ended). */
export type Holder = pg.PoolClient | pg.Client;

/** How long a node waits before taking its lock again after losing its connection. */
const RETAKE_MS = 1000;

/** This process's node on a PostgreSQL database; `close` releases it. */
export class PgLiveness implements NodeLiveness {
  /** Takes a new node's lock on a connection of its own (`connect`), asking `pool` about others. */
  static async open(connect: () => Promise<Holder>, pool: pg.Pool): Promise<PgLiveness> {
    const live = new PgLiveness(randomUUID(), connect, pool);
    await live.hold();
    return live;
  }

  private holder: Holder | null = null;
  private closed = false;
  private retake: NodeJS.Timeout | null = null;

  private constructor(
    readonly node: string,
    private readonly connect: () => Promise<Holder>,
    private readonly pool: pg.Pool,
  ) {}

  async gone(nodes: readonly string[]): Promise<Set<string>> {
    const others = [...new Set(nodes)].filter((n) => n !== this.node);
    if (others.length === 0) return new Set();
    const { rows } = await this.pool.query(GONE, [others]);
    return new Set((rows as { n: string }[]).map((r) => r.n));
  }

  /** Releases the lock: what this node owned is then another's to fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retake) clearTimeout(this.retake);
    await this.drop();
  }

  /**
   * Takes the lock on a new connection. If that connection is lost while the process runs (the
   * database restarted), other nodes see this one as gone and may fail its work — every write
   * that ends such work checks it is still pending — and the lock is taken again a second later.
   */
  private async hold(): Promise<void> {
    const c = await this.connect();
    let held = false;
    const lost = () => {
      if (!held || this.holder !== c) return;
      this.holder = null;
      void end(c, new Error("lost")).catch(() => undefined);
      if (!this.closed) this.scheduleRetake();
    };
    c.on("error", lost);
    c.on("end", lost);
    try {
      await c.query(`SELECT pg_advisory_lock(${NODE_LOCK_KEY}, hashtext($1))`, [this.node]);
    } catch (e) {
      await end(c, e as Error);
      throw e;
    }
    held = true;
    this.holder = c;
  }

  private scheduleRetake(): void {
    this.retake = setTimeout(() => {
      this.retake = null;
      if (!this.closed) this.hold().catch(() => this.scheduleRetake());
    }, RETAKE_MS);
    this.retake.unref();
  }

  private async drop(): Promise<void> {
    const c = this.holder;
    this.holder = null;
    if (c) await end(c, true);
  }
}

/** Ends a holding connection: a pool client is destroyed (never reused with the lock), a plain client closed. */
async function end(c: Holder, why: boolean | Error): Promise<void> {
  if ("release" in c) c.release(why);
  else await c.end().catch(() => undefined);
}
