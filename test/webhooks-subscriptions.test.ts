/**
 * Webhook subscriptions on the control API (docs/design/webhooks.md): made on internal and public
 * integrations under both control prefixes, validated with Notion-shaped errors, verified with
 * the token (compared by hash), the URL changeable only before verification, paused and resumed,
 * their delivery log read (a verification's body never showing its token), kept to their
 * workspace, and removed with the integration or workspace they belong to.
 */
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { grant, ok as okWithId, personWithPage, registerPublic, sdk } from "./helpers/oauth.js";
import { execOnStore, onPostgres, queryOnStore } from "./helpers/store.js";
import { DEFAULT_AGGREGATION_MS, DEFAULT_RETRY_BASE_MS, WEBHOOK_EVENT_TYPES, webhookSettings } from "../src/domain/webhooks/policy.js";
import { ConfigError, parseServeConfig } from "../src/config.js";

const dir = mkdtempSync(join(tmpdir(), "quire-webhooks-"));
let q: TestQuire;
before(async () => {
  q = await startTestQuire({ memory: false, dataDir: dir });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A control call that must succeed: its body without the request's `request_id`. */
async function ok(qq: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const { request_id: _, ...rest } = await okWithId(qq, method, path, body);
  return rest;
}

const HOOK = "http://127.0.0.1:9/hook";
const FIRST = "/_quire/v1";
const scoped = (ws: string) => `/_quire/v1/workspaces/${ws}`;

/** A failed control call's status, code and message, checked to be Notion's error shape. */
async function fails(method: string, path: string, body?: unknown) {
  const res = await q.admin(method, path, body);
  assert.equal(res.body.object, "error", JSON.stringify(res.body));
  assert.equal(res.body.status, res.status);
  assert.equal(typeof res.body.request_id, "string");
  return { status: res.status, code: res.body.code as string, message: res.body.message as string };
}

/** An internal integration of workspace `ws` (default the first). */
async function integration(ws?: string): Promise<string> {
  return (await ok(q, "POST", `${ws ? scoped(ws) : FIRST}/integrations`, { name: `Hooks ${Math.random()}` })).id;
}

describe("creating and reading", () => {
  test("a subscription is pending until verified, has every event type and the newest webhook version by default, and shows no token", async () => {
    const id = await integration();
    const made = await ok(q, "POST", `${FIRST}/integrations/${id}/webhooks`, { url: HOOK });
    assert.deepEqual(
      { ...made, id: undefined, created_time: undefined, last_edited_time: undefined },
      {
        object: "webhook_subscription",
        id: undefined,
        integration_id: id,
        integration_type: "internal",
        workspace_id: q.workspaceId,
        url: HOOK,
        event_types: [...WEBHOOK_EVENT_TYPES],
        api_version: "2026-03-11",
        status: "pending",
        verified_time: null,
        paused_time: null,
        paused_reason: null,
        consecutive_failures: 0,
        created_time: undefined,
        last_edited_time: undefined,
      },
    );
    assert.ok(!("verification_token" in made));
    assert.deepEqual(await ok(q, "GET", `${FIRST}/webhooks/${made.id}`), made);
    assert.deepEqual(await ok(q, "GET", `${scoped(q.workspaceId)}/webhooks/${made.id}`), made, "both prefixes");
    const list = await ok(q, "GET", `${scoped(q.workspaceId)}/integrations/${id}/webhooks`);
    assert.deepEqual(list, { object: "list", results: [made], next_cursor: null, has_more: false });
  });

  test("auto_verify makes it active at once and shows the token (secret_ and 43 url-safe characters) in that answer only; event types kept in the order given, once", async () => {
    const id = await integration();
    const made = await ok(q, "POST", `${scoped(q.workspaceId)}/integrations/${id}/webhooks`, {
      url: "https://example.com/notion",
      event_types: ["comment.created", "page.created", "comment.created"],
      api_version: "2022-06-28",
      auto_verify: true,
    });
    assert.equal(made.status, "active");
    assert.match(made.verification_token, /^secret_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(made.event_types, ["comment.created", "page.created"]);
    assert.equal(made.api_version, "2022-06-28");
    assert.equal(typeof made.verified_time, "string");
    const got = await ok(q, "GET", `${FIRST}/webhooks/${made.id}`);
    assert.ok(!("verification_token" in got));
    // The token is kept sealed and hashed, never in clear, nor in the outbox.
    const rows = await storeRows(`SELECT * FROM webhook_subscriptions WHERE id = ?`, [made.id]);
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(made.verification_token));
    assert.equal(rows[0].token_hash, createHash("sha256").update(made.verification_token).digest("hex"));
    const events = await storeRows(`SELECT * FROM webhook_events WHERE subscription_id = ?`, [made.id]);
    assert.equal(events.length, 1);
    assert.equal(events[0].type, "verification");
    assert.ok(!JSON.stringify(events).includes(made.verification_token.slice(7)));
  });

  test("creating queues the verification POST, listed in the delivery log with its token cut from any body shown", async () => {
    const id = await integration();
    const made = await ok(q, "POST", `${FIRST}/integrations/${id}/webhooks`, { url: HOOK, auto_verify: true });
    const log = await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries`);
    assert.equal(log.object, "list");
    assert.equal(log.results.length, 1);
    const entry = log.results[0];
    assert.equal(entry.object, "webhook_delivery");
    assert.equal(entry.type, "verification");
    assert.equal(entry.subscription_id, made.id);
    assert.equal(entry.workspace_id, q.workspaceId);
    assert.equal(entry.entity, null);
    assert.ok(["pending", "delivered", "failed"].includes(entry.status));
    assert.ok(!JSON.stringify(log).includes(made.verification_token));
    // Read alone it is the same delivery; its attempts may have moved on between the two reads
    // (the worker delivers at once: a CI run saw the first attempt land in between).
    const one = await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries/${entry.id}`);
    const fixed = (d: any) => ({ id: d.id, object: d.object, type: d.type, subscription_id: d.subscription_id, workspace_id: d.workspace_id, entity: d.entity, created_time: d.created_time });
    assert.deepEqual(fixed(one), fixed(entry));
    assert.ok(!JSON.stringify(one).includes(made.verification_token));
  });
});

/** Rows read behind the server (`?` placeholders, turned into `$n` on PostgreSQL). */
async function storeRows(sql: string, params: unknown[]) {
  let n = 0;
  const pg = sql.replace(/\?/g, () => `$${++n}`);
  return queryOnStore(dir, onPostgres ? pg : sql, params);
}

describe("validation", () => {
  test("every bad request is a Notion-shaped 400 validation_error naming the field", async () => {
    const id = await integration();
    const path = `${FIRST}/integrations/${id}/webhooks`;
    const cases: [unknown, RegExp][] = [
      [{}, /body\.url should be defined/],
      [{ url: 42 }, /body\.url should be a string/],
      [{ url: "/relative" }, /body\.url should be an absolute http or https URL/],
      [{ url: "ftp://example.com/x" }, /body\.url should be an absolute http or https URL/],
      [{ url: "https://user:pw@example.com/x" }, /body\.url should not carry a user name or password/],
      [{ url: "https://example.com/" + "a".repeat(2000) }, /body\.url\.length should be ≤ `2000`/],
      [{ url: HOOK, event_types: [] }, /body\.event_types\.length should be ≥ `1`/],
      [{ url: HOOK, event_types: "page.created" }, /body\.event_types should be an array/],
      [{ url: HOOK, event_types: ["page.created", "page.exploded"] }, /body\.event_types\[1\] should be/],
      [{ url: HOOK, api_version: "2021-05-13" }, /body\.api_version should be `"2022-06-28"`, `"2025-09-03"`, or `"2026-03-11"`/],
      [{ url: HOOK, auto_verify: "yes" }, /body\.auto_verify should be a boolean/],
    ];
    for (const [body, message] of cases) {
      const r = await fails("POST", path, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.code, "validation_error");
      assert.match(r.message, message, JSON.stringify(body));
    }
    assert.deepEqual(await ok(q, "GET", path), { object: "list", results: [], next_cursor: null, has_more: false }, "nothing half-made");
    const bad = await fails("GET", `${FIRST}/webhooks/not-a-uuid`);
    assert.deepEqual([bad.status, bad.code], [400, "validation_error"]);
    const missing = await fails("GET", `${FIRST}/webhooks/${crypto.randomUUID()}`);
    assert.deepEqual([missing.status, missing.code], [404, "object_not_found"]);
    const noIntegration = await fails("POST", `${FIRST}/integrations/${crypto.randomUUID()}/webhooks`, { url: HOOK });
    assert.deepEqual([noIntegration.status, noIntegration.code], [404, "object_not_found"]);
  });

  test("verify: a wrong token is a 400 and changes nothing; the right one (compared by hash) activates it, and again leaves it as it is", async () => {
    const id = await integration();
    const made = await ok(q, "POST", `${FIRST}/integrations/${id}/webhooks`, { url: HOOK });
    const wrong = await fails("POST", `${FIRST}/webhooks/${made.id}/verify`, { verification_token: "secret_wrong" });
    assert.deepEqual([wrong.status, wrong.code], [400, "validation_error"]);
    assert.match(wrong.message, /verification_token is not the token sent/);
    assert.equal((await fails("POST", `${FIRST}/webhooks/${made.id}/verify`, {})).status, 400);
    assert.equal((await ok(q, "GET", `${FIRST}/webhooks/${made.id}`)).status, "pending");
    // The token only reaches the receiver; the test stands in for one by setting a known token's hash.
    const known = "secret_" + "k".repeat(43);
    await execOnStore(dir, `UPDATE webhook_subscriptions SET token_hash = ${ph(1)} WHERE id = ${ph(2)}`, [createHash("sha256").update(known).digest("hex"), made.id]);
    const verified = await ok(q, "POST", `${scoped(q.workspaceId)}/webhooks/${made.id}/verify`, { verification_token: known });
    assert.equal(verified.status, "active");
    assert.equal(typeof verified.verified_time, "string");
    assert.deepEqual(await ok(q, "POST", `${FIRST}/webhooks/${made.id}/verify`, { verification_token: known }), verified);
    const resend = await fails("POST", `${FIRST}/webhooks/${made.id}/resend_verification`);
    assert.deepEqual([resend.status, resend.code], [400, "validation_error"]);
  });

  test("PATCH: the URL only while pending (a new verification goes to it), event types and version any time, pause and resume; status cannot be set while pending", async () => {
    const id = await integration();
    const made = await ok(q, "POST", `${FIRST}/integrations/${id}/webhooks`, { url: HOOK });
    const early = await fails("PATCH", `${FIRST}/webhooks/${made.id}`, { status: "active" });
    assert.deepEqual([early.status, early.code], [400, "validation_error"]);
    assert.match(early.message, /pending verification/);
    const moved = await ok(q, "PATCH", `${FIRST}/webhooks/${made.id}`, { url: "http://127.0.0.1:9/other" });
    assert.equal(moved.url, "http://127.0.0.1:9/other");
    const resent = await ok(q, "POST", `${FIRST}/webhooks/${made.id}/resend_verification`);
    assert.equal(typeof resent.verification_delivery_id, "string");
    const log = await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries`);
    assert.deepEqual(log.results.map((d: any) => d.type), ["verification", "verification", "verification"], "made, moved, resent");
    assert.equal(log.results[0].id, resent.verification_delivery_id, "newest first");

    const active = await ok(q, "POST", `${FIRST}/integrations/${id}/webhooks`, { url: HOOK, auto_verify: true });
    const locked = await fails("PATCH", `${FIRST}/webhooks/${active.id}`, { url: "https://example.com/new" });
    assert.deepEqual([locked.status, locked.code], [400, "validation_error"]);
    assert.match(locked.message, /cannot be changed once it is verified/);
    assert.equal((await ok(q, "PATCH", `${FIRST}/webhooks/${active.id}`, { url: HOOK })).url, HOOK, "the same URL is no change");
    const retyped = await ok(q, "PATCH", `${FIRST}/webhooks/${active.id}`, { event_types: ["page.moved"], api_version: "2025-09-03" });
    assert.deepEqual([retyped.event_types, retyped.api_version], [["page.moved"], "2025-09-03"]);
    const paused = await ok(q, "PATCH", `${FIRST}/webhooks/${active.id}`, { status: "paused" });
    assert.equal(paused.status, "paused");
    assert.equal(typeof paused.paused_time, "string");
    const resumed = await ok(q, "PATCH", `${FIRST}/webhooks/${active.id}`, { status: "active" });
    assert.deepEqual([resumed.status, resumed.paused_time, resumed.paused_reason], ["active", null, null]);
    const badStatus = await fails("PATCH", `${FIRST}/webhooks/${active.id}`, { status: "pending" });
    assert.deepEqual([badStatus.status, badStatus.code], [400, "validation_error"]);
  });

  test("deliveries: paged newest first by start_cursor and page_size, filtered by status; a bad cursor or status is a 400", async () => {
    const id = await integration();
    const made = await ok(q, "POST", `${FIRST}/integrations/${id}/webhooks`, { url: HOOK });
    for (let i = 0; i < 3; i++) await ok(q, "POST", `${FIRST}/webhooks/${made.id}/resend_verification`);
    const all = (await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries`)).results.map((d: any) => d.id);
    assert.equal(all.length, 4);
    const first = await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries?page_size=3`);
    assert.deepEqual([first.results.map((d: any) => d.id), first.has_more, first.next_cursor], [all.slice(0, 3), true, all[3]]);
    const rest = await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries?page_size=3&start_cursor=${first.next_cursor}`);
    assert.deepEqual([rest.results.map((d: any) => d.id), rest.has_more, rest.next_cursor], [[all[3]], false, null]);
    const none = await ok(q, "GET", `${FIRST}/webhooks/${made.id}/deliveries?status=failed`);
    assert.ok(none.results.every((d: any) => d.status === "failed"));
    assert.equal((await fails("GET", `${FIRST}/webhooks/${made.id}/deliveries?status=lost`)).status, 400);
    const cursor = await fails("GET", `${FIRST}/webhooks/${made.id}/deliveries?start_cursor=${crypto.randomUUID()}`);
    assert.deepEqual([cursor.status, cursor.code], [400, "validation_error"]);
    assert.equal((await fails("GET", `${FIRST}/webhooks/${made.id}/deliveries/${crypto.randomUUID()}`)).status, 404);
  });
});

/** A `?` on SQLite, `$n` on PostgreSQL. */
const ph = (n: number): string => (onPostgres ? `$${n}` : "?");

describe("workspaces and integrations", () => {
  test("a subscription belongs to its workspace: another workspace's prefix answers 404 for it and for its integration", async () => {
    const other = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "Hooks elsewhere" })).id;
    const theirs = await integration(other);
    const made = await ok(q, "POST", `${scoped(other)}/integrations/${theirs}/webhooks`, { url: HOOK });
    assert.equal(made.workspace_id, other);
    for (const [method, path, body] of [
      ["GET", `${FIRST}/webhooks/${made.id}`],
      ["PATCH", `${FIRST}/webhooks/${made.id}`, { event_types: ["page.created"] }],
      ["DELETE", `${FIRST}/webhooks/${made.id}`],
      ["POST", `${FIRST}/webhooks/${made.id}/verify`, { verification_token: "secret_x" }],
      ["POST", `${FIRST}/webhooks/${made.id}/resend_verification`],
      ["GET", `${FIRST}/webhooks/${made.id}/deliveries`],
      ["POST", `${FIRST}/integrations/${theirs}/webhooks`, { url: HOOK }],
      ["GET", `${FIRST}/integrations/${theirs}/webhooks`],
    ] as [string, string, unknown?][]) {
      const r = await fails(method, path, body);
      assert.deepEqual([r.status, r.code], [404, "object_not_found"], `${method} ${path}`);
    }
    assert.equal((await ok(q, "GET", `${scoped(other)}/webhooks/${made.id}`)).id, made.id);
    assert.deepEqual((await ok(q, "GET", `${scoped(other)}/webhooks/${made.id}`)).event_types, [...WEBHOOK_EVENT_TYPES], "the PATCH from elsewhere changed nothing");

    // Deleting the workspace removes its subscriptions and their events.
    await ok(q, "DELETE", `/_quire/v1/workspaces/${other}`);
    assert.equal((await storeRows(`SELECT id FROM webhook_subscriptions WHERE workspace_id = ?`, [other])).length, 0);
    assert.equal((await storeRows(`SELECT id FROM webhook_events WHERE subscription_id = ?`, [made.id])).length, 0);
  });

  test("deleting an internal integration removes its subscriptions and their events; the integration's other workspace-mates keep theirs", async () => {
    const [gone, kept] = [await integration(), await integration()];
    const a = await ok(q, "POST", `${FIRST}/integrations/${gone}/webhooks`, { url: HOOK });
    const b = await ok(q, "POST", `${FIRST}/integrations/${kept}/webhooks`, { url: HOOK });
    await ok(q, "DELETE", `${FIRST}/integrations/${gone}`);
    assert.equal((await fails("GET", `${FIRST}/webhooks/${a.id}`)).status, 404);
    assert.equal((await storeRows(`SELECT id FROM webhook_events WHERE subscription_id = ?`, [a.id])).length, 0);
    assert.equal((await ok(q, "GET", `${FIRST}/webhooks/${b.id}`)).id, b.id);
  });

  test("public integrations: subscriptions on the registered client (kind public), not on an installation or another workspace's client; deleting the client removes them", async () => {
    const app = await registerPublic(q);
    const made = await ok(q, "POST", `${FIRST}/integrations/${app.id}/webhooks`, { url: HOOK, event_types: ["page.created"] });
    assert.deepEqual([made.integration_id, made.integration_type, made.workspace_id], [app.id, "public", q.workspaceId]);
    assert.deepEqual((await ok(q, "GET", `${FIRST}/integrations/${app.id}/webhooks`)).results.map((s: any) => s.id), [made.id]);

    // An installation (its bot's integration row) is not where subscriptions go.
    const person = await personWithPage(q);
    const { code } = await grant(q, { client_id: app.client_id, user_id: person.user.id, page_ids: [person.page_id] });
    const token = await sdk(q).oauth.token({ grant_type: "authorization_code", code, client_id: app.client_id, client_secret: app.client_secret });
    const install = await fails("POST", `${FIRST}/integrations/${token.bot_id}/webhooks`, { url: HOOK });
    assert.deepEqual([install.status, install.code], [404, "object_not_found"]);

    const other = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "Other developer" })).id;
    const theirs = await registerPublic(q, {}, other);
    assert.equal((await fails("POST", `${FIRST}/integrations/${theirs.id}/webhooks`, { url: HOOK })).status, 404);
    assert.equal((await ok(q, "POST", `${scoped(other)}/integrations/${theirs.id}/webhooks`, { url: HOOK })).integration_type, "public");

    await ok(q, "DELETE", `${FIRST}/integrations/${app.id}`);
    assert.equal((await fails("GET", `${FIRST}/webhooks/${made.id}`)).status, 404);
    assert.equal((await storeRows(`SELECT id FROM webhook_events WHERE subscription_id = ?`, [made.id])).length, 0);
  });
});

describe("private addresses", () => {
  test("with --webhook-deny-private-urls a loopback or private URL is refused; a public one is fine", async () => {
    const denied = await startTestQuire({ webhooks: { allowPrivate: false } });
    try {
      const id = (await denied.admin("POST", "/_quire/v1/integrations", { name: "Shared" })).body.id;
      for (const url of ["http://localhost:3000/hook", "http://127.0.0.1/x", "http://[::1]:8080/x", "https://10.0.0.2/x", "http://app.localhost/x"]) {
        const res = await denied.admin("POST", `/_quire/v1/integrations/${id}/webhooks`, { url });
        assert.deepEqual([res.status, res.body.code], [400, "validation_error"], url);
        assert.match(res.body.message, /public address/);
      }
      assert.equal((await denied.admin("POST", `/_quire/v1/integrations/${id}/webhooks`, { url: "https://hooks.example.com/x" })).status, 200);
    } finally {
      await denied.close();
    }
  });
});

describe("settings", () => {
  test("--webhook-aggregation-ms, --webhook-retry-base-ms and --webhook-deny-private-urls (and their QUIRE_WEBHOOK_* variables) parse, with readable failures", () => {
    const none = parseServeConfig([], {});
    assert.deepEqual([none.webhookAggregationMs, none.webhookRetryBaseMs, none.webhookDenyPrivateUrls], [undefined, undefined, false]);
    const flags = parseServeConfig(["--webhook-aggregation-ms", "0", "--webhook-retry-base-ms=250", "--webhook-deny-private-urls"], {});
    assert.deepEqual([flags.webhookAggregationMs, flags.webhookRetryBaseMs, flags.webhookDenyPrivateUrls], [0, 250, true]);
    const env = parseServeConfig([], { QUIRE_WEBHOOK_AGGREGATION_MS: "5000", QUIRE_WEBHOOK_RETRY_BASE_MS: "10", QUIRE_WEBHOOK_DENY_PRIVATE_URLS: "1" });
    assert.deepEqual([env.webhookAggregationMs, env.webhookRetryBaseMs, env.webhookDenyPrivateUrls], [5000, 10, true]);
    assert.equal(parseServeConfig(["--webhook-aggregation-ms", "7"], { QUIRE_WEBHOOK_AGGREGATION_MS: "5000" }).webhookAggregationMs, 7, "the flag wins");
    for (const [flag, bad] of [["--webhook-aggregation-ms", "-1"], ["--webhook-aggregation-ms", "soon"], ["--webhook-retry-base-ms", "0"], ["--webhook-retry-base-ms", "1.5"], ["--webhook-retry-base-ms", "86400001"]])
      assert.throws(() => parseServeConfig([`${flag}=${bad}`], {}), (e: unknown) => e instanceof ConfigError && new RegExp(`^${flag} should be an integer from`).test((e as Error).message), `${flag}=${bad}`);
    const pick = ({ aggregationMs, retryBaseMs, allowPrivate }: ReturnType<typeof webhookSettings>) => ({ aggregationMs, retryBaseMs, allowPrivate });
    assert.deepEqual(pick(webhookSettings({})), { aggregationMs: DEFAULT_AGGREGATION_MS, retryBaseMs: DEFAULT_RETRY_BASE_MS, allowPrivate: true });
    assert.deepEqual(pick(webhookSettings({ webhooks: { aggregationMs: 0 } })), { aggregationMs: 0, retryBaseMs: DEFAULT_RETRY_BASE_MS, allowPrivate: true });
  });
});
