/**
 * Emitting events into the outbox (`Tx.webhooks`), inside the write unit that made the change, so
 * an event exists exactly when its change committed. `emitEvent` fans one change out to the
 * subscriptions that may receive it: active, reaching the workspace (`subscriptionsReaching`:
 * one cached call, the only cost of a write when the workspace has none), subscribed to the type
 * in their api_version's vocabulary, whose integration has the capability and sees the entity
 * (developers.notion.com/reference/webhooks: events are sent only for what the integration can
 * access). A public integration's event names the installations that see it in `accessible_by`.
 * Aggregated types merge into the subscription's pending event for the same entity while it is
 * not yet due (merge.ts); a create and a delete inside the window cancel out.
 */
import type { IntegrationRow, Tx } from "../../storage/types.js";
import type { WebhookEventRow, WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { newEvent } from "./outbox.js";
import type { Deps } from "../context.js";
import { iso } from "../clock.js";
import { capabilityFor, formFor, isAggregated, type Audience, type Author, type Change, type EventForm } from "./events.js";
import { buildEnvelope } from "./envelope.js";
import { mergeAuthors, mergeData } from "./merge.js";
import { kickDelivery } from "./kick.js";
import { webhookSettings } from "./policy.js";

/** One change to emit: its forms per version, who made it, and who may see it. */
export interface EventInput {
  change: Change;
  authors: Author[];
  audience: Audience;
}

/**
 * What one write unit reads once per workspace to emit events: the subscriptions reaching it,
 * its integrations (capabilities, installations), its name, and each integration's sight.
 */
export class EmitScope {
  private subs?: Promise<WebhookSubscriptionRow[]>;
  private integrations?: Promise<IntegrationRow[]>;
  private name?: Promise<string>;
  private readonly seen = new Map<string, Promise<boolean>>();
  /** Events this unit enqueued, by aggregate key: merged in place whatever the window. */
  readonly enqueued = new Map<string, WebhookEventRow>();
  kicked = false;

  constructor(
    readonly tx: Tx,
    readonly deps: Deps,
    readonly workspaceId: string,
  ) {}

  /** The active subscriptions that may receive events of this workspace (one cached port call). */
  subscriptions(): Promise<WebhookSubscriptionRow[]> {
    return (this.subs ??= this.tx.webhooks.subscriptionsReaching(this.workspaceId));
  }

  integrationRows(): Promise<IntegrationRow[]> {
    return (this.integrations ??= this.tx.listIntegrations(this.workspaceId));
  }

  workspaceName(): Promise<string> {
    return (this.name ??= this.tx.getWorkspace(this.workspaceId).then((w) => w?.name ?? ""));
  }

  /** Whether `integration` sees what `audience` describes (shares of the node or an ancestor; its own upload). */
  sees(integration: IntegrationRow, audience: Audience): Promise<boolean> {
    if ("creator" in audience) return Promise.resolve(audience.creator === integration.bot_id);
    if (audience.ancestry.length === 0) return Promise.resolve(false);
    const key = `${integration.id}\u0000${audience.ancestry[0]}`;
    let hit = this.seen.get(key);
    if (!hit) this.seen.set(key, (hit = this.tx.anyShared(this.workspaceId, integration.id, [...audience.ancestry])));
    return hit;
  }
}

/** The installations (or the internal integration) of `sub` in this workspace. */
async function receiversOf(scope: EmitScope, sub: WebhookSubscriptionRow): Promise<IntegrationRow[]> {
  const rows = await scope.integrationRows();
  return sub.kind === "public" ? rows.filter((r) => r.oauth_client_id === sub.integration_id) : rows.filter((r) => r.id === sub.integration_id && !r.oauth_client_id);
}

/** Whether the subscription asked for this type (an empty list: every type). */
const subscribed = (sub: WebhookSubscriptionRow, type: string): boolean => sub.event_types.length === 0 || sub.event_types.includes(type);

/** Emits `event` to every subscription of the workspace that may receive it. */
export async function emitEvent(scope: EmitScope, event: EventInput): Promise<void> {
  const subs = await scope.subscriptions();
  for (const sub of subs) {
    const form = formFor(event.change, sub.api_version);
    if (!form || !subscribed(sub, form.type)) continue;
    const cap = capabilityFor(form.type);
    const seeing: IntegrationRow[] = [];
    for (const r of await receiversOf(scope, sub)) if ((!cap || r.capabilities.includes(cap)) && (await scope.sees(r, event.audience))) seeing.push(r);
    if (seeing.length === 0) continue;
    const accessibleBy = sub.kind === "public" ? accessibleByOf(seeing) : undefined;
    await enqueueFor(scope, sub, form, event.authors, accessibleBy);
  }
}

/** Notion's `accessible_by`: each installation's bot and the person who owns it. */
function accessibleByOf(installations: IntegrationRow[]): Author[] {
  const out: Author[] = [];
  for (const r of installations) {
    out.push({ id: r.bot_id, type: "bot" });
    if (r.installed_by) out.push({ id: r.installed_by, type: "person" });
  }
  return mergeAuthors(out, []);
}

const aggregateKey = (sub: WebhookSubscriptionRow, type: string, entityId: string) => `${sub.id}/${type}/${entityId}`;

/** `X.created` for an `X.*` type. */
const sibling = (type: string, suffix: string) => `${type.slice(0, type.indexOf("."))}.${suffix}`;

/** What a new event does to a pending one of the same entity: merge into it, cancel both, or nothing. */
type Outcome = { kind: "merge"; into: WebhookEventRow } | { kind: "absorb"; into: WebhookEventRow } | { kind: "cancel"; drop: WebhookEventRow } | null;

/** The pending event with `key` that this unit enqueued, else (window open) the outbox's mergeable one. */
async function pendingWith(scope: EmitScope, sub: WebhookSubscriptionRow, key: string, windowMs: number, now: number): Promise<WebhookEventRow | null> {
  const mine = scope.enqueued.get(key);
  if (mine) return mine.status === "pending" ? mine : null;
  if (windowMs <= 0) return null;
  return scope.tx.webhooks.findMergeable(scope.workspaceId, sub.id, key, now);
}

/**
 * Notion collapses a quick sequence on one entity "into the most meaningful event or none"
 * (webhooks-events-delivery, "Aggregated events"): a change to something created within the
 * window is part of its creation; created then deleted, or deleted then restored, is nothing.
 */
async function outcomeOf(scope: EmitScope, sub: WebhookSubscriptionRow, form: EventForm, windowMs: number, now: number): Promise<Outcome> {
  const id = form.entity.id;
  const find = (type: string) => pendingWith(scope, sub, aggregateKey(sub, type, id), windowMs, now);
  const suffix = form.type.slice(form.type.indexOf(".") + 1);
  if (suffix === "deleted") {
    const created = await find(sibling(form.type, "created"));
    if (created) return { kind: "cancel", drop: created };
    const undeleted = await find(sibling(form.type, "undeleted"));
    if (undeleted) return { kind: "cancel", drop: undeleted };
  } else if (suffix === "undeleted") {
    const deleted = await find(sibling(form.type, "deleted"));
    if (deleted) return { kind: "cancel", drop: deleted };
  } else if (suffix !== "created") {
    const created = await find(sibling(form.type, "created"));
    if (created) return { kind: "absorb", into: created };
  }
  const same = await find(form.type);
  return same ? { kind: "merge", into: same } : null;
}

/** Writes the event for one subscription: a new outbox row, or a merge into a pending one. */
async function enqueueFor(scope: EmitScope, sub: WebhookSubscriptionRow, form: EventForm, authors: Author[], accessibleBy: Author[] | undefined): Promise<void> {
  const { tx, deps } = scope;
  const now = deps.clock.now();
  const aggregated = isAggregated(form.type);
  const windowMs = aggregated ? webhookSettings(deps).aggregationMs : 0;
  const outcome = aggregated ? await outcomeOf(scope, sub, form, windowMs, now) : null;
  if (outcome?.kind === "cancel") {
    const dropped = { ...outcome.drop, status: "dropped" as const };
    await tx.webhooks.updateEvent(dropped);
    if (dropped.aggregate_key) scope.enqueued.set(dropped.aggregate_key, dropped);
    return;
  }
  if (outcome) {
    const row = outcome.into;
    const payload = { ...row.payload } as Record<string, unknown>;
    payload.timestamp = iso(now);
    payload.authors = mergeAuthors((payload.authors as Author[]) ?? [], authors);
    if (accessibleBy) payload.accessible_by = mergeAuthors((payload.accessible_by as Author[]) ?? [], accessibleBy);
    const data = (payload.data as Record<string, unknown> | undefined) ?? null;
    // Absorbed into a creation: only where it now is (the parent) carries over.
    const merged = outcome.kind === "absorb" ? (form.data && "parent" in form.data ? { ...data, parent: form.data.parent } : data) : mergeData(data, form.data);
    if (merged) payload.data = merged;
    const next = { ...row, payload };
    await tx.webhooks.updateEvent(next);
    if (next.aggregate_key) scope.enqueued.set(next.aggregate_key, next);
    return;
  }
  const id = deps.ids();
  const payload = buildEnvelope({
    id,
    timestamp: iso(now),
    workspaceId: scope.workspaceId,
    workspaceName: await scope.workspaceName(),
    subscriptionId: sub.id,
    integrationId: sub.integration_id,
    apiVersion: sub.api_version,
    form,
    authors,
    accessibleBy,
  });
  const key = aggregated ? aggregateKey(sub, form.type, form.entity.id) : null;
  const row = await tx.webhooks.enqueue(newEvent({
    workspace_id: scope.workspaceId,
    id,
    subscription_id: sub.id,
    type: form.type,
    entity_id: form.entity.id,
    entity_type: form.entity.type,
    payload,
    aggregate_key: key,
    created_time: now,
    due_time: now + windowMs,
  }));
  if (key) scope.enqueued.set(key, row);
  if (!scope.kicked) {
    scope.kicked = true;
    tx.afterCommit(() => kickDelivery(deps));
  }
}
