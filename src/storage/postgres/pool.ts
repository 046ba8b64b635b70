/** The `pg` connection pool Quire opens, and what a database URL may show of itself. */
import pg from "pg";

/** bigint columns (times, sequence numbers) read back as numbers: every value Quire stores fits in 2^53. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8 && format !== "binary") return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/** A failure to reach or open the database, in one sentence (the CLI prints it and exits 1). */
export class DatabaseUnavailable extends Error {}

/** The URL without its password, for banners and errors. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString().replace(/:@/, "@");
  } catch {
    return "(an invalid database URL)";
  }
}

/**
 * How long a pooled connection may sit idle before it is closed (pg-pool's default is 10 s). A
 * new connection is a new PostgreSQL backend whose first statements load its catalog caches and
 * plan every statement again: measured on the 100,000-row queries, the first query unit after
 * 10 s idle took 170–240 ms against a p50 of 15–25 ms (docs/PERFORMANCE.md, "PostgreSQL's p99
 * (issue 11, branch h11-pgp99)"). Five minutes keeps the pool warm between bursts of requests.
 */
export const POOL_IDLE_MS = 300_000;

/** Opens a pool on `url` and checks that it answers; the reason in one sentence when it does not. */
export async function openPool(url: string, max: number, idleTimeoutMillis = POOL_IDLE_MS): Promise<pg.Pool> {
  try {
    new URL(url);
  } catch {
    throw new DatabaseUnavailable(`The database URL is not a URL: expected postgres://user:password@host:5432/database.`);
  }
  const pool = new pg.Pool({ connectionString: url, max, types, application_name: "quire", connectionTimeoutMillis: 10_000, idleTimeoutMillis });
  // An idle client's error (the server restarted) must not end the process; the next query reconnects.
  pool.on("error", () => undefined);
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailable(`Cannot connect to PostgreSQL at ${describeDatabaseUrl(url)}: ${(e as Error).message || (e as NodeJS.ErrnoException).code}.`);
  }
  return pool;
}

/**
 * A pool on `url` that connects on first use, failing a connection after `timeoutMs` (a read
 * replica's: one down at start, or later, must not stop or stall the node; postgres/replicas.ts).
 * The URL must parse: a malformed one is refused at start in one sentence.
 */
export function openLazyPool(url: string, max: number, timeoutMs: number): pg.Pool {
  try {
    new URL(url);
  } catch {
    throw new DatabaseUnavailable(`A read replica's URL is not a URL: expected postgres://user:password@host:5432/database.`);
  }
  const pool = new pg.Pool({ connectionString: url, max, types, application_name: "quire", connectionTimeoutMillis: timeoutMs, keepAlive: true });
  pool.on("error", () => undefined);
  return pool;
}

/** A connection of its own on `url`, outside any pool (a node's liveness lock: postgres/liveness.ts), with TCP keepalive so a lost peer is noticed. */
export async function openClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, types, application_name: "quire", keepAlive: true, connectionTimeoutMillis: 10_000 });
  // Errors reach the holder's own listeners; this one keeps an unheard error from ending the process.
  c.on("error", () => undefined);
  await c.connect();
  return c;
}
