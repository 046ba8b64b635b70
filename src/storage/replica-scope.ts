/**
 * Which store units may read from a read replica (docs/design/storage.md, "Read replicas"): only
 * those of a request the HTTP layer marks read-only (GET, HEAD, the read-only POSTs), and only
 * until that request's first write — a write unit and everything after it in the request go to
 * the primary. Work outside any request (sweeps, background tasks, start-up) has no scope and
 * stays on the primary. An adapter without replicas ignores all of this.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One request's standing with the replicas. */
interface ReplicaScope {
  /** Set by the request's first write unit: its reads from then on go to the primary. */
  wrote: boolean;
}

const current = new AsyncLocalStorage<ReplicaScope>();

/** Runs `fn` (the rest of a read-only request) so that its read units may go to a replica. */
export function readsMayUseReplica<T>(fn: () => T): T {
  return current.run({ wrote: false }, fn);
}

/** Runs `fn` outside any request's scope: its units read the primary and write nothing for a request. */
export function outsideRequest<T>(fn: () => T): T {
  return current.exit(fn);
}

/** True when the running unit may read from a replica: inside a read-only request that has not written. */
export function replicaAllowed(): boolean {
  const s = current.getStore();
  return s !== undefined && !s.wrote;
}

/** Called by an adapter as a write unit starts: the request's later reads go to the primary. */
export function noteWrite(): void {
  const s = current.getStore();
  if (s) s.wrote = true;
}
