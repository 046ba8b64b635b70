/**
 * Webhook subscriptions on the control API (docs/design/webhooks.md, "Subscriptions"): made on an
 * integration of the workspace — an internal one, or a public one it registered (`kind: public`,
 * reaching every workspace that installs it) — verified with the token Quire POSTs to the URL
 * (or at once with `auto_verify`, beyond Notion), changed (the URL only before verification:
 * Notion's rule), paused and resumed, deleted. Every id is looked up in the scoped workspace.
 */
import type { Deps } from "../context.js";
import type { Tx } from "../../storage/types.js";
import type { WebhookEventRow, WebhookSubscriptionKind, WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { newEvent } from "./outbox.js";
import { errors } from "../../api/errors.js";
import { presentSubscription } from "../../present/webhooks.js";
import { DEFAULT_WEBHOOK_API_VERSION, MAX_SUBSCRIPTIONS_PER_INTEGRATION, VERIFICATION_TYPE, WEBHOOK_EVENT_TYPES, type WebhookApiVersion } from "./policy.js";
import { newVerificationToken, sealToken, tokenHash, tokenMatches } from "./token.js";
import { kickDelivery } from "./kick.js";
import { isIP } from "node:net";
import { isPrivateAddress } from "../../outbound/http-client.js";
import { webhookSettings } from "./policy.js";

/** `POST …/integrations/{id}/webhooks`, validated. */
export interface CreateSubscriptionInput {
  url: string;
  event_types?: string[];
  api_version?: WebhookApiVersion;
  auto_verify?: boolean;
}

/** `PATCH …/webhooks/{id}`, validated. */
export interface UpdateSubscriptionInput {
  url?: string;
  event_types?: string[];
  api_version?: WebhookApiVersion;
  status?: "active" | "paused";
}

/** The integration a subscription is made on: internal (`integrations`) or public (an OAuth client the workspace registered); 404 otherwise. */
async function ownerOf(tx: Tx, ws: string, integrationId: string): Promise<{ kind: WebhookSubscriptionKind; id: string }> {
  const internal = await tx.getIntegration(ws, integrationId);
  // An installation of a public integration is not the developer's: its subscriptions are the client's.
  if (internal && !internal.oauth_client_id) return { kind: "internal", id: internal.id };
  const client = await tx.oauth.getClient(integrationId);
  if (client && client.workspace_id === ws) return { kind: "public", id: client.id };
  throw errors.notFound("integration", integrationId);
}

/**
 * Under `--webhook-deny-private-urls`: a URL naming a loopback or private host is refused here
 * (a name that resolves to one is refused when sending: src/outbound/http-client.ts).
 */
function refusePrivate(deps: Deps, url: string): void {
  if (webhookSettings(deps).allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isPrivateAddress(host)))
    throw errors.validation(`body failed validation: body.url should reach a public address on this server (webhooks to private and loopback addresses are refused), instead was \`${JSON.stringify(url)}\`.`);
}

/** The subscription `id` of workspace `ws`; 404 otherwise. */
export async function subscriptionOr404(tx: Tx, ws: string, id: string): Promise<WebhookSubscriptionRow> {
  const row = await tx.webhooks.getSubscription(id);
  if (!row || row.workspace_id !== ws) throw errors.notFound("webhook", id);
  return row;
}

/** Queues the verification POST (its body, with the token, is made when it is sent) and wakes the worker after the commit. */
async function queueVerification(deps: Deps, tx: Tx, row: WebhookSubscriptionRow): Promise<WebhookEventRow> {
  const now = deps.clock.now();
  const event = await tx.webhooks.enqueue(newEvent({
    workspace_id: row.workspace_id,
    id: deps.ids(),
    subscription_id: row.id,
    type: VERIFICATION_TYPE,
    entity_id: null,
    entity_type: null,
    payload: {},
    aggregate_key: null,
    created_time: now,
    due_time: now,
  }));
  tx.afterCommit(() => kickDelivery(deps));
  return event;
}

/** Creates a subscription and queues its verification POST; with `auto_verify` it is active at once and the answer shows its token. */
export async function createSubscription(deps: Deps, tx: Tx, ws: string, integrationId: string, input: CreateSubscriptionInput) {
  const owner = await ownerOf(tx, ws, integrationId);
  refusePrivate(deps, input.url);
  if ((await tx.webhooks.listSubscriptions(ws, owner.id)).length >= MAX_SUBSCRIPTIONS_PER_INTEGRATION)
    throw errors.validation(`An integration may have at most ${MAX_SUBSCRIPTIONS_PER_INTEGRATION} webhook subscriptions; delete one first.`);
  const now = deps.clock.now();
  const id = deps.ids();
  const token = newVerificationToken();
  const verified = input.auto_verify === true;
  const row: WebhookSubscriptionRow = {
    id,
    workspace_id: ws,
    integration_id: owner.id,
    kind: owner.kind,
    url: input.url,
    event_types: input.event_types ?? [...WEBHOOK_EVENT_TYPES],
    api_version: input.api_version ?? DEFAULT_WEBHOOK_API_VERSION,
    status: verified ? "active" : "pending",
    token_sealed: sealToken(deps, id, token),
    token_hash: tokenHash(token),
    verified_time: verified ? now : null,
    paused_time: null,
    paused_reason: null,
    consecutive_failures: 0,
    created_time: now,
    updated_time: now,
  };
  await tx.webhooks.insertSubscription(row);
  await queueVerification(deps, tx, row);
  return presentSubscription(row, verified ? token : undefined);
}

/** An integration's subscriptions, oldest first. */
export async function listSubscriptions(tx: Tx, ws: string, integrationId: string) {
  const owner = await ownerOf(tx, ws, integrationId);
  const rows = await tx.webhooks.listSubscriptions(ws, owner.id);
  return { object: "list" as const, results: rows.map((r) => presentSubscription(r)), next_cursor: null, has_more: false };
}

/** One subscription. */
export async function getSubscription(tx: Tx, ws: string, id: string) {
  return presentSubscription(await subscriptionOr404(tx, ws, id));
}

/** PATCH: the URL only while pending (a new verification POST goes to it); event types and version any time; pause and resume. */
export async function updateSubscription(deps: Deps, tx: Tx, ws: string, id: string, input: UpdateSubscriptionInput) {
  const row = await subscriptionOr404(tx, ws, id);
  const now = deps.clock.now();
  const next: WebhookSubscriptionRow = { ...row, updated_time: now };
  const newUrl = input.url !== undefined && input.url !== row.url;
  if (newUrl) {
    // developers.notion.com/reference/webhooks: "you can only change the URL before verification".
    if (row.status !== "pending")
      throw errors.validation(`The URL of webhook subscription ${id} cannot be changed once it is verified (as in Notion): delete it and create a new one.`);
    refusePrivate(deps, input.url!);
    next.url = input.url!;
  }
  if (input.event_types !== undefined) next.event_types = input.event_types;
  if (input.api_version !== undefined) next.api_version = input.api_version;
  if (input.status !== undefined && input.status !== row.status) {
    if (row.status === "pending") throw errors.validation(`Webhook subscription ${id} is pending verification: verify it before changing its status.`);
    if (input.status === "active") Object.assign(next, { status: "active", paused_time: null, paused_reason: null, consecutive_failures: 0 });
    else Object.assign(next, { status: "paused", paused_time: now, paused_reason: "paused through the control API" });
    // Resuming: its waiting events are due again (the worker finds them).
    if (input.status === "active") tx.afterCommit(() => kickDelivery(deps));
  }
  await tx.webhooks.updateSubscription(next);
  if (newUrl) await queueVerification(deps, tx, next);
  return presentSubscription(next);
}

/** DELETE: the subscription, its waiting events and its delivery log. */
export async function deleteSubscription(tx: Tx, ws: string, id: string) {
  await subscriptionOr404(tx, ws, id);
  await tx.webhooks.deleteSubscription(id);
  return { object: "webhook_subscription" as const, id, deleted: true };
}

/** `verify {verification_token}`: the token Quire POSTed, compared in constant time; a verified subscription stays as it is. */
export async function verifySubscription(deps: Deps, tx: Tx, ws: string, id: string, token: string) {
  const row = await subscriptionOr404(tx, ws, id);
  if (!tokenMatches(row, token)) throw errors.validation(`verification_token is not the token sent to the URL of webhook subscription ${id}.`);
  if (row.status !== "pending") return presentSubscription(row);
  const now = deps.clock.now();
  const next: WebhookSubscriptionRow = { ...row, status: "active", verified_time: now, updated_time: now };
  await tx.webhooks.updateSubscription(next);
  return presentSubscription(next);
}

/** `resend_verification`: the same token POSTed again; only while pending. */
export async function resendVerification(deps: Deps, tx: Tx, ws: string, id: string) {
  const row = await subscriptionOr404(tx, ws, id);
  if (row.status !== "pending") throw errors.validation(`Webhook subscription ${id} is already verified: there is no verification to resend.`);
  const event = await queueVerification(deps, tx, row);
  return { ...presentSubscription(row), verification_delivery_id: event.id };
}

/** Removes an integration's subscriptions with their events (the integration is being deleted). */
export async function deleteSubscriptionsOf(tx: Tx, ws: string, integrationId: string): Promise<void> {
  await tx.webhooks.deleteSubscriptionsOf(ws, integrationId);
}
