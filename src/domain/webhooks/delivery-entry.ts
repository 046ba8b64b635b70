/**
 * One entry of a webhook's delivery log as the control API answers it: the event (id, type,
 * entity, status, times) with every attempt made (status code, error, latency, the exact request
 * body, the response's excerpt).
 */
import type { Tx } from "../../storage/types.js";
import type { WebhookAttemptRow, WebhookEventRow } from "../../storage/webhooks.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An event and its attempts, as the log shows them. */
export function presentDelivery(event: WebhookEventRow, attempts: readonly WebhookAttemptRow[]) {
  return {
    object: "webhook_delivery" as const,
    id: event.id,
    webhook_id: event.subscription_id,
    workspace_id: event.workspace_id,
    type: event.type,
    entity: event.entity_id ? { id: event.entity_id, type: event.entity_type } : null,
    status: event.status,
    created_time: iso(event.created_time),
    next_attempt_time: event.status === "pending" ? iso(event.due_time) : null,
    delivered_time: iso(event.delivered_time),
    attempts: attempts.map((a) => ({
      attempt_number: a.attempt_number,
      started_time: iso(a.started_time),
      duration_ms: a.duration_ms,
      status_code: a.status_code,
      error: a.error,
      request_body: a.request_body,
      response_excerpt: a.response_excerpt,
    })),
  };
}

/** The entry of one event, its attempts read in the same unit. */
export async function deliveryEntry(tx: Tx, event: WebhookEventRow) {
  return presentDelivery(event, await tx.webhooks.listAttempts(event.workspace_id, [event.id]));
}
