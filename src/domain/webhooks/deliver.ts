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
  void worker.look();
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
  /** The earliest retry this node recorded that no claim has reached yet. */
  private due: number | null = null;
  private again = false;
  private nudge: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: Deps) {
    this.policy = deliveryPolicy(deps);
    this.node = deps.store.liveness.node;
    // One process may run several servers (tests): a kick is ours when it names our store's node.
    this.unsubscribe = onEnqueued((kicked) => {
      if (kicked.store.liveness.node !== this.node) return;
      if (this.draining) this.wake();
      else void this.look();
    });
    this.sweep = setInterval(() => void this.look(), this.policy.sweepMs);
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
        else void this.look();
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
          .then((recorded) => {
            if (recorded?.status === "pending") this.due = Math.min(this.due ?? Infinity, recorded.due_time);
          })
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
      // A send finishing frees a place and may unblock its entity's next event; a kick may bring
      // new ones; with a place free, a retry falling due (while a slow receiver holds a send).
      const waits: Promise<unknown>[] = [...inFlight, new Promise<void>((resolve) => (this.nudge = resolve))];
      let timer: NodeJS.Timeout | undefined;
      if (inFlight.size < this.policy.concurrency) waits.push(new Promise((resolve) => (timer = setTimeout(resolve, this.untilDue()))));
      await Promise.race(waits.map((w) => w.then(() => undefined)));
      clearTimeout(timer);
      this.nudge = null;
    }
    await Promise.all(inFlight);
  }

  /**
   * How long a drain with a free place waits before claiming again, in ms: until the earliest
   * retry it recorded (`due`), at least 5 and at most a sweep.
   */
  private untilDue(): number {
    return Math.min(this.policy.sweepMs, Math.max(5, (this.due ?? Infinity) - this.deps.clock.now()));
  }

  private claim(limit: number): Promise<WebhookEventRow[]> {
    const now = this.deps.clock.now();
    if (this.due !== null && this.due <= now) this.due = null;
    return this.deps.store.write((tx) => tx.webhooks.claimDue(this.node, now, now + this.policy.leaseMs, limit));
  }

  /**
   * Reads when something is next due (one read, no write: an idle server's sweep leaves SQLite's
   * write generation and read cache alone) and drains now if it is due, else sets the timer when
   * that comes before the next sweep.
   */
  async look(): Promise<void> {
    if (this.stopped || this.draining) return;
    let next: number | null;
    try {
      next = await this.deps.store.read((tx) => tx.webhooks.nextDueTime());
    } catch {
      return;
    }
    if (this.stopped || next === null || this.draining) return;
    const wait = next - this.deps.clock.now();
    if (wait <= 0) return this.wake();
    if (wait >= this.policy.sweepMs) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => ((this.timer = null), this.wake()), wait + 5);
    this.timer.unref();
  }
}
