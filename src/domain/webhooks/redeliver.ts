/**
 * `POST …/webhooks/{id}/deliveries/{delivery_id}/redeliver`: sends an event again as a new attempt
 * (docs/design/webhooks.md, "Delivery"). A delivered, failed or dropped event goes back to
 * pending, due now, its attempts so far kept (the next attempt's number follows them; a failed
 * event gets that one attempt, an earlier one the attempts it has left of eight); a pending event
 * waiting for a retry is made due now. One being sent now is left to that attempt.
 */
import type { Deps } from "../context.js";
import type { Tx } from "../../storage/types.js";
import type { WebhookEventRow, WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { errors } from "../../api/errors.js";
import { kickDelivery } from "./kick.js";
import { VERIFICATION_TYPE } from "./policy.js";
import { subscriptionOr404 } from "./subscriptions.js";

/** The event of the workspace's subscription `webhookId`, made due now; the afterCommit kick sends it. */
export async function redeliver(deps: Deps, tx: Tx, ws: string, webhookId: string, deliveryId: string): Promise<{ sub: WebhookSubscriptionRow; event: WebhookEventRow }> {
  const sub = await subscriptionOr404(tx, ws, webhookId);
  // The event's workspace is where its change happened (any installation's, for a public
  // integration): found through the subscription's own list, where its id is a cursor.
  const page = await tx.webhooks.listEvents(webhookId, { cursor: deliveryId, limit: 1 });
  const found = page?.items[0];
  if (!found || found.id !== deliveryId) throw errors.notFound("webhook_delivery", deliveryId);
  if (found.type !== VERIFICATION_TYPE && sub.status !== "active")
    throw errors.validation(`The webhook is ${sub.status === "paused" ? "paused: resume it (PATCH status \"active\")" : "not verified yet: verify it"} before redelivering its events.`);
  const now = deps.clock.now();
  const inFlight = found.status === "pending" && found.claimed_until !== null && found.claimed_until > now;
  const event: WebhookEventRow = inFlight
    ? found
    : { ...found, status: "pending", due_time: now, claimed_by: null, claimed_until: null, delivered_time: null };
  if (!inFlight) {
    await tx.webhooks.updateEvent(event);
    tx.afterCommit(() => kickDelivery(deps));
  }
  return { sub, event };
}
