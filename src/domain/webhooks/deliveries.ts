/**
 * The delivery log's read side (`GET …/webhooks/{id}/deliveries`): a subscription's events in every
 * workspace they came from, newest first, each with its attempts — read in one unit, the attempts
 * of a page with one port call per workspace on it.
 */
import type { Tx } from "../../storage/types.js";
import type { WebhookAttemptRow, WebhookEventRow, WebhookEventStatus } from "../../storage/webhooks.js";
import { errors } from "../../api/errors.js";
import { presentDelivery } from "../../present/webhooks.js";
import { subscriptionOr404 } from "./subscriptions.js";

/** A page of a subscription's deliveries. */
export async function listDeliveries(tx: Tx, ws: string, id: string, q: { status?: WebhookEventStatus; cursor: string | null; pageSize: number }) {
  await subscriptionOr404(tx, ws, id);
  const page = await tx.webhooks.listEvents(id, { status: q.status, cursor: q.cursor, limit: q.pageSize });
  if (!page) throw errors.validation(`start_cursor should be the id of a delivery of webhook subscription ${id}, instead was \`"${q.cursor}"\`.`);
  const attempts = await attemptsOf(tx, page.items);
  return {
    object: "list" as const,
    results: page.items.map((e) => presentDelivery(e, attempts.get(`${e.workspace_id}\u0000${e.id}`) ?? [])),
    next_cursor: page.next,
    has_more: page.next !== null,
  };
}

/** One delivery of subscription `id`, found by its event id in any workspace the subscription reaches. */
export async function getDelivery(tx: Tx, ws: string, id: string, deliveryId: string) {
  await subscriptionOr404(tx, ws, id);
  const page = await tx.webhooks.listEvents(id, { cursor: deliveryId, limit: 1 });
  const event = page?.items[0];
  if (!event || event.id !== deliveryId) throw errors.notFound("webhook_delivery", deliveryId);
  const attempts = await attemptsOf(tx, [event]);
  return presentDelivery(event, attempts.get(`${event.workspace_id}\u0000${event.id}`) ?? []);
}

/** The attempts of these events, by workspace and event id. */
async function attemptsOf(tx: Tx, events: WebhookEventRow[]): Promise<Map<string, WebhookAttemptRow[]>> {
  const byWorkspace = new Map<string, string[]>();
  for (const e of events) byWorkspace.set(e.workspace_id, [...(byWorkspace.get(e.workspace_id) ?? []), e.id]);
  const out = new Map<string, WebhookAttemptRow[]>();
  for (const [w, ids] of byWorkspace)
    for (const a of await tx.webhooks.listAttempts(w, ids)) {
      const key = `${w}\u0000${a.event_id}`;
      out.set(key, [...(out.get(key) ?? []), a]);
    }
  return out;
}
