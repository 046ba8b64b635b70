/**
 * The delivery worker's numbers in force (docs/design/webhooks.md, "Delivery"): Notion's and
 * Quire's choices from policy.ts, the deployment's settings (`Deps.webhooks`), and what one node
 * sends at once.
 */
import type { Deps } from "../context.js";
import { MAX_ATTEMPTS, PAUSE_AFTER_FAILED_EVENTS, retryDelay, webhookSettings } from "./policy.js";

/** What deliver.ts and attempt.ts go by. */
export interface DeliveryPolicy {
  maxAttempts: number;
  /** The wait after attempt `made` failed. */
  retryAfter(made: number): number;
  /** One attempt's whole exchange. */
  timeoutMs: number;
  connectTimeoutMs: number;
  pauseAfter: number;
  allowPrivate: boolean;
  /** Sends in flight at once on one node. */
  concurrency: number;
  /** How long a claim holds an event: twice an attempt's timeout and a second; then another node may take it. */
  leaseMs: number;
  /** How often a node looks for due events no kick or timer told it of (another node's, a lease run out). */
  sweepMs: number;
}

/** Sends one node has in flight at once. */
export const DELIVERY_CONCURRENCY = 4;
/** Connecting (DNS, TCP, TLS) may take at most this much of an attempt. */
const CONNECT_TIMEOUT_MS = 5_000;

/** The policy `deps` configure. */
export function deliveryPolicy(deps: Deps): DeliveryPolicy {
  const s = webhookSettings(deps);
  return {
    maxAttempts: MAX_ATTEMPTS,
    retryAfter: (made) => retryDelay(s, made + 1),
    timeoutMs: s.attemptTimeoutMs,
    connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, s.attemptTimeoutMs),
    pauseAfter: PAUSE_AFTER_FAILED_EVENTS,
    allowPrivate: s.allowPrivate,
    concurrency: DELIVERY_CONCURRENCY,
    leaseMs: 2 * s.attemptTimeoutMs + 1_000,
    sweepMs: s.sweepMs,
  };
}
