/**
 * What `quire webhook tail` follows (the control API's delivery stream): the subscriptions of a
 * workspace it names — one webhook, one integration's, or every integration's — and the attempts
 * recorded for them since a time, read from the store so attempts other nodes made show too
 * (this process's own arrive at once through delivery-feed.ts).
 */
import type { Tx } from "../../storage/types.js";
import type { WebhookAttemptRow, WebhookEventRow, WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { errors } from "../../api/errors.js";
import type { AttemptRecord } from "./delivery-feed.js";
import { subscriptionOr404 } from "./subscriptions.js";

/** Which subscriptions a stream follows. */
export interface TailFilter {
  webhookId?: string;
  integrationId?: string;
}

/** Events of each subscription looked at per poll: the newest, where recent attempts are. */
const RECENT_EVENTS = 50;

/** The workspace's subscriptions the filter names (404 for a webhook or integration not in it). */
export async function tailedSubscriptions(tx: Tx, ws: string, filter: TailFilter): Promise<WebhookSubscriptionRow[]> {
  if (filter.webhookId) return [await subscriptionOr404(tx, ws, filter.webhookId)];
  const integrations = filter.integrationId ? [filter.integrationId] : await integrationsOf(tx, ws);
  if (filter.integrationId && !(await ownsIntegration(tx, ws, filter.integrationId))) throw errors.notFound("integration", filter.integrationId);
  const lists = await Promise.all(integrations.map((id) => tx.webhooks.listSubscriptions(ws, id)));
  return lists.flat();
}

/** Internal integrations of the workspace (not installations) and the public ones registered in it. */
async function integrationsOf(tx: Tx, ws: string): Promise<string[]> {
  const internal = (await tx.listIntegrations(ws)).filter((row) => !row.oauth_client_id).map((row) => row.id);
  const clients = (await tx.oauth.listClients(ws)).map((row) => row.id);
  return [...internal, ...clients];
}

async function ownsIntegration(tx: Tx, ws: string, id: string): Promise<boolean> {
  const client = await tx.oauth.getClient(id);
  if (client) return client.workspace_id === ws;
  const row = await tx.getIntegration(ws, id);
  return row !== null && !row.oauth_client_id;
}

/** Attempts of `subs` started at or after `since`, oldest first, with their events. */
export async function recentAttempts(tx: Tx, subs: readonly WebhookSubscriptionRow[], since: number): Promise<AttemptRecord[]> {
  const out: AttemptRecord[] = [];
  for (const sub of subs) {
    const page = await tx.webhooks.listEvents(sub.id, { limit: RECENT_EVENTS });
    const tried = (page?.items ?? []).filter((e) => e.attempts > 0);
    const byWorkspace = new Map<string, WebhookEventRow[]>();
    for (const e of tried) byWorkspace.set(e.workspace_id, [...(byWorkspace.get(e.workspace_id) ?? []), e]);
    for (const [ws, events] of byWorkspace) {
      const byId = new Map(events.map((e) => [e.id, e]));
      const attempts: WebhookAttemptRow[] = await tx.webhooks.listAttempts(ws, [...byId.keys()]);
      for (const attempt of attempts) if (attempt.started_time >= since) out.push({ attempt, event: byId.get(attempt.event_id)! });
    }
  }
  return out.sort((a, b) => a.attempt.started_time - b.attempt.started_time);
}

/** One stream entry: what the tail prints a line of. */
export function tailEntry({ attempt, event }: AttemptRecord) {
  return {
    time: new Date(attempt.started_time).toISOString(),
    webhook_id: attempt.subscription_id,
    delivery_id: attempt.event_id,
    type: event.type,
    entity: event.entity_id ? { id: event.entity_id, type: event.entity_type } : null,
    attempt_number: attempt.attempt_number,
    status_code: attempt.status_code,
    error: attempt.error,
    duration_ms: attempt.duration_ms,
    delivery_status: event.status,
  };
}
