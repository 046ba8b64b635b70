/**
 * Webhook delivery (issue 14; docs/design/webhooks.md, "Delivery"): real receivers (node:http in
 * the test) get the handshake and events caused through the SDK, signed so that the SDK's
 * `verifyWebhookSignature` accepts them; retries with increasing attempt numbers; timeouts while
 * the server keeps answering; the pause rule and resuming; order per entity; redelivery; the
 * deny-private flag; a `kill -9` between commit and delivery; several nodes on one PostgreSQL
 * database sending each attempt once; and the tail stream.
 *
 * Subscriptions are made through the control API (`auto_verify` gives their token); the outbox and
 * the delivery log are read behind the server.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { verifyWebhookSignature } from "@notionhq/client";
import { startTestQuire, rt, storeStatements, type TestQuire } from "./helpers/quire.js";
import { startChildQuire } from "./helpers/child-quire.js";
import { onPostgres, queryOnStore } from "./helpers/store.js";
import { freshDatabase } from "./helpers/pg.js";
import { Receiver, eventually, type Received } from "./helpers/webhook-receiver.js";
import { newVerificationToken } from "../src/domain/webhooks/token.js";
import type { WebhookSettings } from "../src/domain/webhooks/policy.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const KEY = randomBytes(32);
const SECRET = KEY.toString("base64");
const CAPS = ["read_content", "update_content", "insert_content"];
/** Short everything: sent at once, retried after 20 ms, 40 ms…, an attempt cut off after 1 s. */
const FAST: Partial<WebhookSettings> = { aggregationMs: 0, retryBaseMs: 20, attemptTimeoutMs: 1_000, sweepMs: 200 };

interface World {
  q: TestQuire;
  dir: string;
  integ: { id: string; token: string; bot_id: string };
  receivers: Receiver[];
}

const worlds: World[] = [];
after(async () => {
  for (const w of worlds) {
    await w.q.close().catch(() => undefined);
    for (const r of w.receivers) await r.close().catch(() => undefined);
    rmSync(w.dir, { recursive: true, force: true });
  }
});

/** A server on a data directory (the outbox read behind it) and an integration that sees the start page. */
async function world(settings: Partial<WebhookSettings> = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "quire-webhook-delivery-"));
  const q = await startTestQuire({ memory: false, dataDir: dir, secretKey: SECRET, webhooks: { ...FAST, ...settings } });
  const integ = await q.integration("Listener", CAPS, [q.rootPageId]);
  const w = { q, dir, integ, receivers: [] };
  worlds.push(w);
  return w;
}

async function receiver(w: World, answer?: ConstructorParameters<typeof Receiver>[0]): Promise<Receiver> {
  const r = await new Receiver(answer).start();
  w.receivers.push(r);
  return r;
}

interface Sub {
  id: string;
  token: string;
}

/** An active subscription of `integrationId` to `url` through the control API at `base` (`auto_verify` answers its token). */
async function subscribeAt(base: string, adminKey: string, integrationId: string, url: string, opts: { verify?: boolean; types?: string[] } = {}): Promise<Sub & { status: string }> {
  const res = await fetch(`${base}/_quire/v1/integrations/${integrationId}/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ url, event_types: opts.types ?? ["page.created", "page.properties_updated"], api_version: "2025-09-03", auto_verify: opts.verify ?? true }),
  });
  const body = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(body));
  return { id: body.id, token: body.verification_token, status: body.status };
}

const subscribe = (w: World, url: string, opts: { verify?: boolean; types?: string[] } = {}) => subscribeAt(w.q.url, w.q.adminKey, w.integ.id, url, opts);

/** A subscription's attempts, in the order they were made (of events, or of its verification POST). */
async function attemptsOf(dir: string, subId: string, of: "events" | "verification" = "events") {
  return queryOnStore<{ event_id: string; attempt_number: number; status_code: number | null; error: string | null; request_body: string }>(
    dir,
    `SELECT a.event_id, a.attempt_number, a.status_code, a.error, a.request_body FROM webhook_attempts a JOIN webhook_events e ON e.workspace_id = a.workspace_id AND e.id = a.event_id
     WHERE a.subscription_id = ? AND ${of === "events" ? "e.type <> 'verification'" : "e.type = 'verification'"} ORDER BY a.started_time, a.attempt_number`,
    [subId],
  );
}

/** A subscription's events (not its verification POST), in the outbox's order. */
async function eventsOf(dir: string, subId: string, of: "events" | "verification" = "events") {
  return queryOnStore<{ id: string; type: string; status: string; attempts: number; entity_id: string | null; seq: number }>(
    dir,
    `SELECT id, type, status, attempts, entity_id, seq FROM webhook_events WHERE subscription_id = ? AND ${of === "events" ? "type <> 'verification'" : "type = 'verification'"} ORDER BY seq`,
    [subId],
  );
}

async function subscriptionOf(dir: string, subId: string) {
  return (await queryOnStore<{ status: string; consecutive_failures: number; paused_reason: string | null }>(dir, "SELECT status, consecutive_failures, paused_reason FROM webhook_subscriptions WHERE id = ?", [subId]))[0];
}

/** A page under the start page, made by the integration: one `page.created`. */
async function makePage(w: World, title: string): Promise<string> {
  const page = await w.q.client({ auth: w.integ.token }).pages.create({ parent: { page_id: w.q.rootPageId }, properties: { title: { title: rt(title) } } } as any);
  return page.id;
}

const signed = (r: Received, token: string) => verifyWebhookSignature({ body: r.body, signature: r.headers["x-notion-signature"] as string | undefined, verificationToken: token });

describe("webhook delivery", () => {
  test("the handshake: one unsigned POST of {verification_token} as JSON, with Notion's user agent; the log keeps no token", async () => {
    const w = await world();
    const r = await receiver(w);
    const sub = await subscribe(w, r.url, { verify: false });
    assert.equal(sub.status, "pending");
    assert.equal(sub.token, undefined);
    const got = await eventually(() => r.verifications[0]);
    assert.equal(got.method, "POST");
    assert.deepEqual(Object.keys(got.json), ["verification_token"]);
    const token = got.json.verification_token as string;
    assert.match(token, /^secret_/);
    assert.equal(got.body, JSON.stringify({ verification_token: token }));
    assert.equal(got.headers["content-type"], "application/json");
    assert.equal(got.headers["user-agent"], "notion-api");
    assert.equal(got.headers["x-notion-signature"], undefined);
    const attempts = await eventually(async () => {
      const rows = await attemptsOf(w.dir, sub.id, "verification");
      return rows.length === 1 && rows;
    });
    assert.equal(attempts[0].status_code, 200);
    assert.ok(!attempts[0].request_body.includes(token.slice(7)), "the delivery log keeps no verification token");
    assert.equal((await eventsOf(w.dir, sub.id, "verification"))[0].status, "delivered");
    // The developer pastes the token: the subscription is active, and its events are signed with it.
    const verified = await w.q.admin("POST", `/_quire/v1/webhooks/${sub.id}/verify`, { verification_token: token });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.equal(verified.body.status, "active");
    await makePage(w, "After verification");
    const [event] = await r.count(1);
    assert.equal(event.json.type, "page.created");
    assert.equal(await signed(event, token), true);
    assert.equal(r.verifications.length, 1);
  });

  test("an event caused through the SDK arrives signed: verifyWebhookSignature accepts the exact bytes, compact JSON", async () => {
    const w = await world();
    const r = await receiver(w);
    const sub = await subscribe(w, r.url);
    const pageId = await makePage(w, "Signed");
    const [got] = await r.count(1);
    assert.equal(got.json.type, "page.created");
    assert.equal(got.json.entity.id, pageId);
    assert.equal(got.json.subscription_id, sub.id);
    assert.equal(got.json.attempt_number, 1);
    assert.equal(got.headers["content-type"], "application/json");
    assert.equal(got.headers["user-agent"], "notion-api");
    assert.match(String(got.headers["x-notion-signature"]), /^sha256=[0-9a-f]{64}$/);
    assert.equal(await signed(got, sub.token), true);
    assert.equal(await verifyWebhookSignature({ body: got.body.replace("page.created", "page.deleted"), signature: got.headers["x-notion-signature"] as string, verificationToken: sub.token }), false);
    assert.equal(await signed(got, newVerificationToken()), false);
    assert.equal(got.body, JSON.stringify(JSON.parse(got.body)), "compact JSON");
    const keys = Object.keys(got.json);
    assert.ok(keys.indexOf("attempt_number") > keys.indexOf("authors") && keys.indexOf("attempt_number") < keys.indexOf("api_version"), keys.join(","));
  });

  test("a receiver failing twice then succeeding: attempts 1, 2, 3 of one event, each signed, all logged", async () => {
    const w = await world();
    const r = await receiver(w, (_req, n) => (n === 0 ? { status: 500, body: "boom" } : n === 1 ? 503 : 200));
    const sub = await subscribe(w, r.url);
    await makePage(w, "Retried");
    const got = await r.count(3);
    assert.deepEqual(got.map((g) => g.json.attempt_number), [1, 2, 3]);
    assert.equal(new Set(got.map((g) => g.json.id)).size, 1);
    for (const g of got) assert.equal(await signed(g, sub.token), true);
    const attempts = await eventually(async () => {
      const rows = await attemptsOf(w.dir, sub.id);
      return rows.length === 3 && rows;
    });
    assert.deepEqual(attempts.map((a) => [a.attempt_number, a.status_code, a.error]), [[1, 500, "status"], [2, 503, "status"], [3, 200, null]]);
    assert.deepEqual(attempts.map((a) => a.request_body), got.map((g) => g.body));
    const [event] = await eventsOf(w.dir, sub.id);
    assert.equal(event.status, "delivered");
    assert.equal(event.attempts, 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(r.received.length, 3, "nothing more after the 2xx");
  });

  test("a receiver that never answers: the attempt times out and is made again, and the server answers meanwhile", async () => {
    const w = await world();
    const r = await receiver(w, (_req, n) => (n === 0 ? "hang" : 200));
    const sub = await subscribe(w, r.url);
    await makePage(w, "Slow receiver");
    await r.count(1);
    // While the first attempt hangs, requests are answered.
    const sdk = w.q.client({ auth: w.integ.token });
    const me = await sdk.users.me({});
    assert.equal(me.object, "user");
    const page = await makePage(w, "Made while a delivery hangs");
    assert.equal((await sdk.pages.retrieve({ page_id: page })).id, page);
    const got = await r.count(3);
    const first = got.filter((g) => g.json.id === got[0].json.id);
    assert.deepEqual(first.map((g) => g.json.attempt_number), [1, 2]);
    const attempts = await eventually(async () => {
      const rows = (await attemptsOf(w.dir, sub.id)).filter((a) => a.event_id === got[0].json.id);
      return rows.length === 2 && rows;
    });
    assert.deepEqual(attempts.map((a) => [a.attempt_number, a.status_code, a.error]), [[1, null, "timeout"], [2, 200, null]]);
  });

  test("events of one entity arrive in order: a later event waits for the earlier one's retry", async () => {
    const w = await world();
    const r = await receiver(w, (_req, n) => (n === 0 ? 500 : 200));
    const sub = await subscribe(w, r.url);
    const sdk = w.q.client({ auth: w.integ.token });
    const pageId = await makePage(w, "Ordered");
    for (const title of ["Ordered 2", "Ordered 3"]) await sdk.pages.update({ page_id: pageId, properties: { title: { title: rt(title) } } } as any);
    const outbox = await eventsOf(w.dir, sub.id);
    assert.ok(outbox.length >= 2, JSON.stringify(outbox));
    await r.count(outbox.length + 1);
    const arrived = r.received.filter((g) => g.json.entity?.id === pageId);
    assert.equal(arrived[0].json.attempt_number, 1);
    assert.equal(arrived[1].json.id, arrived[0].json.id, "the retry of the first event comes before anything later");
    assert.equal(arrived[1].json.attempt_number, 2);
    const order = arrived.slice(1).map((g) => g.json.id);
    assert.deepEqual(order, outbox.map((e) => e.id), "delivered in the outbox's order");
  });

  test("three events given up in a row pause the subscription; an event waiting for its retry waits; active again, it is sent", async () => {
    const w = await world({ retryBaseMs: 2, attemptTimeoutMs: 3_000 });
    let resumed = false;
    let slow = "";
    // Pages 1–3 fail every attempt; page 4's first attempt fails and its second hangs until cut off,
    // so its third is still to come when the subscription pauses.
    const r = await receiver(w, (req) => (resumed ? 200 : req.json?.entity?.id === slow && req.json.attempt_number === 2 ? "hang" : 500));
    const sub = await subscribe(w, r.url);
    slow = await makePage(w, "Slow");
    for (const i of [1, 2, 3]) await makePage(w, `Failing ${i}`);
    const paused = await eventually(async () => {
      const s = await subscriptionOf(w.dir, sub.id);
      return s.status === "paused" && s;
    }, 30_000);
    assert.equal(paused.consecutive_failures, 3);
    assert.match(String(paused.paused_reason), /3 events/);
    const events = await eventsOf(w.dir, sub.id);
    const failed = events.filter((e) => e.entity_id !== slow);
    assert.deepEqual(failed.map((e) => [e.status, e.attempts]), [["failed", 8], ["failed", 8], ["failed", 8]]);
    const attempted = r.received.filter((g) => g.json.entity.id !== slow).map((g) => g.json.attempt_number).sort((a, b) => a - b);
    assert.deepEqual(attempted, [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8]);
    // Page 4's event: its second attempt times out after the pause; the third waits.
    const waiting = await eventually(async () => {
      const e = (await eventsOf(w.dir, sub.id)).find((e) => e.entity_id === slow)!;
      return e.attempts === 2 && e;
    }, 30_000);
    assert.equal(waiting.status, "pending");
    const before = r.received.length;
    await new Promise((resolve) => setTimeout(resolve, 700)); // a few sweeps go by
    assert.equal(r.received.length, before, "nothing is sent to a paused subscription");
    // Redelivering an event of a paused subscription says how to resume.
    const refused = await w.q.admin("POST", `/_quire/v1/webhooks/${sub.id}/deliveries/${failed[0].id}/redeliver`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, "validation_error");
    assert.match(refused.body.message, /paused/);

    resumed = true;
    const resumedSub = await w.q.admin("PATCH", `/_quire/v1/webhooks/${sub.id}`, { status: "active" });
    assert.equal(resumedSub.status, 200, JSON.stringify(resumedSub.body));
    assert.equal(resumedSub.body.status, "active");
    const sent = (await r.count(before + 1))[before];
    assert.equal(sent.json.entity.id, slow);
    assert.equal(sent.json.attempt_number, 3);
    assert.equal(await signed(sent, sub.token), true);
    await eventually(async () => (await eventsOf(w.dir, sub.id)).find((e) => e.entity_id === slow)!.status === "delivered");
  });

  test("redeliver: a delivered event is sent again as its next attempt; unknown ids are 404s", async () => {
    const w = await world();
    const r = await receiver(w);
    const sub = await subscribe(w, r.url);
    await makePage(w, "Again");
    const [first] = await r.count(1);
    await eventually(async () => (await eventsOf(w.dir, sub.id))[0].status === "delivered");
    for (const prefix of ["/_quire/v1", `/_quire/v1/workspaces/${w.q.workspaceId}`]) {
      const res = await w.q.admin("POST", `${prefix}/webhooks/${sub.id}/deliveries/${first.json.id}/redeliver`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.object, "webhook_delivery");
      assert.equal(res.body.id, first.json.id);
      assert.equal(res.body.type, "page.created");
      await eventually(async () => (await eventsOf(w.dir, sub.id))[0].status === "delivered");
    }
    const got = await r.count(3);
    assert.deepEqual(got.map((g) => [g.json.id, g.json.attempt_number]), [[first.json.id, 1], [first.json.id, 2], [first.json.id, 3]]);
    for (const g of got) assert.equal(await signed(g, sub.token), true);
    const missing = await w.q.admin("POST", `/_quire/v1/webhooks/${sub.id}/deliveries/${randomUUID()}/redeliver`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.object, "error");
    assert.equal(missing.body.code, "object_not_found");
    const noHook = await w.q.admin("POST", `/_quire/v1/webhooks/${randomUUID()}/deliveries/${first.json.id}/redeliver`);
    assert.equal(noHook.status, 404);
    const other = await w.q.admin("POST", "/_quire/v1/workspaces", { name: "Other" });
    const crossed = await w.q.admin("POST", `/_quire/v1/workspaces/${other.body.id}/webhooks/${sub.id}/deliveries/${first.json.id}/redeliver`);
    assert.equal(crossed.status, 404);
    assert.equal(crossed.body.code, "object_not_found");
    const bad = await w.q.admin("POST", `/_quire/v1/webhooks/nope/deliveries/${first.json.id}/redeliver`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, "validation_error");
  });

  test("--webhook-deny-private-urls: a loopback URL is refused when made, and at every attempt of one made before", async () => {
    const w = await world();
    const r = await receiver(w);
    const sub = await subscribe(w, r.url);
    await eventually(() => r.verifications[0]);
    // The operator turns the flag on: the same data, a server that refuses private addresses.
    await w.q.close();
    w.q = await startTestQuire({ memory: false, dataDir: w.dir, secretKey: SECRET, webhooks: { ...FAST, allowPrivate: false, retryBaseMs: 1 } });
    const refused = await w.q.admin("POST", `/_quire/v1/integrations/${w.integ.id}/webhooks`, { url: r.url, auto_verify: true });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, "validation_error");
    await makePage(w, "Private");
    const attempts = await eventually(async () => {
      const rows = await attemptsOf(w.dir, sub.id);
      return rows.length === 8 && rows;
    });
    assert.deepEqual([...new Set(attempts.map((a) => a.error))], ["refused"]);
    assert.deepEqual([...new Set(attempts.map((a) => a.status_code))], [null]);
    assert.equal(r.received.length, 0, "no request reached the receiver");
    assert.equal((await eventsOf(w.dir, sub.id)).find((e) => e.type === "page.created")!.status, "failed");
  });

  test("an idle worker writes nothing: its sweeps only read, so SQLite keeps its answers between them", { skip: onPostgres ? "SQLite only: PostgreSQL keeps no answers" : false }, async () => {
    const w = await world({ sweepMs: 50 });
    const r = await receiver(w);
    await subscribe(w, r.url);
    const pageId = await makePage(w, "Kept");
    await r.count(1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the delivery recorded, its drain over
    const get = async () => storeStatements((await w.q.raw("GET", `/v1/pages/${pageId}`, { auth: w.integ.token })).headers.get("server-timing"));
    assert.ok((await get()) > 0);
    await new Promise((resolve) => setTimeout(resolve, 400)); // eight sweeps
    assert.equal(await get(), 0, "the kept answer survived the sweeps: no write unit ran");
  });

  test("the delivery stream and quire webhook tail show each attempt as it is recorded", async () => {
    const w = await world();
    const r = await receiver(w, (_req, n) => (n === 0 ? 502 : 200));
    const sub = await subscribe(w, r.url);
    const headers = { authorization: `Bearer ${w.q.adminKey}` };
    const unknown = await fetch(`${w.q.url}/_quire/v1/webhooks/deliveries/stream?webhook_id=${randomUUID()}`, { headers });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as any).code, "object_not_found");
    // Another workspace's path does not reach this one's webhooks.
    const other = await w.q.admin("POST", "/_quire/v1/workspaces", { name: "Other" });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const crossed = await fetch(`${w.q.url}/_quire/v1/workspaces/${other.body.id}/webhooks/deliveries/stream?webhook_id=${sub.id}`, { headers });
    assert.equal(crossed.status, 404);
    assert.equal(((await crossed.json()) as any).code, "object_not_found");
    const both = await fetch(`${w.q.url}/_quire/v1/webhooks/deliveries/stream?webhook_id=${sub.id}&integration_id=${w.integ.id}`, { headers });
    assert.equal(both.status, 400);
    assert.equal(((await both.json()) as any).code, "validation_error");

    const tail = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "webhook", "tail", "--url", w.q.url, "--admin-key", w.q.adminKey, "--webhook", sub.id], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    tail.stdout!.on("data", (d) => (out += d));
    tail.stderr!.on("data", (d) => (out += d));
    try {
      await eventually(() => out.includes("Following webhook deliveries"), 30_000, `the tail to start (${out})`);
      const stream = await fetch(`${w.q.url}/_quire/v1/workspaces/${w.q.workspaceId}/webhooks/deliveries/stream?integration_id=${w.integ.id}`, { headers });
      assert.equal(stream.status, 200);
      assert.match(String(stream.headers.get("content-type")), /^text\/event-stream/);
      const pageId = await makePage(w, "Tailed");
      const lines = await eventually(() => {
        const ls = out.split("\n").filter((l) => l.includes("page.created"));
        return ls.length >= 2 && ls;
      }, 15_000, `two tail lines (${out})`);
      assert.match(lines[0], new RegExp(`${sub.id}  page\\.created  page ${pageId}  attempt 1  502  \\d+ ms  \\(pending\\)`));
      assert.match(lines[1], new RegExp(`attempt 2  200  \\d+ ms  \\(delivered\\)`));
      // The SSE stream carried both attempts too, each once.
      const reader = stream.body!.getReader();
      let text = "";
      const entriesOf = () => text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6))).filter((e) => e.type === "page.created");
      while (entriesOf().length < 2) text += new TextDecoder().decode((await reader.read()).value);
      const entries = entriesOf();
      assert.deepEqual(entries.map((e) => [e.webhook_id, e.type, e.entity.id, e.attempt_number, e.status_code]), [[sub.id, "page.created", pageId, 1, 502], [sub.id, "page.created", pageId, 2, 200]]);
      await reader.cancel();
    } finally {
      tail.kill("SIGTERM");
    }
  });
});

test("kill -9 between the commit and the first attempt: the event is delivered after the restart, attempt 1, once", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-webhook-crash-"));
  const r = await new Receiver().start();
  // Aggregated events wait for their window: the process dies while this one waits.
  const opts = { memory: false, dataDir: dir, secretKey: SECRET, webhooks: { ...FAST, aggregationMs: 1_500 } };
  try {
    let s = await startChildQuire(opts);
    const admin = (path: string, body: unknown) =>
      fetch(s.url + path, { method: "POST", headers: { authorization: `Bearer ${s.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((res) => res.json() as Promise<any>);
    const integ = await admin("/_quire/v1/integrations", { name: "Listener", capabilities: CAPS });
    await admin(`/_quire/v1/integrations/${integ.id}/shares`, { object_id: s.rootPageId });
    const sub = await subscribeAt(s.url, s.adminKey, integ.id, r.url);
    const sdk = new (await import("@notionhq/client")).Client({ auth: integ.token, baseUrl: s.url, retry: false } as any);
    const page = await sdk.pages.create({ parent: { page_id: s.rootPageId }, properties: { title: { title: rt("Committed") } } } as any);
    s.child.kill("SIGKILL");
    await new Promise((resolve) => s.child.once("exit", resolve));
    const waiting = await eventsOf(dir, sub.id);
    assert.deepEqual(waiting.map((e) => [e.type, e.entity_id, e.status, e.attempts]), [["page.created", page.id, "pending", 0]], "committed with the page, not sent");
    assert.equal(r.received.length, 0);
    s = await startChildQuire(opts);
    try {
      const [got] = await r.count(1, 30_000);
      assert.equal(got.json.id, waiting[0].id);
      assert.equal(got.json.entity.id, page.id);
      assert.equal(got.json.attempt_number, 1);
      assert.equal(await signed(got, sub.token), true);
      await eventually(async () => (await eventsOf(dir, sub.id))[0].status === "delivered");
      assert.deepEqual((await attemptsOf(dir, sub.id)).map((a) => [a.attempt_number, a.status_code]), [[1, 200]]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(r.received.length, 1, "sent once");
    } finally {
      await s.stop();
    }
  } finally {
    await r.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("kill -9 while an attempt is in flight: after the restart the event is sent again with the same attempt number, and recorded once", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-webhook-crash-"));
  const r = await new Receiver((_req, n) => (n === 0 ? "hang" : 200)).start();
  const opts = { memory: false, dataDir: dir, secretKey: SECRET, webhooks: { ...FAST, attemptTimeoutMs: 800 } };
  try {
    let s = await startChildQuire(opts);
    const admin = (path: string, body: unknown) =>
      fetch(s.url + path, { method: "POST", headers: { authorization: `Bearer ${s.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((res) => res.json() as Promise<any>);
    const integ = await admin("/_quire/v1/integrations", { name: "Listener", capabilities: CAPS });
    await admin(`/_quire/v1/integrations/${integ.id}/shares`, { object_id: s.rootPageId });
    const sub = await subscribeAt(s.url, s.adminKey, integ.id, r.url);
    await eventually(() => r.verifications[0]);
    const sdk = new (await import("@notionhq/client")).Client({ auth: integ.token, baseUrl: s.url, retry: false } as any);
    const page = await sdk.pages.create({ parent: { page_id: s.rootPageId }, properties: { title: { title: rt("Crash") } } } as any);
    const [first] = await r.count(1);
    assert.equal(first.json.entity.id, page.id);
    s.child.kill("SIGKILL");
    await new Promise((resolve) => s.child.once("exit", resolve));
    assert.equal((await attemptsOf(dir, sub.id)).filter((a) => a.event_id === first.json.id).length, 0, "nothing recorded: the process died mid-attempt");
    s = await startChildQuire(opts);
    try {
      const [, again] = await r.count(2, 30_000);
      assert.equal(again.json.id, first.json.id);
      assert.equal(again.json.attempt_number, 1, "the attempt the dead process never recorded is made again");
      assert.equal(again.body, first.body);
      assert.equal(await signed(again, sub.token), true);
      const attempts = await eventually(async () => {
        const rows = (await attemptsOf(dir, sub.id)).filter((a) => a.event_id === first.json.id);
        return rows.length === 1 && rows;
      });
      assert.deepEqual(attempts.map((a) => [a.attempt_number, a.status_code]), [[1, 200]]);
      assert.equal((await eventsOf(dir, sub.id)).find((e) => e.id === first.json.id)!.status, "delivered");
    } finally {
      await s.stop();
    }
  } finally {
    await r.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("three nodes on one PostgreSQL database: a burst of writes over all of them, every attempt sent once", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a PostgreSQL database", timeout: 180_000 }, async () => {
  const db = await freshDatabase();
  // Every third request fails once, so retries are claimed across nodes too.
  const r = await new Receiver((_req, n) => (n % 3 === 0 ? 500 : 200)).start();
  const nodes: Awaited<ReturnType<typeof startChildQuire>>[] = [];
  try {
    const opts = { databaseUrl: db.url, secretKey: SECRET, webhooks: { ...FAST, sweepMs: 300 } };
    nodes.push(await startChildQuire(opts));
    const s0 = nodes[0];
    const admin = (path: string, body: unknown) =>
      fetch(s0.url + path, { method: "POST", headers: { authorization: `Bearer ${s0.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((res) => res.json() as Promise<any>);
    const integ = await admin("/_quire/v1/integrations", { name: "Listener", capabilities: CAPS });
    await admin(`/_quire/v1/integrations/${integ.id}/shares`, { object_id: s0.rootPageId });
    const sub = await subscribeAt(s0.url, s0.adminKey, integ.id, r.url);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    nodes.push(...(await Promise.all([startChildQuire(opts), startChildQuire(opts)])));
    const { Client } = await import("@notionhq/client");
    const sdks = nodes.map((s) => new Client({ auth: integ.token, baseUrl: s.url, retry: false } as any));
    // A tail on node 0 sees the attempts every node makes (node 0's at once, the others' by its poll).
    const stream = await fetch(`${s0.url}/_quire/v1/webhooks/deliveries/stream?webhook_id=${sub.id}`, { headers: { authorization: `Bearer ${s0.adminKey}` } });
    assert.equal(stream.status, 200);
    const PAGES = 30;
    await Promise.all(
      Array.from({ length: PAGES }, (_, i) => sdks[i % 3].pages.create({ parent: { page_id: s0.rootPageId }, properties: { title: { title: rt(`Burst ${i}`) } } } as any)),
    );
    await eventually(async () => {
      const { rows } = await c.query("SELECT count(*)::int AS n FROM webhook_events WHERE subscription_id = $1 AND status = 'delivered' AND type <> 'verification'", [sub.id]);
      return rows[0].n === PAGES;
    }, 60_000, `${PAGES} events delivered`);
    const { rows: attempts } = await c.query(
      "SELECT a.event_id, a.attempt_number FROM webhook_attempts a JOIN webhook_events e ON e.workspace_id = a.workspace_id AND e.id = a.event_id WHERE a.subscription_id = $1 AND e.type <> 'verification'",
      [sub.id],
    );
    await c.end();
    const pairs = r.received.map((g) => `${g.json.id}:${g.json.attempt_number}`);
    assert.equal(new Set(pairs).size, pairs.length, "no attempt of an event was sent twice");
    assert.deepEqual(attempts.map((a) => `${a.event_id}:${a.attempt_number}`).sort(), [...pairs].sort(), "every attempt sent was recorded once");
    assert.equal(new Set(r.received.map((g) => g.json.id)).size, PAGES);
    for (const id of new Set(r.received.map((g) => g.json.id))) {
      const numbers = r.received.filter((g) => g.json.id === id).map((g) => g.json.attempt_number).sort((a, b) => a - b);
      assert.deepEqual(numbers, numbers.map((_, i) => i + 1), `attempts of ${id}`);
    }
    for (const g of r.received) assert.equal(await signed(g, sub.token), true);
    const reader = stream.body!.getReader();
    let text = "";
    const tailed = () => text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6))).filter((e) => e.type === "page.created");
    while (tailed().length < pairs.length) text += new TextDecoder().decode((await reader.read()).value);
    assert.deepEqual(tailed().map((e) => `${e.delivery_id}:${e.attempt_number}`).sort(), [...pairs].sort(), "the tail shows every attempt once, whichever node made it");
    await reader.cancel();
  } finally {
    for (const s of nodes) await s.stop().catch(() => undefined);
    await r.close();
    await db.drop();
  }
});
