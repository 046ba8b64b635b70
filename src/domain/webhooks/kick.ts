/**
 * A small registry between the code that enqueues webhook events and the worker that sends them
 * (src/domain/webhooks/deliver.ts), so the emitting side does not import the worker: emitting
 * calls `kickDelivery(deps)` after its unit commits (`tx.afterCommit`); the worker subscribes
 * with `onEnqueued` when it starts. Without a subscriber a kick does nothing (the worker's timer
 * finds the events later).
 */
import type { Deps } from "../context.js";

type Listener = (deps: Deps) => void;
const listeners = new Set<Listener>();

/** Calls `fn` at every kick; answers the function that stops it. */
export function onEnqueued(fn: Listener): () => void {
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

/** Events were enqueued (and committed): the worker should look now. */
export function kickDelivery(deps: Deps): void {
  for (const fn of listeners) fn(deps);
}
