/**
 * One attempt of one claimed event: its body and headers built from the stored envelope, the POST
 * made outside any store unit (sign.ts, send.ts), then one write unit recording what came of it —
 * the attempt's row, the event's next state (delivered; due again after a backoff; failed after
 * the last attempt) and the subscription's failure count and pause (docs/design/webhooks.md,
 * "Delivery").
 */
import type { Deps } from "../context.js";
import type { Tx } from "../../storage/types.js";
import type { WebhookAttemptRow, WebhookEventRow, WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { deliveryBody, signBody } from "./sign.js";
import { sendAttempt, type AttemptOutcome } from "./send.js";
import { deliveryPolicy, type DeliveryPolicy } from "./delivery-policy.js";
import { VERIFICATION_TYPE as VERIFICATION } from "./policy.js";
import { REDACTED_VERIFICATION_BODY, subscriptionToken, verificationBody } from "./token.js";
import { publishAttempt } from "./delivery-feed.js";

/** Notion's webhook requests say `User-Agent: notion-api` (docs/design/webhooks.md, "Delivery"). */
export const USER_AGENT = "notion-api";

/**
 * Sends attempt `attempts + 1` of `event` (claimed by `node`) and records it; answers the event as
 * recorded (null when nothing was). An attempt cut off
 * by `signal` (the server closing) is not recorded: its lease runs out and it is made again, with
 * the same attempt number, by whichever node claims it next.
 */
export async function attemptDelivery(deps: Deps, node: string, event: WebhookEventRow, signal: AbortSignal): Promise<WebhookEventRow | null> {
  const policy = deliveryPolicy(deps);
  const sub = await deps.store.read((tx) => tx.webhooks.getSubscription(event.subscription_id));
  if (!sub) return null; // deleted since the claim: its events went with it
  const attempt = event.attempts + 1;
  const started = deps.clock.now();
  const token = subscriptionToken(deps, sub);
  const body = event.type === VERIFICATION ? verificationBody(token ?? "") : deliveryBody(event.payload, attempt);
  const outcome: AttemptOutcome = token === null
    ? { ok: false, status_code: null, error: "refused", message: "The verification token cannot be unsealed: the server's secret key is not the one it was sealed with.", response_excerpt: null, duration_ms: 0 }
    : await sendAttempt(sub.url, body, {
        headers: headersOf(event, token, body),
        totalTimeoutMs: policy.timeoutMs,
        connectTimeoutMs: policy.connectTimeoutMs,
        allowPrivate: policy.allowPrivate,
        signal,
        now: () => deps.clock.now(),
      });
  if (outcome.error === "aborted" && signal.aborted) return null;
  const row: WebhookAttemptRow = {
    workspace_id: event.workspace_id,
    event_id: event.id,
    subscription_id: event.subscription_id,
    attempt_number: attempt,
    started_time: started,
    duration_ms: outcome.duration_ms,
    status_code: outcome.status_code,
    error: outcome.error,
    // The log never keeps the verification token: it is the signing key from then on.
    request_body: event.type === VERIFICATION ? REDACTED_VERIFICATION_BODY : body,
    response_excerpt: outcome.response_excerpt,
  };
  const recorded = await deps.store.write((tx) => record(tx, deps, policy, event, row, outcome));
  if (recorded) publishAttempt(deps.store, { attempt: row, event: recorded });
  return recorded;
}

/** Content type, Notion's user agent, and the signature (the handshake is unsigned, as Notion sends it). */
function headersOf(event: WebhookEventRow, token: string, body: string): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": USER_AGENT };
  if (event.type !== VERIFICATION) headers["x-notion-signature"] = signBody(token, body);
  return headers;
}

/**
 * Records the attempt unless another node already recorded this attempt number (its lease ran
 * out and it was sent again) or the event changed state meanwhile (a redelivery, a deletion);
 * the event as it now stands, or null when nothing was recorded.
 */
async function record(tx: Tx, deps: Deps, policy: DeliveryPolicy, claimed: WebhookEventRow, row: WebhookAttemptRow, outcome: AttemptOutcome): Promise<WebhookEventRow | null> {
  const event = await tx.webhooks.getEvent(claimed.workspace_id, claimed.id);
  if (!event || event.status !== "pending" || event.attempts !== claimed.attempts) return null;
  await tx.webhooks.insertAttempt(row);
  const now = deps.clock.now();
  const last = event.type === VERIFICATION ? 1 : policy.maxAttempts;
  const status = outcome.ok ? "delivered" : row.attempt_number >= last ? "failed" : "pending";
  const next: WebhookEventRow = {
    ...event,
    status,
    attempts: row.attempt_number,
    claimed_by: null,
    claimed_until: null,
    last_status_code: outcome.status_code,
    last_error: outcome.message,
    delivered_time: outcome.ok ? now : null,
    due_time: status === "pending" ? now + policy.retryAfter(row.attempt_number) : event.due_time,
  };
  await tx.webhooks.updateEvent(next);
  if (event.type !== VERIFICATION && status !== "pending") await countOutcome(tx, deps, policy, event.subscription_id, status === "delivered");
  return next;
}

/**
 * The pause rule: an event given up on (every attempt failed) counts one failure, a delivered one
 * clears the count; `pauseAfter` given up in a row, with nothing delivered between, pause the
 * subscription — its URL has failed for longer than a whole retry schedule.
 */
async function countOutcome(tx: Tx, deps: Deps, policy: DeliveryPolicy, id: string, delivered: boolean): Promise<void> {
  const sub = await tx.webhooks.getSubscription(id);
  if (!sub) return;
  if (delivered && sub.consecutive_failures === 0) return;
  const now = deps.clock.now();
  const failures = delivered ? 0 : sub.consecutive_failures + 1;
  const pause = !delivered && sub.status === "active" && failures >= policy.pauseAfter;
  const next: WebhookSubscriptionRow = {
    ...sub,
    consecutive_failures: failures,
    updated_time: now,
    ...(pause ? { status: "paused" as const, paused_time: now, paused_reason: `${failures} events in a row failed every attempt.` } : {}),
  };
  await tx.webhooks.updateSubscription(next);
}
