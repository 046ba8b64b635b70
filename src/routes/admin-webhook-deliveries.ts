/**
 * …/webhooks/{id}/deliveries/{delivery_id}/redeliver and …/webhooks/deliveries/stream (registered
 * under both workspace prefixes, admin.ts): sending an event again, and the stream of attempts as
 * they are recorded that `quire webhook tail` prints — Server-Sent Events, one `attempt` event per
 * attempt, fed by this process's recorded attempts at once and by a poll of the store every
 * second (other nodes' attempts), each attempt sent once.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, object, optional, uuid } from "../api/validate.js";
import { errors } from "../api/errors.js";
import { redeliver } from "../domain/webhooks/redeliver.js";
import { onAttempt, type AttemptRecord } from "../domain/webhooks/delivery-feed.js";
import { recentAttempts, tailEntry, tailedSubscriptions, type TailFilter } from "../domain/webhooks/tail.js";
import type { WebhookSubscriptionRow } from "../storage/webhooks.js";
import { presentDelivery } from "../present/webhooks.js";
import type { ControlScope } from "./admin-scope.js";
import { pathId } from "./helpers.js";

const streamQuery = object({ webhook_id: optional(uuid()), integration_id: optional(uuid()) });

/** How often a stream reads the store for attempts other nodes recorded. */
const POLL_MS = 1_000;
/** Polls between two keep-alive comments on a stream (15 s). */
const KEEP_ALIVE_POLLS = 15;

/** Registers the delivery routes on a workspace prefix. */
export function adminWebhookDeliveryRoutes(r: FastifyInstance, deps: Deps, { read, write }: ControlScope) {
  r.post("/webhooks/:webhook_id/deliveries/:delivery_id/redeliver", async (req) => {
    const webhookId = pathId(req, "webhook_id");
    const deliveryId = pathId(req, "delivery_id");
    return write(req, async (tx, ws) => {
      const { event } = await redeliver(deps, tx, ws, webhookId, deliveryId);
      return presentDelivery(event, await tx.webhooks.listAttempts(event.workspace_id, [event.id]));
    });
  });

  const streams = new Set<() => void>();
  // Open streams would hold the server's close: they end first.
  r.addHook("preClose", async () => {
    for (const end of [...streams]) end();
  });
  r.get("/webhooks/deliveries/stream", async (req, reply) => {
    const q = check("query", streamQuery, req.query);
    if (q.webhook_id && q.integration_id) throw errors.validation("Give webhook_id or integration_id, not both.");
    const filter: TailFilter = { webhookId: q.webhook_id, integrationId: q.integration_id };
    const subs = await read(req, (tx, ws) => tailedSubscriptions(tx, ws, filter).then((list) => ({ ws, list })));
    stream(deps, req, reply, read, filter, subs, streams);
  });
}

/** Holds the response open and writes each attempt of the followed subscriptions once. */
function stream(deps: Deps, req: FastifyRequest, reply: FastifyReply, read: ControlScope["read"], filter: TailFilter, start: { ws: string; list: WebhookSubscriptionRow[] }, streams: Set<() => void>) {
  let ids = new Set(start.list.map((s) => s.id));
  const since = deps.clock.now();
  const sent = new Set<string>();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-request-id": String(req.id) });
  res.write(`: following ${ids.size} webhook${ids.size === 1 ? "" : "s"}\n\n`);
  const send = (record: AttemptRecord) => {
    const key = `${record.attempt.event_id}:${record.attempt.attempt_number}`;
    if (!ids.has(record.attempt.subscription_id) || sent.has(key)) return;
    sent.add(key);
    res.write(`event: attempt\ndata: ${JSON.stringify(tailEntry(record))}\n\n`);
  };
  const stopFeed = onAttempt(deps.store, send);
  let polling = false;
  let ticks = 0;
  const poll = setInterval(() => {
    // A comment now and then keeps proxies from closing a quiet stream.
    if (++ticks % KEEP_ALIVE_POLLS === 0) res.write(": keep-alive\n\n");
    if (polling) return;
    polling = true;
    // The followed set is read again: a webhook made after the stream opened shows too.
    read(req, async (tx, ws) => {
      const list = await tailedSubscriptions(tx, ws, filter);
      ids = new Set(list.map((s) => s.id));
      return recentAttempts(tx, list, since);
    })
      .then((records) => records.forEach(send))
      .catch(() => end()) // the webhook was deleted, or the store is closing
      .finally(() => (polling = false));
  }, POLL_MS);
  const end = () => {
    clearInterval(poll);
    stopFeed();
    streams.delete(end);
    if (!res.writableEnded) res.end();
  };
  streams.add(end);
  req.raw.on("close", end);
}
