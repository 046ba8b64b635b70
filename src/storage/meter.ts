/**
 * Store statements counted per request (the `Server-Timing` header, src/http/server-timing.ts):
 * a request that asks for it runs inside `meterStatements`, and each adapter notes every
 * statement it sends (PostgreSQL: `PgSession`; SQLite: better-sqlite3's `verbose` hook, installed
 * only when the store is opened with `countStatements`). Tests compare counts instead of timing
 * requests: a count does not change with the machine's load.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Store, Tx } from "./types.js";

/** What one request's store work came to. */
export interface StatementMeter {
  /** Statements sent to the database (BEGIN and COMMIT included). */
  statements: number;
  /** Milliseconds spent inside store units (read/write), summed: overlapping units count twice. */
  ms: number;
  /** Read units a read replica answered (PostgreSQL with read replicas only). */
  replica: number;
  /** Read units that could have gone to a replica but were read from the primary (it lagged past the wait, or was down). */
  fallback: number;
}

const current = new AsyncLocalStorage<StatementMeter>();

/** A fresh meter. */
export function newMeter(): StatementMeter {
  return { statements: 0, ms: 0, replica: 0, fallback: 0 };
}

/** Runs `fn` so that every statement of the store work it starts is counted on `meter`. */
export function meterStatements<T>(meter: StatementMeter, fn: () => T): T {
  return current.run(meter, fn);
}

/** Runs `fn` outside any request's meter (an adapter's own background work is no request's statements). */
export function unmetered<T>(fn: () => T): T {
  return current.exit(fn);
}

/** Called by an adapter for each statement it sends: counts it on the running request's meter, if any. */
export function noteStatement(): void {
  const m = current.getStore();
  if (m) m.statements++;
}

/** Called by the PostgreSQL adapter for a read unit that could use a replica: whether one answered it. */
export function noteReplicaRead(served: boolean): void {
  const m = current.getStore();
  if (m) served ? m.replica++ : m.fallback++;
}

/** `store` with each unit's duration added to the running request's meter (both adapters). */
export function meteredStore(store: Store): Store {
  const timed = <T>(unit: (fn: (tx: Tx) => Promise<T>) => Promise<T>, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const m = current.getStore();
    if (!m) return unit(fn);
    const started = performance.now();
    const add = () => void (m.ms += performance.now() - started);
    const p = unit(fn);
    p.then(add, add);
    return p;
  };
  return {
    read: (fn) => timed((f) => store.read(f), fn),
    readOne: (fn) => timed((f) => store.readOne(f), fn),
    write: (fn) => timed((f) => store.write(f), fn),
    liveness: store.liveness,
    generation: () => store.generation?.(),
    close: () => store.close(),
  };
}
