/**
 * Webhooks (issue 14; docs/design/webhooks.md): integrations' subscriptions, the outbox of events
 * to send them, and the log of every delivery attempt.
 *
 * - `webhook_subscriptions` is global (a Citus reference table): a public integration's
 *   subscription receives events from every workspace that installed it, found while writing in
 *   any of them. Its `workspace_id` is the developer's workspace.
 * - `webhook_events` (the outbox: one row per event and subscription) and `webhook_attempts` are
 *   keyed by the workspace where the change happened.
 *
 * Times are epoch milliseconds. JSON columns are parsed here; `payload` is kept as text in both
 * databases, so its keys come back in the order they were written (the body is sent as written).
 */

/** Who a subscription belongs to: an internal integration, or a public one (an OAuth client). */
export type WebhookSubscriptionKind = "internal" | "public";
/** `pending` until verified; `paused` by the delivery rule or by hand. */
export type WebhookSubscriptionStatus = "pending" | "active" | "paused";
/** An outbox row's state: waiting (or in flight: claimed), sent, given up on, or dropped unsent. */
export type WebhookEventStatus = "pending" | "delivered" | "failed" | "dropped";

/** One subscription. */
export interface WebhookSubscriptionRow {
  id: string;
  /** The developer's workspace: the internal integration's, or the public integration's registering one. */
  workspace_id: string;
  /** An `integrations` row id (internal) or an `OAuthClientRow.id` (public). */
  integration_id: string;
  kind: WebhookSubscriptionKind;
  url: string;
  /** The event types it receives (never empty). */
  event_types: string[];
  /** The Notion-Version its payloads are shaped for. */
  api_version: string;
  status: WebhookSubscriptionStatus;
  /** The verification token, sealed with the server's key (read back to sign bodies). */
  token_sealed: string;
  /** SHA-256 (hex) of the verification token, for the constant-time check of `verify`. */
  token_hash: string;
  verified_time: number | null;
  paused_time: number | null;
  paused_reason: string | null;
  consecutive_failures: number;
  created_time: number;
  updated_time: number;
}

/** One outbox row: an event for one subscription, in the workspace where the change happened. */
export interface WebhookEventRow {
  workspace_id: string;
  /** The event id (a UUID): the envelope's `id`. */
  id: string;
  subscription_id: string;
  /** Assigned by `enqueue`: increasing per workspace, in commit order. */
  seq: number;
  /** The event type (`page.created` …), or `verification` for the handshake. */
  type: string;
  /** The entity the event is about; null: the event is independent of every other. */
  entity_id: string | null;
  entity_type: string | null;
  /** The envelope exactly as it will be sent, except `attempt_number` (key order kept). */
  payload: Record<string, unknown>;
  /** Events with the same key may be merged while unsent; null: never merged. */
  aggregate_key: string | null;
  created_time: number;
  /** The first send (created + aggregation window), then the next retry. */
  due_time: number;
  status: WebhookEventStatus;
  /** Attempts made so far. */
  attempts: number;
  /** The node sending it, while `claimed_until` is in the future (a lease). */
  claimed_by: string | null;
  claimed_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_time: number | null;
}

/** `enqueue`'s input: the store assigns `seq`. */
export type NewWebhookEvent = Omit<WebhookEventRow, "seq">;

/** One delivery attempt of one event. */
export interface WebhookAttemptRow {
  workspace_id: string;
  event_id: string;
  subscription_id: string;
  /** 1-based. */
  attempt_number: number;
  started_time: number;
  duration_ms: number;
  /** Null when no response came. */
  status_code: number | null;
  /** `timeout`, `connection`, `refused`, `too_large` …, or null. */
  error: string | null;
  /** The exact bytes sent (UTF-8 text). */
  request_body: string;
  /** The first 2 KiB of the response body; null when none. */
  response_excerpt: string | null;
}

/** A page of a subscription's events, newest first. */
export interface WebhookEventPage {
  items: WebhookEventRow[];
  /** The id of the first event of the next page, or null. */
  next: string | null;
}

/** `Tx.webhooks` (src/storage/sqlite-webhooks.ts, src/storage/postgres/webhooks.ts). */
export interface WebhookStore {
  insertSubscription(row: WebhookSubscriptionRow): Promise<void>;
  getSubscription(id: string): Promise<WebhookSubscriptionRow | null>;
  /** Writes every column but `id`, `workspace_id`, `integration_id`, `kind` and `created_time`. */
  updateSubscription(row: WebhookSubscriptionRow): Promise<void>;
  /** Removes the subscription, its events (in every workspace) and their attempts; false when there was none. */
  deleteSubscription(id: string): Promise<boolean>;
  /** Removes every subscription of an integration (as `deleteSubscription` each); their ids, oldest first. */
  deleteSubscriptionsOf(workspaceId: string, integrationId: string): Promise<string[]>;
  /** An integration's subscriptions, oldest first (ties by id). */
  listSubscriptions(workspaceId: string, integrationId: string): Promise<WebhookSubscriptionRow[]>;
  /**
   * The active subscriptions that may receive events of changes in `workspaceId`, oldest first:
   * internal ones of that workspace, and public ones whose client is installed there. One
   * statement; on SQLite none while no subscription or integration changed since it was last asked.
   */
  subscriptionsReaching(workspaceId: string): Promise<WebhookSubscriptionRow[]>;
  /** Inserts the event and answers it with its `seq` (one more than the workspace's highest). */
  enqueue(row: NewWebhookEvent): Promise<WebhookEventRow>;
  /**
   * The newest pending event of that subscription and key that no node has claimed, no attempt
   * was made on, and whose `due_time` is after `now`: one a new event may be merged into. Null if none.
   */
  findMergeable(workspaceId: string, subscriptionId: string, aggregateKey: string, now: number): Promise<WebhookEventRow | null>;
  /** Writes every column but the keys, `subscription_id`, `seq` and `created_time`. */
  updateEvent(row: WebhookEventRow): Promise<void>;
  /**
   * Claims up to `limit` events in every workspace that are due (`due_time <= now`), pending,
   * unclaimed or with an expired lease, the earliest pending event (by seq) of their subscription
   * and entity (events without an entity stand alone), and whose subscription is active (any
   * status for `verification` events): sets `claimed_by = node`, `claimed_until = leaseUntil` and
   * answers them, earliest due first (ties: workspace, seq). Nodes claiming at once never get the
   * same row (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimDue(node: string, now: number, leaseUntil: number, limit: number): Promise<WebhookEventRow[]>;
  /**
   * When `claimDue` may next find something: the earliest of max(due_time, claimed_until) over
   * the pending events it would consider (head of their entity, subscription active or a
   * verification); null when there are none.
   */
  nextDueTime(): Promise<number | null>;
  getEvent(workspaceId: string, id: string): Promise<WebhookEventRow | null>;
  /**
   * A subscription's events in every workspace, newest first (created_time, then seq, then id,
   * all descending), `limit` at most, of one status if given; from the event `cursor` (its id)
   * on. Null for a cursor that is not one of the subscription's events.
   */
  listEvents(subscriptionId: string, opts: { status?: WebhookEventStatus; cursor?: string | null; limit: number }): Promise<WebhookEventPage | null>;
  insertAttempt(row: WebhookAttemptRow): Promise<void>;
  /** The attempts of these events of one workspace, by event id then attempt number. */
  listAttempts(workspaceId: string, eventIds: readonly string[]): Promise<WebhookAttemptRow[]>;
}
