/**
 * Recorded attempts as they happen, for `quire webhook tail` (the control API's SSE stream):
 * attempt.ts publishes each attempt this process records; listeners of the same store hear it at
 * once. Other nodes' attempts reach a stream through its poll of the store (routes/admin-webhook-stream.ts).
 */
import type { Store } from "../../storage/types.js";
import type { WebhookAttemptRow, WebhookEventRow } from "../../storage/webhooks.js";

/** One recorded attempt and its event as the attempt left it. */
export interface AttemptRecord {
  attempt: WebhookAttemptRow;
  event: WebhookEventRow;
}

type Listener = (record: AttemptRecord) => void;

const listeners = new WeakMap<Store, Set<Listener>>();

/** Tells this process's listeners of `store` about a recorded attempt. */
export function publishAttempt(store: Store, record: AttemptRecord): void {
  for (const fn of listeners.get(store) ?? []) {
    try {
      fn(record);
    } catch {
      // A listener's failure (a closed stream) is its own.
    }
  }
}

/** Listens to the attempts this process records in `store`; the function returned stops. */
export function onAttempt(store: Store, fn: Listener): () => void {
  let set = listeners.get(store);
  if (!set) listeners.set(store, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}
