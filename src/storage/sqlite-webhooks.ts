/** SQLite side of webhooks (src/storage/webhooks.ts; migration 23). */
import type Database from "better-sqlite3";
import type { ReadCache } from "./sqlite-read-cache.js";
import type { NewWebhookEvent, WebhookAttemptRow, WebhookEventRow, WebhookEventStatus, WebhookStore, WebhookSubscriptionRow } from "./webhooks.js";

type Row = Record<string, unknown>;

const SUBSCRIPTION = `id, workspace_id, integration_id, kind, url, event_types, api_version, status, token_sealed, token_hash,
  verified_time, paused_time, paused_reason, consecutive_failures, created_time, updated_time`;
const EVENT = `workspace_id, id, subscription_id, seq, type, entity_id, entity_type, payload, aggregate_key, created_time,
  due_time, status, attempts, claimed_by, claimed_until, last_status_code, last_error, delivered_time`;
const ATTEMPT = `workspace_id, event_id, subscription_id, attempt_number, started_time, duration_ms, status_code, error, request_body, response_excerpt`;

/** What `claimDue` and `nextDueTime` consider: pending, head of its entity, subscription active (or a verification). */
const CLAIMABLE = `e.status = 'pending'
  AND (s.status = 'active' OR e.type = 'verification')
  AND (e.entity_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM webhook_events p WHERE p.workspace_id = e.workspace_id AND p.subscription_id = e.subscription_id
       AND p.entity_id = e.entity_id AND p.status = 'pending' AND p.seq < e.seq))`;

export const subscriptionOf = (r: Row): WebhookSubscriptionRow => ({ ...(r as unknown as WebhookSubscriptionRow), event_types: JSON.parse(r.event_types as string) as string[] });
export const eventOf = (r: Row): WebhookEventRow => ({ ...(r as unknown as WebhookEventRow), payload: JSON.parse(r.payload as string) as Record<string, unknown> });
const subscriptionParams = (r: WebhookSubscriptionRow) => ({ ...r, event_types: JSON.stringify(r.event_types) });
const eventParams = (r: WebhookEventRow | NewWebhookEvent) => ({ ...r, payload: JSON.stringify(r.payload) });

/** `Tx.webhooks` on SQLite; what reaches a workspace is remembered in the store's `ReadCache`. */
export class SqliteWebhookStore implements WebhookStore {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly cache: ReadCache,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertSubscription: p(
        `INSERT INTO webhook_subscriptions (${SUBSCRIPTION}) VALUES (@id, @workspace_id, @integration_id, @kind, @url, @event_types, @api_version,
           @status, @token_sealed, @token_hash, @verified_time, @paused_time, @paused_reason, @consecutive_failures, @created_time, @updated_time)`,
      ),
      getSubscription: p(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE id = ?`),
      updateSubscription: p(
        `UPDATE webhook_subscriptions SET url = @url, event_types = @event_types, api_version = @api_version, status = @status,
           token_sealed = @token_sealed, token_hash = @token_hash, verified_time = @verified_time, paused_time = @paused_time,
           paused_reason = @paused_reason, consecutive_failures = @consecutive_failures, updated_time = @updated_time
         WHERE id = @id`,
      ),
      deleteSubscription: p(`DELETE FROM webhook_subscriptions WHERE id = ?`),
      deleteEventsOf: p(`DELETE FROM webhook_events WHERE subscription_id = ?`),
      deleteAttemptsOf: p(`DELETE FROM webhook_attempts WHERE subscription_id = ?`),
      subscriptionIdsOf: p(`SELECT id FROM webhook_subscriptions WHERE workspace_id = ? AND integration_id = ? ORDER BY created_time, id`),
      listSubscriptions: p(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE workspace_id = ? AND integration_id = ? ORDER BY created_time, id`),
      reaching: p(
        `SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE workspace_id = @ws AND kind = 'internal' AND status = 'active'
         UNION ALL
         SELECT ${SUBSCRIPTION} FROM webhook_subscriptions
          WHERE kind = 'public' AND status = 'active' AND integration_id IN (SELECT oauth_client_id FROM integrations WHERE workspace_id = @ws AND oauth_client_id IS NOT NULL)
         ORDER BY created_time, id`,
      ),
      nextSeq: p(`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM webhook_events WHERE workspace_id = ?`),
      enqueue: p(
        `INSERT INTO webhook_events (${EVENT}) VALUES (@workspace_id, @id, @subscription_id, @seq, @type, @entity_id, @entity_type, @payload,
           @aggregate_key, @created_time, @due_time, @status, @attempts, @claimed_by, @claimed_until, @last_status_code, @last_error, @delivered_time)`,
      ),
      findMergeable: p(
        `SELECT ${EVENT} FROM webhook_events WHERE workspace_id = ? AND subscription_id = ? AND aggregate_key = ? AND status = 'pending'
           AND claimed_by IS NULL AND attempts = 0 AND due_time > ? ORDER BY seq DESC LIMIT 1`,
      ),
      updateEvent: p(
        `UPDATE webhook_events SET type = @type, entity_id = @entity_id, entity_type = @entity_type, payload = @payload, aggregate_key = @aggregate_key,
           due_time = @due_time, status = @status, attempts = @attempts, claimed_by = @claimed_by, claimed_until = @claimed_until,
           last_status_code = @last_status_code, last_error = @last_error, delivered_time = @delivered_time
         WHERE workspace_id = @workspace_id AND id = @id`,
      ),
      claimable: p(
        `SELECT e.workspace_id, e.id FROM webhook_events e JOIN webhook_subscriptions s ON s.id = e.subscription_id
          WHERE e.due_time <= @now AND (e.claimed_until IS NULL OR e.claimed_until <= @now) AND ${CLAIMABLE}
          ORDER BY e.due_time, e.workspace_id, e.seq LIMIT @limit`,
      ),
      claim: p(
        `UPDATE webhook_events SET claimed_by = ?, claimed_until = ? WHERE workspace_id = ? AND id = ? RETURNING ${EVENT}`,
      ),
      nextDue: p(
        `SELECT MIN(MAX(e.due_time, COALESCE(e.claimed_until, 0))) AS t FROM webhook_events e JOIN webhook_subscriptions s ON s.id = e.subscription_id
          WHERE ${CLAIMABLE}`,
      ),
      getEvent: p(`SELECT ${EVENT} FROM webhook_events WHERE workspace_id = ? AND id = ?`),
      eventPosition: p(`SELECT created_time, seq, id FROM webhook_events WHERE subscription_id = ? AND id = ?`),
      listEvents: p(
        `SELECT ${EVENT} FROM webhook_events WHERE subscription_id = @sub AND (@status IS NULL OR status = @status)
           AND (created_time, seq, id) <= (@created, @seq, @id)
          ORDER BY created_time DESC, seq DESC, id DESC LIMIT @limit`,
      ),
      insertAttempt: p(
        `INSERT INTO webhook_attempts (${ATTEMPT}) VALUES (@workspace_id, @event_id, @subscription_id, @attempt_number, @started_time, @duration_ms,
           @status_code, @error, @request_body, @response_excerpt)`,
      ),
      listAttempts: p(
        `SELECT ${ATTEMPT} FROM webhook_attempts WHERE workspace_id = ? AND event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, attempt_number`,
      ),
    };
  }

  async insertSubscription(row: WebhookSubscriptionRow) {
    this.cache.reachingChanged();
    this.s.insertSubscription.run(subscriptionParams(row));
  }
  async getSubscription(id: string) {
    const r = this.s.getSubscription.get(id) as Row | undefined;
    return r ? subscriptionOf(r) : null;
  }
  async updateSubscription(row: WebhookSubscriptionRow) {
    this.cache.reachingChanged();
    this.s.updateSubscription.run(subscriptionParams(row));
  }
  async deleteSubscription(id: string) {
    this.cache.reachingChanged();
    this.s.deleteAttemptsOf.run(id);
    this.s.deleteEventsOf.run(id);
    return this.s.deleteSubscription.run(id).changes > 0;
  }
  async deleteSubscriptionsOf(workspaceId: string, integrationId: string) {
    const ids = (this.s.subscriptionIdsOf.all(workspaceId, integrationId) as { id: string }[]).map((r) => r.id);
    for (const id of ids) await this.deleteSubscription(id);
    return ids;
  }
  async listSubscriptions(workspaceId: string, integrationId: string) {
    return (this.s.listSubscriptions.all(workspaceId, integrationId) as Row[]).map(subscriptionOf);
  }
  async subscriptionsReaching(workspaceId: string) {
    let rows = this.cache.getReaching(workspaceId);
    if (!rows) {
      rows = this.s.reaching.all({ ws: workspaceId }) as Row[];
      this.cache.putReaching(workspaceId, rows);
    }
    return rows.map(subscriptionOf);
  }
  async enqueue(row: NewWebhookEvent) {
    const { seq } = this.s.nextSeq.get(row.workspace_id) as { seq: number };
    const full: WebhookEventRow = { ...row, seq };
    this.s.enqueue.run(eventParams(full));
    return full;
  }
  async findMergeable(workspaceId: string, subscriptionId: string, aggregateKey: string, now: number) {
    const r = this.s.findMergeable.get(workspaceId, subscriptionId, aggregateKey, now) as Row | undefined;
    return r ? eventOf(r) : null;
  }
  async updateEvent(row: WebhookEventRow) {
    this.s.updateEvent.run(eventParams(row));
  }
  async claimDue(node: string, now: number, leaseUntil: number, limit: number) {
    // One process owns the file and units are serialized: select, then mark, in one unit.
    const keys = this.s.claimable.all({ now, limit }) as { workspace_id: string; id: string }[];
    return keys.map((k) => eventOf(this.s.claim.get(node, leaseUntil, k.workspace_id, k.id) as Row));
  }
  async nextDueTime() {
    const r = this.s.nextDue.get() as { t: number | null };
    return r.t ?? null;
  }
  async getEvent(workspaceId: string, id: string) {
    const r = this.s.getEvent.get(workspaceId, id) as Row | undefined;
    return r ? eventOf(r) : null;
  }
  async listEvents(subscriptionId: string, opts: { status?: WebhookEventStatus; cursor?: string | null; limit: number }) {
    let from = { created: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER, id: "\uffff" };
    if (opts.cursor) {
      const at = this.s.eventPosition.get(subscriptionId, opts.cursor) as { created_time: number; seq: number; id: string } | undefined;
      if (!at) return null;
      from = { created: at.created_time, seq: at.seq, id: at.id };
    }
    const rows = (this.s.listEvents.all({ sub: subscriptionId, status: opts.status ?? null, ...from, limit: opts.limit + 1 }) as Row[]).map(eventOf);
    const next = rows.length > opts.limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async insertAttempt(row: WebhookAttemptRow) {
    this.s.insertAttempt.run(row);
  }
  async listAttempts(workspaceId: string, eventIds: readonly string[]) {
    if (eventIds.length === 0) return [];
    return this.s.listAttempts.all(workspaceId, JSON.stringify(eventIds)) as WebhookAttemptRow[];
  }
}
