/** The outbox row of a new webhook event (`Tx.webhooks.enqueue`), spelled once for every kind of event. */
import type { NewWebhookEvent } from "../../storage/webhooks.js";

/** What differs between new events: whose, which, what it carries, and when it is due. */
export type NewEventFields = Pick<NewWebhookEvent, "workspace_id" | "id" | "subscription_id" | "type" | "entity_id" | "entity_type" | "payload" | "aggregate_key" | "created_time" | "due_time">;

/** A pending event no node has claimed and no attempt was made on. */
export function newEvent(fields: NewEventFields): NewWebhookEvent {
  return { ...fields, status: "pending", attempts: 0, claimed_by: null, claimed_until: null, last_status_code: null, last_error: null, delivered_time: null };
}
