/**
 * `Tx.webhooks` on PostgreSQL (src/storage/webhooks.ts; migration 14). Subscriptions are global
 * (no workspace lock: they are written by the control API, and read by every write that emits
 * events); events and attempts lock their workspace before they are written. `claimDue` crosses
 * every workspace and takes row locks only (`FOR UPDATE SKIP LOCKED`).
 */
import type { NewWebhookEvent, WebhookAttemptRow, WebhookEventRow, WebhookEventStatus, WebhookStore, WebhookSubscriptionRow } from "../webhooks.js";
import type { PgSession, Row } from "./session.js";

const SUBSCRIPTION = `id, workspace_id, integration_id, kind, url, event_types, api_version, status, token_sealed, token_hash,
  verified_time, paused_time, paused_reason, consecutive_failures, created_time, updated_time`;
const EVENT = `workspace_id, id, subscription_id, seq, type, entity_id, entity_type, payload, aggregate_key, created_time,
  due_time, status, attempts, claimed_by, claimed_until, last_status_code, last_error, delivered_time`;
const ATTEMPT = `workspace_id, event_id, subscription_id, attempt_number, started_time, duration_ms, status_code, error, request_body, response_excerpt`;
const E_EVENT = EVENT.split(",").map((c) => `u.${c.trim()}`).join(", ");

/** What `claimDue` and `nextDueTime` consider: pending, head of its entity, subscription active (or a verification). */
const CLAIMABLE = `e.status = 'pending'
  AND (s.status = 'active' OR e.type = 'verification')
  AND (e.entity_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM webhook_events p WHERE p.workspace_id = e.workspace_id AND p.subscription_id = e.subscription_id
       AND p.entity_id = e.entity_id AND p.status = 'pending' AND p.seq < e.seq))`;

const subscriptionOf = (r: Row): WebhookSubscriptionRow => ({ ...(r as unknown as WebhookSubscriptionRow), event_types: JSON.parse(r.event_types as string) as string[] });
const eventOf = (r: Row): WebhookEventRow => ({ ...(r as unknown as WebhookEventRow), payload: JSON.parse(r.payload as string) as Record<string, unknown> });

/** Webhook subscriptions, the outbox and the delivery log. */
export class PgWebhooks implements WebhookStore {
  constructor(private readonly s: PgSession) {}

  async insertSubscription(r: WebhookSubscriptionRow) {
    await this.s.exec(`INSERT INTO webhook_subscriptions (${SUBSCRIPTION}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, [
      r.id,
      r.workspace_id,
      r.integration_id,
      r.kind,
      r.url,
      JSON.stringify(r.event_types),
      r.api_version,
      r.status,
      r.token_sealed,
      r.token_hash,
      r.verified_time,
      r.paused_time,
      r.paused_reason,
      r.consecutive_failures,
      r.created_time,
      r.updated_time,
    ]);
  }
  async getSubscription(id: string) {
    const r = await this.s.one(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE id = $1`, [id]);
    return r && subscriptionOf(r);
  }
  async updateSubscription(r: WebhookSubscriptionRow) {
    await this.s.exec(
      `UPDATE webhook_subscriptions SET url = $2, event_types = $3, api_version = $4, status = $5, token_sealed = $6, token_hash = $7,
         verified_time = $8, paused_time = $9, paused_reason = $10, consecutive_failures = $11, updated_time = $12
       WHERE id = $1`,
      [r.id, r.url, JSON.stringify(r.event_types), r.api_version, r.status, r.token_sealed, r.token_hash, r.verified_time, r.paused_time, r.paused_reason, r.consecutive_failures, r.updated_time],
    );
  }
  async deleteSubscription(id: string) {
    await this.s.exec(`DELETE FROM webhook_attempts WHERE subscription_id = $1`, [id]);
    await this.s.exec(`DELETE FROM webhook_events WHERE subscription_id = $1`, [id]);
    return (await this.s.exec(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id])) > 0;
  }
  async deleteSubscriptionsOf(workspaceId: string, integrationId: string) {
    const ids = (await this.s.query<{ id: string }>(`SELECT id FROM webhook_subscriptions WHERE workspace_id = $1 AND integration_id = $2 ORDER BY created_time, id`, [workspaceId, integrationId])).map((r) => r.id);
    for (const id of ids) await this.deleteSubscription(id);
    return ids;
  }
  async listSubscriptions(workspaceId: string, integrationId: string) {
    const rows = await this.s.query(`SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE workspace_id = $1 AND integration_id = $2 ORDER BY created_time, id`, [
      workspaceId,
      integrationId,
    ]);
    return rows.map(subscriptionOf);
  }
  async subscriptionsReaching(workspaceId: string) {
    const rows = await this.s.query(
      // Two indexed halves: the workspace's own (by workspace_id), and public clients installed in it (by integration_id).
      `SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE workspace_id = $1 AND kind = 'internal' AND status = 'active'
       UNION ALL
       SELECT ${SUBSCRIPTION} FROM webhook_subscriptions
        WHERE kind = 'public' AND status = 'active' AND integration_id IN (SELECT oauth_client_id FROM integrations WHERE workspace_id = $1 AND oauth_client_id IS NOT NULL)
       ORDER BY created_time, id`,
      [workspaceId],
      "quire_webhooks_reaching",
    );
    return rows.map(subscriptionOf);
  }
  async enqueue(r: NewWebhookEvent) {
    await this.s.lock(r.workspace_id);
    // Under the workspace's lock: writes of a workspace are serialized, so seq follows commit order.
    const row = await this.s.one<{ seq: number }>(
      `INSERT INTO webhook_events (${EVENT})
       VALUES ($1, $2, $3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM webhook_events WHERE workspace_id = $1), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING seq`,
      [
        r.workspace_id,
        r.id,
        r.subscription_id,
        r.type,
        r.entity_id,
        r.entity_type,
        JSON.stringify(r.payload),
        r.aggregate_key,
        r.created_time,
        r.due_time,
        r.status,
        r.attempts,
        r.claimed_by,
        r.claimed_until,
        r.last_status_code,
        r.last_error,
        r.delivered_time,
      ],
    );
    return { ...r, seq: Number(row!.seq) };
  }
  async findMergeable(workspaceId: string, subscriptionId: string, aggregateKey: string, now: number) {
    await this.s.lock(workspaceId);
    const r = await this.s.one(
      `SELECT ${EVENT} FROM webhook_events WHERE workspace_id = $1 AND subscription_id = $2 AND aggregate_key = $3 AND status = 'pending'
         AND claimed_by IS NULL AND attempts = 0 AND due_time > $4 ORDER BY seq DESC LIMIT 1`,
      [workspaceId, subscriptionId, aggregateKey, now],
    );
    return r && eventOf(r);
  }
  async updateEvent(r: WebhookEventRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(
      `UPDATE webhook_events SET type = $3, entity_id = $4, entity_type = $5, payload = $6, aggregate_key = $7, due_time = $8, status = $9,
         attempts = $10, claimed_by = $11, claimed_until = $12, last_status_code = $13, last_error = $14, delivered_time = $15
       WHERE workspace_id = $1 AND id = $2`,
      [
        r.workspace_id,
        r.id,
        r.type,
        r.entity_id,
        r.entity_type,
        JSON.stringify(r.payload),
        r.aggregate_key,
        r.due_time,
        r.status,
        r.attempts,
        r.claimed_by,
        r.claimed_until,
        r.last_status_code,
        r.last_error,
        r.delivered_time,
      ],
    );
  }
  async claimDue(node: string, now: number, leaseUntil: number, limit: number) {
    // Rows another node is claiming are skipped, and the head-of-entity test reads them as still
    // pending, so the events behind them wait; a row claimed and committed since this statement's
    // snapshot is re-checked when locked (its lease no longer free), so it is not taken twice.
    const rows = await this.s.query(
      `WITH c AS (
         SELECT e.workspace_id, e.id FROM webhook_events e JOIN webhook_subscriptions s ON s.id = e.subscription_id
          WHERE e.due_time <= $2 AND (e.claimed_until IS NULL OR e.claimed_until <= $2) AND ${CLAIMABLE}
          ORDER BY e.due_time, e.workspace_id, e.seq LIMIT $4
          FOR UPDATE OF e SKIP LOCKED
       )
       UPDATE webhook_events u SET claimed_by = $1, claimed_until = $3 FROM c WHERE u.workspace_id = c.workspace_id AND u.id = c.id
       RETURNING ${E_EVENT}`,
      [node, now, leaseUntil, limit],
    );
    return rows.map(eventOf).sort((a, b) => a.due_time - b.due_time || (a.workspace_id < b.workspace_id ? -1 : a.workspace_id > b.workspace_id ? 1 : a.seq - b.seq));
  }
  async nextDueTime() {
    const r = await this.s.one<{ t: number | null }>(
      `SELECT MIN(GREATEST(e.due_time, COALESCE(e.claimed_until, 0))) AS t FROM webhook_events e JOIN webhook_subscriptions s ON s.id = e.subscription_id
        WHERE ${CLAIMABLE}`,
    );
    return r?.t === null || r?.t === undefined ? null : Number(r.t);
  }
  async getEvent(workspaceId: string, id: string) {
    await this.s.lock(workspaceId);
    const r = await this.s.one(`SELECT ${EVENT} FROM webhook_events WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return r && eventOf(r);
  }
  async listEvents(subscriptionId: string, opts: { status?: WebhookEventStatus; cursor?: string | null; limit: number }) {
    let from: [number, number, string] = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "\uffff"];
    if (opts.cursor) {
      const at = await this.s.one<{ created_time: number; seq: number; id: string }>(`SELECT created_time, seq, id FROM webhook_events WHERE subscription_id = $1 AND id = $2`, [
        subscriptionId,
        opts.cursor,
      ]);
      if (!at) return null;
      from = [Number(at.created_time), Number(at.seq), at.id];
    }
    const rows = (
      await this.s.query(
        `SELECT ${EVENT} FROM webhook_events WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)
           AND (created_time, seq, id) <= ($3, $4, $5)
          ORDER BY created_time DESC, seq DESC, id DESC LIMIT $6`,
        [subscriptionId, opts.status ?? null, ...from, opts.limit + 1],
      )
    ).map(eventOf);
    const next = rows.length > opts.limit ? rows.pop()!.id : null;
    return { items: rows, next };
  }
  async insertAttempt(r: WebhookAttemptRow) {
    await this.s.lock(r.workspace_id);
    await this.s.exec(`INSERT INTO webhook_attempts (${ATTEMPT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      r.workspace_id,
      r.event_id,
      r.subscription_id,
      r.attempt_number,
      r.started_time,
      r.duration_ms,
      r.status_code,
      r.error,
      r.request_body,
      r.response_excerpt,
    ]);
  }
  async listAttempts(workspaceId: string, eventIds: readonly string[]) {
    if (eventIds.length === 0) return [];
    await this.s.lock(workspaceId);
    return this.s.query<WebhookAttemptRow>(
      `SELECT ${ATTEMPT} FROM webhook_attempts WHERE workspace_id = $1 AND event_id = ANY($2::text[]) ORDER BY event_id, attempt_number`,
      [workspaceId, eventIds],
    );
  }
}
