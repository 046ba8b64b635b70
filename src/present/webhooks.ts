/**
 * Webhook subscriptions and their deliveries as the control API answers them
 * (docs/design/webhooks.md). Quire's own shapes: Notion has no API for subscriptions.
 */
import type { WebhookAttemptRow, WebhookEventRow, WebhookSubscriptionRow } from "../storage/webhooks.js";
import { REDACTED_VERIFICATION_BODY } from "../domain/webhooks/token.js";
import { VERIFICATION_TYPE } from "../domain/webhooks/policy.js";

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** A subscription; `verificationToken` only in the answer that made it with `auto_verify`. */
export function presentSubscription(row: WebhookSubscriptionRow, verificationToken?: string) {
  return {
    object: "webhook_subscription" as const,
    id: row.id,
    integration_id: row.integration_id,
    integration_type: row.kind,
    workspace_id: row.workspace_id,
    url: row.url,
    event_types: row.event_types,
    api_version: row.api_version,
    status: row.status,
    verified_time: iso(row.verified_time),
    paused_time: iso(row.paused_time),
    paused_reason: row.paused_reason,
    consecutive_failures: row.consecutive_failures,
    created_time: iso(row.created_time)!,
    last_edited_time: iso(row.updated_time)!,
    ...(verificationToken !== undefined ? { verification_token: verificationToken } : {}),
  };
}

/** One attempt of a delivery; a verification's body never shows its token. */
export function presentAttempt(event: Pick<WebhookEventRow, "type">, a: WebhookAttemptRow) {
  return {
    attempt_number: a.attempt_number,
    started_time: iso(a.started_time)!,
    duration_ms: a.duration_ms,
    status_code: a.status_code,
    error: a.error,
    request_body: event.type === VERIFICATION_TYPE ? REDACTED_VERIFICATION_BODY : a.request_body,
    response_excerpt: a.response_excerpt,
  };
}

/** One event of the outbox with its attempts (oldest first): an entry of `…/deliveries`. */
export function presentDelivery(e: WebhookEventRow, attempts: WebhookAttemptRow[]) {
  return {
    object: "webhook_delivery" as const,
    id: e.id,
    subscription_id: e.subscription_id,
    workspace_id: e.workspace_id,
    type: e.type,
    entity: e.entity_id === null ? null : { id: e.entity_id, type: e.entity_type },
    status: e.status,
    attempt_count: e.attempts,
    created_time: iso(e.created_time)!,
    next_attempt_time: e.status === "pending" ? iso(e.due_time) : null,
    delivered_time: iso(e.delivered_time),
    last_status_code: e.last_status_code,
    last_error: e.last_error,
    attempts: attempts.map((a) => presentAttempt(e, a)),
  };
}
