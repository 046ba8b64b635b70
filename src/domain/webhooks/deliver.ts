/**
 * The delivery worker (docs/design/webhooks.md, "Delivery"): one per server, started after the
 * store opens and stopped before it closes. A drain claims due events (`claimDue`, in a write
 * unit: a lease no other node takes while it holds), sends each outside any unit with at most
 * `concurrency` in flight — one event per subscription and entity at a time, since `claimDue`
 * hands out only the earliest pending one of each, which keeps their order — and records each
 * outcome in a unit of its own (attempt.ts). What wakes a drain: a commit that enqueued events
 * (kick.ts, through `tx.afterCommit`), a timer at the next due time (`nextDueTime`, every node's
 * events), and a periodic sweep for what no timer here knew of (another node's enqueue or retry,
 * a lease run out after a node died).
 */
import type { Deps } from "../context.js";
import type { WebhookEventRow } from "../../storage/webhooks.js";
import { deliveryPolicy, type DeliveryPolicy } from "./delivery-policy.js";
import { attemptDelivery } from "./attempt.js";
import { onEnqueued } from "./kick.js";

export { kickDelivery } from "./kick.js";

/** A running worker. */
export interface WebhookWorker {
  /** Stops claiming, cancels sends in flight (their leases run out) and waits for the drain to end. */
  stop(): Promise<void>;
}

/** Starts the worker for `deps.store` and runs a first drain (what a previous run left due). */
export function startWebhookWorker(deps: Deps): WebhookWorker {
  const worker = new Worker(deps);
  worker.wake();
  return worker;
}

class Worker implements WebhookWorker {
  private readonly policy: DeliveryPolicy;
  private readonly node: string;
  private readonly abort = new AbortController();
  private readonly unsubscribe: () => void;
  private readonly sweep: NodeJS.Timeout;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private nudge: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: Deps) {
    this.policy = deliveryPolicy(deps);
    this.node = deps.store.liveness.node;
    // One process may run several servers (tests): a kick is ours when it names our store's node.
    this.unsubscribe = onEnqueued((kicked) => {
      if (kicked.store.liveness.node === this.node) this.wake();
    });
    this.sweep = setInterval(() => this.wake(), this.policy.sweepMs);
    this.sweep.unref();
  }

  /** Starts a drain, or tells the running one to look again. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      this.nudge?.();
      return;
    }
    this.again = false;
    this.draining = this.drain()
      .catch(() => undefined) // the store closing or unreachable: the sweep tries again
      .finally(() => {
        this.draining = null;
        if (this.again) this.wake();
        else void this.arm();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    clearInterval(this.sweep);
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    this.nudge?.();
    await this.draining;
  }

  /** Claims and sends until nothing is due and nothing is in flight. */
  private async drain(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (this.stopped) break;
      const room = this.policy.concurrency - inFlight.size;
      const claimed = room > 0 ? await this.claim(room) : [];
      for (const event of claimed) {
        const sending: Promise<void> = attemptDelivery(this.deps, this.node, event, this.abort.signal)
          .catch(() => undefined) // not recorded (the store closing): the lease runs out, it is sent again
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      if (claimed.length > 0 && inFlight.size < this.policy.concurrency) continue;
      if (inFlight.size === 0 || this.again) {
        if (!this.again) break;
        this.again = false;
        continue;
      }
      // A send finishing frees a place and may unblock its entity's next event; a kick may bring new ones.
      await Promise.race([...inFlight, new Promise<void>((resolve) => (this.nudge = resolve))]);
      this.nudge = null;
    }
    await Promise.all(inFlight);
  }

  private claim(limit: number): Promise<WebhookEventRow[]> {
    const now = this.deps.clock.now();
    return this.deps.store.write((tx) => tx.webhooks.claimDue(this.node, now, now + this.policy.leaseMs, limit));
  }

  /** Sets the timer for the next due time (earlier than the sweep would come). */
  private async arm(): Promise<void> {
    if (this.stopped) return;
    let next: number | null;
    try {
      next = await this.deps.store.read((tx) => tx.webhooks.nextDueTime());
    } catch {
      return;
    }
    if (this.stopped || next === null || this.draining) return;
    const wait = Math.max(0, next - this.deps.clock.now());
    if (wait >= this.policy.sweepMs) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => ((this.timer = null), this.wake()), wait + 5);
    this.timer.unref();
  }
}
