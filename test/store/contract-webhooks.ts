/**
 * Storage contract: webhooks (Tx.webhooks) — subscriptions kept, changed, listed and removed with
 * their events and attempts; which subscriptions reach a workspace (internal ones of it, public
 * ones installed in it, active only; right again after every change, rolled-back ones included);
 * the outbox's seq per workspace, merge lookup, claims (due, leased, earliest per entity, active
 * subscriptions but for verifications), the next due time, paging of a subscription's events;
 * the delivery log; a workspace deleted takes its events; and, with two nodes, claims that never
 * overlap. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IntegrationRow, Store } from "../../src/storage/types.js";
import type { NewWebhookEvent, WebhookAttemptRow, WebhookSubscriptionRow } from "../../src/storage/webhooks.js";
import { id, newWorkspace, T0 } from "./fixtures.js";

const subscription = (ws: string, over: Partial<WebhookSubscriptionRow> = {}): WebhookSubscriptionRow => ({
  id: id(),
  workspace_id: ws,
  integration_id: id(),
  kind: "internal",
  url: "http://127.0.0.1:9/hook",
  event_types: ["page.created", "comment.created"],
  api_version: "2026-03-11",
  status: "active",
  token_sealed: "aes-256-gcm:token",
  token_hash: "ab".repeat(32),
  verified_time: null,
  paused_time: null,
  paused_reason: null,
  consecutive_failures: 0,
  created_time: T0,
  updated_time: T0,
  ...over,
});

const event = (ws: string, sub: string, over: Partial<NewWebhookEvent> = {}): NewWebhookEvent => ({
  workspace_id: ws,
  id: id(),
  subscription_id: sub,
  type: "page.created",
  entity_id: null,
  entity_type: null,
  payload: { id: "x", timestamp: "2026-01-01T00:00:00.000Z", z: 1, a: [1, { y: 2, b: 3 }] },
  aggregate_key: null,
  created_time: T0,
  due_time: T0,
  status: "pending",
  attempts: 0,
  claimed_by: null,
  claimed_until: null,
  last_status_code: null,
  last_error: null,
  delivered_time: null,
  ...over,
});

const attempt = (ws: string, eventId: string, sub: string, n: number, over: Partial<WebhookAttemptRow> = {}): WebhookAttemptRow => ({
  workspace_id: ws,
  event_id: eventId,
  subscription_id: sub,
  attempt_number: n,
  started_time: T0 + n,
  duration_ms: 12,
  status_code: 500,
  error: null,
  request_body: `{"attempt_number":${n}}`,
  response_excerpt: "oops",
  ...over,
});

const installation = (ws: string, clientId: string): IntegrationRow => ({
  workspace_id: ws,
  id: id(),
  name: "Public",
  token_hash: id(),
  bot_id: id(),
  capabilities: ["read_content"],
  created_time: T0,
  oauth_client_id: clientId,
  installed_by: id(),
});

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** Every test's events are due far in the future unless given: claims of one test never take another's. */
const FAR = T0 + 10 ** 12;

/** The webhook cases, run against `store()`; `another` opens a second node on the same database. */
export function webhookCases(store: () => Store, another?: () => Promise<Store>): void {
  test("webhooks: a subscription is kept whole, updated in place, listed by integration oldest first and removed with its events and attempts", async () => {
    const ws = await newWorkspace(store());
    const integration = id();
    const a = subscription(ws, { integration_id: integration, created_time: T0 + 2 });
    const b = subscription(ws, { integration_id: integration, created_time: T0 + 1, kind: "public", status: "pending" });
    await store().write(async (tx) => {
      await tx.webhooks.insertSubscription(a);
      await tx.webhooks.insertSubscription(b);
      await tx.webhooks.insertSubscription(subscription(ws));
    });
    assert.deepEqual(await store().read((tx) => tx.webhooks.getSubscription(a.id)), a);
    assert.deepEqual(ids(await store().read((tx) => tx.webhooks.listSubscriptions(ws, integration))), [b.id, a.id]);
    assert.deepEqual(await store().read((tx) => tx.webhooks.listSubscriptions(id(), integration)), [], "another workspace's integration has none");
    const changed = { ...a, url: "https://example.com/x", event_types: ["page.moved"], status: "paused" as const, paused_time: T0 + 9, paused_reason: "failing", consecutive_failures: 3, verified_time: T0 + 3, updated_time: T0 + 9 };
    await store().write((tx) => tx.webhooks.updateSubscription({ ...changed, created_time: 0, workspace_id: "ignored", kind: "public" }));
    assert.deepEqual(await store().read((tx) => tx.webhooks.getSubscription(a.id)), changed, "keys, kind and created time are not rewritten");

    const e = await store().write((tx) => tx.webhooks.enqueue(event(ws, a.id, { due_time: FAR })));
    const kept = await store().write((tx) => tx.webhooks.enqueue(event(ws, b.id, { due_time: FAR })));
    await store().write((tx) => tx.webhooks.insertAttempt(attempt(ws, e.id, a.id, 1)));
    await store().write((tx) => tx.webhooks.insertAttempt(attempt(ws, kept.id, b.id, 1)));
    assert.equal(await store().write((tx) => tx.webhooks.deleteSubscription(a.id)), true);
    assert.equal(await store().write((tx) => tx.webhooks.deleteSubscription(a.id)), false);
    assert.equal(await store().read((tx) => tx.webhooks.getSubscription(a.id)), null);
    assert.equal(await store().read((tx) => tx.webhooks.getEvent(ws, e.id)), null);
    assert.deepEqual(await store().read((tx) => tx.webhooks.listAttempts(ws, [e.id])), []);
    assert.equal((await store().read((tx) => tx.webhooks.getEvent(ws, kept.id)))?.id, kept.id, "another subscription's events stay");
    assert.equal((await store().read((tx) => tx.webhooks.listAttempts(ws, [kept.id]))).length, 1);

    assert.deepEqual(await store().write((tx) => tx.webhooks.deleteSubscriptionsOf(ws, integration)), [b.id]);
    assert.equal(await store().read((tx) => tx.webhooks.getEvent(ws, kept.id)), null);
    assert.deepEqual(await store().read((tx) => tx.webhooks.listSubscriptions(ws, integration)), []);
  });

  test("webhooks: what reaches a workspace — its internal subscriptions and installed public ones, active only — follows every change, and a rolled-back one leaves it as it was", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const reaching = (w: string) => store().read((tx) => tx.webhooks.subscriptionsReaching(w)).then(ids);
    const internal = subscription(ws, { created_time: T0 + 1 });
    const pending = subscription(ws, { status: "pending" });
    const elsewhere = subscription(other);
    const clientId = id();
    const publicSub = subscription(other, { kind: "public", integration_id: clientId, created_time: T0 + 2 });
    await store().write(async (tx) => {
      for (const s of [internal, pending, elsewhere, publicSub]) await tx.webhooks.insertSubscription(s);
    });
    assert.deepEqual(await reaching(ws), [internal.id], "the public one is not installed here");
    assert.deepEqual(await reaching(ws), [internal.id], "asked again, the same");
    assert.deepEqual(await reaching(other), [elsewhere.id], "the public one's registering workspace has no installation of it");

    // An installation in ws brings the public subscription (two installations: still once).
    const inst = installation(ws, clientId);
    await store().write(async (tx) => {
      await tx.insertIntegration(inst);
      await tx.insertIntegration(installation(ws, clientId));
    });
    assert.deepEqual(await reaching(ws), [internal.id, publicSub.id]);
    // Inside a write unit the answer follows the unit's own changes.
    await store().write(async (tx) => {
      await tx.webhooks.updateSubscription({ ...internal, status: "paused" });
      assert.deepEqual(ids(await tx.webhooks.subscriptionsReaching(ws)), [publicSub.id]);
      await tx.webhooks.updateSubscription(internal);
    });
    // A rolled-back change is not seen.
    await assert.rejects(
      store().write(async (tx) => {
        await tx.webhooks.updateSubscription({ ...publicSub, status: "paused" });
        assert.deepEqual(ids(await tx.webhooks.subscriptionsReaching(ws)), [internal.id]);
        throw new Error("roll back");
      }),
      /roll back/,
    );
    assert.deepEqual(await reaching(ws), [internal.id, publicSub.id]);
    await store().write((tx) => tx.webhooks.updateSubscription({ ...pending, status: "active" }));
    assert.deepEqual((await reaching(ws)).sort(), [internal.id, publicSub.id, pending.id].sort());
    await store().write((tx) => tx.webhooks.updateSubscription({ ...pending, status: "paused" }));
    const all = await store().read((tx) => tx.listIntegrations(ws));
    await store().write(async (tx) => {
      for (const i of all) await tx.deleteIntegration(ws, i.id);
    });
    assert.deepEqual(await reaching(ws), [internal.id], "uninstalled: the public one no longer reaches it");
    const subs = await store().read((tx) => tx.webhooks.subscriptionsReaching(ws));
    subs[0].event_types.push("changed by a caller");
    assert.deepEqual((await store().read((tx) => tx.webhooks.subscriptionsReaching(ws)))[0].event_types, internal.event_types, "no caller changes what the next one reads");
  });

  test("webhooks: enqueue numbers events per workspace in order; an event reads back whole, its payload's key order kept; updateEvent writes the delivery columns", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const s = subscription(ws);
    await store().write((tx) => tx.webhooks.insertSubscription(s));
    const first = await store().write((tx) => tx.webhooks.enqueue(event(ws, s.id, { due_time: FAR })));
    const [second, third] = await store().write(async (tx) => [await tx.webhooks.enqueue(event(ws, s.id, { due_time: FAR })), await tx.webhooks.enqueue(event(ws, s.id, { due_time: FAR }))]);
    const elsewhere = await store().write((tx) => tx.webhooks.enqueue(event(other, s.id, { due_time: FAR })));
    assert.deepEqual([first.seq, second.seq, third.seq], [1, 2, 3]);
    assert.equal(elsewhere.seq, 1, "numbered per workspace");
    const got = await store().read((tx) => tx.webhooks.getEvent(ws, first.id));
    assert.deepEqual(got, first);
    assert.equal(JSON.stringify(got!.payload), JSON.stringify(first.payload), "keys in the order written");
    assert.equal(await store().read((tx) => tx.webhooks.getEvent(other, first.id)), null, "not across workspaces");
    const done = { ...first, status: "delivered" as const, attempts: 2, claimed_by: null, claimed_until: null, last_status_code: 200, last_error: null, delivered_time: T0 + 5, due_time: T0 + 4, payload: { merged: true } };
    await store().write((tx) => tx.webhooks.updateEvent(done));
    assert.deepEqual(await store().read((tx) => tx.webhooks.getEvent(ws, first.id)), done);
  });

  test("webhooks: findMergeable answers the newest unsent, unclaimed, unattempted event of that key still waiting, else null", async () => {
    const ws = await newWorkspace(store());
    const s = subscription(ws);
    await store().write((tx) => tx.webhooks.insertSubscription(s));
    const now = FAR - 1000;
    const find = (key: string, at = now) => store().read((tx) => tx.webhooks.findMergeable(ws, s.id, key, at));
    const older = await store().write((tx) => tx.webhooks.enqueue(event(ws, s.id, { aggregate_key: "k", due_time: FAR })));
    const newer = await store().write((tx) => tx.webhooks.enqueue(event(ws, s.id, { aggregate_key: "k", due_time: FAR })));
    assert.equal((await find("k"))?.id, newer.id);
    assert.equal(await find("other"), null);
    assert.equal(await find("k", FAR), null, "due already: being sent, not merged into");
    assert.equal(await store().read((tx) => tx.webhooks.findMergeable(ws, id(), "k", now)), null, "another subscription's");
    await store().write((tx) => tx.webhooks.updateEvent({ ...newer, claimed_by: "node", claimed_until: FAR }));
    assert.equal((await find("k"))?.id, older.id, "claimed: not merged into");
    await store().write((tx) => tx.webhooks.updateEvent({ ...older, attempts: 1 }));
    assert.equal(await find("k"), null, "attempted: not merged into");
  });

  test("webhooks: claimDue takes due events whose lease is free, the earliest per subscription and entity, of active subscriptions (any for verifications), and marks them", async () => {
    const ws = await newWorkspace(store());
    const active = subscription(ws);
    const paused = subscription(ws, { status: "paused" });
    const pending = subscription(ws, { status: "pending" });
    await store().write(async (tx) => {
      for (const s of [active, paused, pending]) await tx.webhooks.insertSubscription(s);
    });
    // A time of this test's own: every earlier test's events are due far later.
    const now = T0 + 10 ** 11;
    const put = (over: Partial<NewWebhookEvent>) => store().write((tx) => tx.webhooks.enqueue(event(ws, active.id, { due_time: now - 10, ...over })));
    const p1a = await put({ entity_id: "page-1", entity_type: "page" });
    const p1b = await put({ entity_id: "page-1", entity_type: "page", due_time: now - 20 });
    const p2 = await put({ entity_id: "page-2", entity_type: "page", due_time: now - 5 });
    const loose1 = await put({ due_time: now - 30 });
    const later = await put({ entity_id: "page-3", entity_type: "page", due_time: now + 100 });
    const behindLater = await put({ entity_id: "page-3", entity_type: "page", due_time: now - 40 });
    await put({ subscription_id: paused.id });
    const verification = await put({ subscription_id: pending.id, type: "verification", due_time: now - 1 });
    await put({ subscription_id: pending.id, type: "page.created" });
    await put({ status: "delivered" });

    assert.equal(await store().read((tx) => tx.webhooks.nextDueTime()).then((t) => t !== null && t <= now - 30), true, "something is due now");
    const claimed = await store().write((tx) => tx.webhooks.claimDue("node-a", now, now + 1000, 100));
    // Earliest due first: loose (−30), p1a (−10; p1b waits behind it though due earlier), p2 (−5), verification (−1).
    assert.deepEqual(ids(claimed), [loose1.id, p1a.id, p2.id, verification.id]);
    for (const e of claimed) assert.deepEqual([e.claimed_by, e.claimed_until], ["node-a", now + 1000]);
    assert.equal((await store().read((tx) => tx.webhooks.getEvent(ws, p1a.id)))?.claimed_by, "node-a");
    assert.deepEqual(await store().write((tx) => tx.webhooks.claimDue("node-b", now, now + 1000, 100)), [], "leased: nobody else takes them; p1b waits for p1a");
    assert.equal(await store().read((tx) => tx.webhooks.nextDueTime()), now + 100, "page-3's first event, due later (the one behind it waits)");

    // p1a delivered: p1b is next for page-1; the lease of the rest expires and they are taken again.
    await store().write((tx) => tx.webhooks.updateEvent({ ...p1a, status: "delivered", claimed_by: null, claimed_until: null }));
    assert.deepEqual(ids(await store().write((tx) => tx.webhooks.claimDue("node-b", now, now + 1000, 100))), [p1b.id]);
    const again = await store().write((tx) => tx.webhooks.claimDue("node-b", now + 1000, now + 2000, 2));
    assert.deepEqual(ids(again), [loose1.id, p1b.id], "expired leases, limit 2, earliest due first");
    assert.equal(again[0].claimed_by, "node-b");
    await store().write(async (tx) => {
      for (const e of [loose1, p1b, p2, verification]) await tx.webhooks.updateEvent({ ...e, status: "delivered" });
    });
    assert.deepEqual(ids(await store().write((tx) => tx.webhooks.claimDue("node-b", now + 100, now + 2000, 100))), [later.id], "due now, and page-3's earliest");
    await store().write((tx) => tx.webhooks.updateEvent({ ...later, status: "failed" }));
    assert.deepEqual(ids(await store().write((tx) => tx.webhooks.claimDue("node-b", now + 100, now + 2000, 100))), [behindLater.id]);
    await store().write((tx) => tx.webhooks.updateEvent({ ...behindLater, status: "delivered" }));
  });

  test("webhooks: a subscription's events page newest first across workspaces, by status, from a cursor; an unknown cursor is null", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const s = subscription(ws);
    await store().write((tx) => tx.webhooks.insertSubscription(s));
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await store().write((tx) => tx.webhooks.enqueue(event(i === 2 ? other : ws, s.id, { created_time: T0 + (i < 4 ? i : 3), due_time: FAR, status: i === 1 ? "delivered" : "pending" }))));
    await store().write((tx) => tx.webhooks.enqueue(event(ws, id(), { due_time: FAR })));
    const expected = [made[4].id, made[3].id, made[2].id, made[1].id, made[0].id];
    const first = await store().read((tx) => tx.webhooks.listEvents(s.id, { limit: 2 }));
    assert.deepEqual(ids(first!.items), expected.slice(0, 2), "same created time: the later seq first");
    assert.equal(first!.next, expected[2]);
    const second = await store().read((tx) => tx.webhooks.listEvents(s.id, { limit: 2, cursor: first!.next }));
    assert.deepEqual(ids(second!.items), expected.slice(2, 4));
    const last = await store().read((tx) => tx.webhooks.listEvents(s.id, { limit: 2, cursor: second!.next }));
    assert.deepEqual([ids(last!.items), last!.next], [[expected[4]], null]);
    const delivered = await store().read((tx) => tx.webhooks.listEvents(s.id, { limit: 10, status: "delivered" }));
    assert.deepEqual([ids(delivered!.items), delivered!.next], [[made[1].id], null]);
    assert.equal(await store().read((tx) => tx.webhooks.listEvents(s.id, { limit: 2, cursor: id() })), null);
  });

  test("webhooks: attempts are listed by event and attempt number, per workspace; deleting a workspace removes its events and attempts", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const s = subscription(other);
    await store().write((tx) => tx.webhooks.insertSubscription(s));
    const [e1, e2] = await store().write(async (tx) => [await tx.webhooks.enqueue(event(ws, s.id, { due_time: FAR })), await tx.webhooks.enqueue(event(ws, s.id, { due_time: FAR }))]);
    await store().write(async (tx) => {
      await tx.webhooks.insertAttempt(attempt(ws, e1.id, s.id, 2, { status_code: null, error: "timeout", response_excerpt: null }));
      await tx.webhooks.insertAttempt(attempt(ws, e1.id, s.id, 1));
      await tx.webhooks.insertAttempt(attempt(ws, e2.id, s.id, 1, { status_code: 200 }));
    });
    const got = await store().read((tx) => tx.webhooks.listAttempts(ws, [e1.id, e2.id]));
    const byEvent = (x: [string, number], y: [string, number]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]);
    const expected: [string, number][] = [[e1.id, 1], [e1.id, 2], [e2.id, 1]];
    assert.deepEqual(got.map((a) => [a.event_id, a.attempt_number]), expected.sort(byEvent));
    assert.deepEqual(got.filter((a) => a.event_id === e1.id).map((a) => a.attempt_number), [1, 2]);
    assert.deepEqual(got.find((a) => a.attempt_number === 2), attempt(ws, e1.id, s.id, 2, { status_code: null, error: "timeout", response_excerpt: null }));
    assert.deepEqual(await store().read((tx) => tx.webhooks.listAttempts(other, [e1.id])), [], "not across workspaces");
    assert.deepEqual(await store().read((tx) => tx.webhooks.listAttempts(ws, [])), []);

    await store().write((tx) => tx.allWorkspaces.remove(ws));
    assert.equal(await store().read((tx) => tx.webhooks.getEvent(ws, e1.id)), null);
    assert.deepEqual(await store().read((tx) => tx.webhooks.listAttempts(ws, [e1.id, e2.id])), []);
    assert.ok(await store().read((tx) => tx.webhooks.getSubscription(s.id)), "the subscription is the other workspace's");
    await store().write((tx) => tx.allWorkspaces.remove(other));
    assert.equal(await store().read((tx) => tx.webhooks.getSubscription(s.id)), null, "the developer's workspace deleted: its subscriptions go");
  });

  if (another)
    test("webhooks: two nodes claiming at once never take the same event, and the earliest-per-entity rule holds between them", async () => {
      const b = await another();
      const ws = await newWorkspace(store());
      const s = subscription(ws);
      await store().write((tx) => tx.webhooks.insertSubscription(s));
      const now = T0 + 2 * 10 ** 11;
      const made: { id: string; entity_id: string | null }[] = [];
      await store().write(async (tx) => {
        for (let i = 0; i < 60; i++) made.push(await tx.webhooks.enqueue(event(ws, s.id, { due_time: now - 100 + i, entity_id: i % 3 === 0 ? null : `entity-${i % 4}`, entity_type: "page" })));
      });
      const rounds = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store() : b).write((tx) => tx.webhooks.claimDue(`node-${i}`, now, now + 60_000, 10))),
      );
      const taken = rounds.flat().map((e) => e.id);
      assert.equal(new Set(taken).size, taken.length, "no event taken twice");
      // Loose events: all 20 taken; per entity: exactly the first of each (4 entities).
      const loose = made.filter((e) => e.entity_id === null).map((e) => e.id);
      const heads = ["entity-0", "entity-1", "entity-2", "entity-3"].map((k) => made.find((e) => e.entity_id === k)!.id).filter(Boolean);
      assert.deepEqual(new Set(taken), new Set([...loose, ...heads]));
    });
}
