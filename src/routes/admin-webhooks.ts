/**
 * Webhook subscriptions on the control API (registered under both workspace prefixes, admin.ts;
 * docs/design/webhooks.md): made on an integration, read, changed, verified, deleted, and their
 * delivery log. The verbs are src/domain/webhooks/subscriptions.ts and deliveries.ts.
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { check } from "../api/validate.js";
import type { ControlScope } from "./admin-scope.js";
import { bodyOf, pathId, queryPagination } from "./helpers.js";
import { createWebhookBody, deliveriesQuery, updateWebhookBody, verifyWebhookBody } from "./admin-webhooks.schema.js";
import { createSubscription, deleteSubscription, getSubscription, listSubscriptions, resendVerification, updateSubscription, verifySubscription } from "../domain/webhooks/subscriptions.js";
import { getDelivery, listDeliveries } from "../domain/webhooks/deliveries.js";

/** Registers the webhook routes on a workspace prefix. */
export function adminWebhookRoutes(r: FastifyInstance, deps: Deps, { read, write }: ControlScope) {
  r.post("/integrations/:integration_id/webhooks", async (req) => {
    const id = pathId(req, "integration_id");
    const body = check("body", createWebhookBody, bodyOf(req));
    return write(req, (tx, ws) => createSubscription(deps, tx, ws, id, body));
  });
  r.get("/integrations/:integration_id/webhooks", async (req) => {
    const id = pathId(req, "integration_id");
    return read(req, (tx, ws) => listSubscriptions(tx, ws, id));
  });
  r.get("/webhooks/:webhook_id", async (req) => {
    const id = pathId(req, "webhook_id");
    return read(req, (tx, ws) => getSubscription(tx, ws, id));
  });
  r.patch("/webhooks/:webhook_id", async (req) => {
    const id = pathId(req, "webhook_id");
    const body = check("body", updateWebhookBody, bodyOf(req));
    return write(req, (tx, ws) => updateSubscription(deps, tx, ws, id, body));
  });
  r.delete("/webhooks/:webhook_id", async (req) => {
    const id = pathId(req, "webhook_id");
    return write(req, (tx, ws) => deleteSubscription(tx, ws, id));
  });
  r.post("/webhooks/:webhook_id/verify", async (req) => {
    const id = pathId(req, "webhook_id");
    const body = check("body", verifyWebhookBody, bodyOf(req));
    return write(req, (tx, ws) => verifySubscription(deps, tx, ws, id, body.verification_token));
  });
  r.post("/webhooks/:webhook_id/resend_verification", async (req) => {
    const id = pathId(req, "webhook_id");
    return write(req, (tx, ws) => resendVerification(deps, tx, ws, id));
  });
  r.get("/webhooks/:webhook_id/deliveries", async (req) => {
    const id = pathId(req, "webhook_id");
    const page = queryPagination(req);
    const q = check("query", deliveriesQuery, req.query ?? {});
    return read(req, (tx, ws) => listDeliveries(tx, ws, id, { status: q.status, cursor: page.cursor, pageSize: page.pageSize }));
  });
  r.get("/webhooks/:webhook_id/deliveries/:delivery_id", async (req) => {
    const id = pathId(req, "webhook_id");
    const deliveryId = pathId(req, "delivery_id");
    return read(req, (tx, ws) => getDelivery(tx, ws, id, deliveryId));
  });
}
