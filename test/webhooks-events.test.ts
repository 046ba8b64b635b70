/**
 * Webhook events (issue 14; docs/design/webhooks.md, "Events"): every event type caused through
 * the SDK (and the control API), as the outbox holds it for each subscription — its envelope in
 * Notion's order, its `data` per api_version —, only for integrations that see the entity and
 * have the capability, aggregated within a window, and never for a write that rolled back.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "@notionhq/client";
import { startTestQuire, rt, storeStatements, type TestQuire } from "./helpers/quire.js";
import { queryOnStore, testSecretKey } from "./helpers/store.js";
import { Receiver, eventually } from "./helpers/webhook-receiver.js";
import { FrozenClock } from "../src/domain/clock.js";

interface Sent {
  type: string;
  status: string;
  entity_id: string | null;
  payload: any;
}

/** Every delivery lands here (answered 200), each test's server's alike. */
let receiver: Receiver;
before(async () => void (receiver = await new Receiver().start()));
after(async () => receiver?.close());

/** A server on a data directory (its outbox read behind it), aggregation as given. */
async function server(aggregationMs = 0): Promise<{ q: TestQuire; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "quire-webhook-events-"));
  const q = await startTestQuire({ memory: false, dataDir: dir, secretKey: testSecretKey(dir), webhooks: { aggregationMs } });
  return { q, dir };
}

/** Verification tokens of the subscriptions made here, by subscription id. */
const tokens = new Map<string, string>();

/**
 * An active subscription of `integrationId` (an internal integration, or a public one's client)
 * delivering to the receiver, made through the control API (`auto_verify`).
 */
async function subscribe(q: TestQuire, integrationId: string, opts: { apiVersion?: string; types?: string[] } = {}): Promise<string> {
  const res = await q.admin("POST", `/_quire/v1/integrations/${integrationId}/webhooks`, {
    url: receiver.url,
    auto_verify: true,
    api_version: opts.apiVersion ?? "2025-09-03",
    ...(opts.types ? { event_types: opts.types } : {}),
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  tokens.set(res.body.id, res.body.verification_token);
  return res.body.id;
}

/**
 * A subscription's events as the control API's delivery log shows them, oldest first, once every
 * one due has been sent (the receiver accepts each): the payload is the body of its first attempt
 * without `attempt_number` (null while it waits, as aggregated events do in their window).
 */
async function outbox(q: TestQuire, subId: string): Promise<Sent[]> {
  const read = async () => {
    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await q.admin("GET", `/_quire/v1/webhooks/${subId}/deliveries?page_size=100${cursor ? `&start_cursor=${cursor}` : ""}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      all.push(...res.body.results);
      cursor = res.body.next_cursor;
    } while (cursor);
    return all.filter((d) => d.type !== "verification").reverse();
  };
  const settled = await eventually(async () => {
    const list = await read();
    return list.every((d) => d.status !== "pending" || Date.parse(d.next_attempt_time) > Date.now() + 1000) ? list : null;
  }, 15_000, "every due delivery sent");
  return settled.map((d) => {
    const body = d.attempts[0] ? JSON.parse(d.attempts[0].request_body) : null;
    if (body) delete body.attempt_number;
    return { type: d.type, status: d.status, entity_id: d.entity?.id ?? null, payload: body ?? { id: d.id } };
  });
}

/** The outbox as stored (for events still in their aggregation window, whose envelope no attempt has shown). */
async function stored(dir: string, subId: string): Promise<Sent[]> {
  const rows = await queryOnStore<{ type: string; status: string; entity_id: string | null; payload: string }>(dir, "SELECT type, status, entity_id, payload FROM webhook_events WHERE subscription_id = ? AND type <> 'verification' ORDER BY seq", [subId]);
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
}

/** The pending events of a subscription, minus those already seen. */
function fresh(all: Sent[], seen: Set<string>): Sent[] {
  const out = all.filter((e) => e.status !== "dropped" && !seen.has(e.payload.id));
  for (const e of out) seen.add(e.payload.id);
  return out;
}

const ENVELOPE = ["id", "timestamp", "workspace_id", "workspace_name", "subscription_id", "integration_id", "type", "authors", "api_version", "entity", "data"];

describe("webhook events", () => {
  let q: TestQuire;
  let dir: string;
  let integ: { id: string; token: string; bot_id: string };
  let sub: string;
  let legacy: string;
  const seen = new Set<string>();
  const seenLegacy = new Set<string>();
  let root: string;

  before(async () => {
    ({ q, dir } = await server());
    root = q.rootPageId;
    integ = await q.integration("Listener", ["read_content", "update_content", "insert_content", "read_comments", "insert_comments"], [root]);
    sub = await subscribe(q, integ.id);
    legacy = await subscribe(q, integ.id, { apiVersion: "2022-06-28" });
  });
  after(async () => {
    await q?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const next = async () => fresh(await outbox(q, sub), seen);
  const nextLegacy = async () => fresh(await outbox(q, legacy), seenLegacy);

  test("a page's life: created, properties and content updated, moved, locked, trashed, restored", async () => {
    const sdk = q.client({ auth: integ.token });
    const page = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Hooked") } } } as any);
    let got = await next();
    assert.deepEqual(got.map((e) => e.type), ["page.created"]);
    const p = got[0].payload;
    assert.deepEqual(Object.keys(p), ENVELOPE, "the envelope in Notion's order, attempt_number left to each attempt");
    assert.equal(p.subscription_id, sub);
    assert.equal(p.integration_id, integ.id);
    assert.equal(p.workspace_id, q.workspaceId);
    assert.equal(typeof p.workspace_name, "string");
    assert.equal(p.api_version, "2025-09-03");
    assert.deepEqual(p.entity, { id: page.id, type: "page" });
    assert.deepEqual(p.data, { parent: { id: root, type: "page" } });
    assert.deepEqual(p.authors, [{ id: integ.bot_id, type: "bot" }]);
    assert.ok(!Number.isNaN(Date.parse(p.timestamp)));

    await sdk.pages.update({ page_id: page.id, properties: { title: { title: rt("Hooked again") } } } as any);
    got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.payload.data.updated_properties]), [["page.properties_updated", ["title"]]]);

    const blocks = await sdk.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: rt("one") } }, { paragraph: { rich_text: rt("two") } }] } as any);
    got = await next();
    assert.deepEqual(got.map((e) => e.type), ["page.content_updated"]);
    assert.deepEqual(got[0].payload.entity, { id: page.id, type: "page" });
    assert.deepEqual(got[0].payload.data.updated_blocks, blocks.results.map((b) => ({ id: b.id, type: "block" })));

    await sdk.blocks.update({ block_id: blocks.results[0].id, paragraph: { rich_text: rt("uno") } } as any);
    await sdk.blocks.delete({ block_id: blocks.results[1].id });
    got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.payload.data.updated_blocks]), [
      ["page.content_updated", [{ id: blocks.results[0].id, type: "block" }]],
      ["page.content_updated", [{ id: blocks.results[1].id, type: "block" }]],
    ]);

    const other = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Elsewhere") } } } as any);
    await next();
    await sdk.pages.move({ page_id: page.id, parent: { page_id: other.id } } as any);
    got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.payload.data.parent]), [["page.moved", { id: other.id, type: "page" }]]);

    await sdk.pages.update({ page_id: page.id, is_locked: true } as any);
    await sdk.pages.update({ page_id: page.id, is_locked: false } as any);
    await sdk.pages.update({ page_id: page.id, in_trash: true } as any);
    await sdk.pages.update({ page_id: page.id, in_trash: false } as any);
    got = await next();
    assert.deepEqual(got.map((e) => e.type), ["page.locked", "page.unlocked", "page.deleted", "page.undeleted"]);
    for (const e of got) assert.deepEqual(e.payload.entity, { id: page.id, type: "page" });
  });

  test("a page made with content is page.created alone", async () => {
    const sdk = q.client({ auth: integ.token });
    const page = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Full") } }, children: [{ paragraph: { rich_text: rt("body") } }] } as any);
    const got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.entity_id]), [["page.created", page.id]]);
  });

  test("a template's content, applied after the answer, is the new page's content", async () => {
    const sdk = q.client({ auth: integ.token });
    const template = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Template") } }, children: [{ paragraph: { rich_text: rt("boilerplate") } }] } as any);
    await next();
    const page = await sdk.pages.create({ parent: { page_id: root }, template: { type: "template_id", template_id: template.id } } as any);
    const got = await eventually(async () => {
      const all = await outbox(q, sub);
      const mine = all.filter((e) => e.entity_id === page.id && !seen.has(e.payload.id));
      return mine.length === 3 ? mine : null;
    }, 10_000, "the template's events");
    for (const e of got) seen.add(e.payload.id);
    // The request's unit made the page; the background unit its content and its title (the template's).
    assert.deepEqual(got.map((e) => e.type), ["page.created", "page.content_updated", "page.properties_updated"]);
    const [block] = (await sdk.blocks.children.list({ block_id: page.id })).results;
    assert.deepEqual(got[1].payload.data.updated_blocks, [{ id: block.id, type: "block" }]);
    assert.deepEqual(got[2].payload.data.updated_properties, ["title"]);
    assert.deepEqual(got[1].payload.authors, [{ id: integ.bot_id, type: "bot" }]);
  });

  test("markdown writes are the page's content", async () => {
    const sdk = q.client({ auth: integ.token });
    const page = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Markdown") } } } as any);
    await next();
    const res = await q.raw("PATCH", `/v1/pages/${page.id}/markdown`, { auth: integ.token, body: JSON.stringify({ type: "insert_content", insert_content: { content: "a paragraph\n\nanother" } }) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const got = await next();
    assert.deepEqual(got.map((e) => e.type), ["page.content_updated"]);
    assert.equal(got[0].payload.data.updated_blocks.length, 2);
  });

  test("databases and data sources: created, schema, rows, moved, trashed — per api_version", async () => {
    const sdk = q.client({ auth: integ.token });
    await nextLegacy();
    const db: any = await sdk.databases.create({ parent: { page_id: root }, title: rt("Tasks"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const ds = db.data_sources[0].id;
    let got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.entity_id]), [
      ["database.created", db.id],
      ["data_source.created", ds],
    ]);
    assert.deepEqual(got[1].payload.entity, { id: ds, type: "data_source" });
    assert.deepEqual(got[1].payload.data.parent, { id: db.id, type: "database" });
    let old = await nextLegacy();
    assert.deepEqual(old.map((e) => e.type), ["database.created"], "2022-06-28 has no data_source events");

    await sdk.dataSources.update({ data_source_id: ds, properties: { Done: { checkbox: {} } } } as any);
    got = await next();
    assert.deepEqual(got.map((e) => e.type), ["data_source.schema_updated"]);
    const done = got[0].payload.data.updated_properties;
    assert.equal(done.length, 1);
    assert.deepEqual({ name: done[0].name, action: done[0].action }, { name: "Done", action: "created" });
    old = await nextLegacy();
    assert.deepEqual(old.map((e) => [e.type, e.payload.entity]), [["database.schema_updated", { id: db.id, type: "database" }]]);
    assert.deepEqual(old[0].payload.data.updated_properties, done);

    const row = await sdk.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt("row") } } } as any);
    got = await next();
    assert.deepEqual(got.map((e) => e.type), ["page.created", "data_source.content_updated"]);
    assert.deepEqual(got[0].payload.data.parent, { id: db.id, type: "database", data_source_id: ds });
    assert.deepEqual(got[1].payload.data.updated_blocks, [{ id: row.id, type: "page" }]);
    old = await nextLegacy();
    assert.deepEqual(old.map((e) => e.type), ["page.created", "database.content_updated"]);
    assert.deepEqual(old[0].payload.data.parent, { id: db.id, type: "database" });
    assert.deepEqual(old[1].payload.entity, { id: db.id, type: "database" });

    await sdk.pages.update({ page_id: row.id, properties: { Done: { checkbox: true } } } as any);
    got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.payload.data.updated_properties]), [["page.properties_updated", [done[0].id]]]);
    await nextLegacy();

    const shelf = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Shelf") } } } as any);
    await next();
    await sdk.databases.update({ database_id: db.id, parent: { type: "page_id", page_id: shelf.id } } as any);
    await sdk.databases.update({ database_id: db.id, in_trash: true } as any);
    await sdk.databases.update({ database_id: db.id, in_trash: false } as any);
    got = await next();
    assert.deepEqual(got.map((e) => e.type), ["database.moved", "database.deleted", "database.undeleted"]);
    assert.deepEqual(got[0].payload.data.parent, { id: shelf.id, type: "page" });
  });

  test("a data source moved to another database, trashed, restored: data_source.* only from 2025-09-03", async () => {
    const sdk = q.client({ auth: integ.token });
    const one: any = await sdk.databases.create({ parent: { page_id: root }, title: rt("One"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const two: any = await sdk.databases.create({ parent: { page_id: root }, title: rt("Two"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const extra: any = await sdk.dataSources.create({ parent: { type: "database_id", database_id: one.id }, title: rt("Extra"), properties: { Name: { title: {} } } } as any);
    await next();
    await nextLegacy();
    await sdk.dataSources.update({ data_source_id: extra.id, parent: { type: "database_id", database_id: two.id } } as any);
    await sdk.dataSources.update({ data_source_id: extra.id, in_trash: true } as any);
    await sdk.dataSources.update({ data_source_id: extra.id, in_trash: false } as any);
    const got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.entity_id]), [
      ["data_source.moved", extra.id],
      ["data_source.deleted", extra.id],
      ["data_source.undeleted", extra.id],
    ]);
    assert.deepEqual(got[0].payload.data.parent, { id: two.id, type: "database" });
    assert.deepEqual(await nextLegacy(), [], "2022-06-28 has no data sources");
  });

  test("comments: created, updated, deleted — each its own event", async () => {
    const sdk = q.client({ auth: integ.token });
    const page = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Discussed") } } } as any);
    await next();
    const c = await sdk.comments.create({ parent: { page_id: page.id }, rich_text: rt("first") } as any);
    const c2 = await sdk.comments.create({ parent: { page_id: page.id }, rich_text: rt("second") } as any);
    await sdk.comments.update({ comment_id: c.id, rich_text: rt("first, edited") } as any);
    await sdk.comments.delete({ comment_id: c2.id } as any);
    const got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.entity_id]), [
      ["comment.created", c.id],
      ["comment.created", c2.id],
      ["comment.updated", c.id],
      ["comment.deleted", c2.id],
    ]);
    assert.deepEqual(got[0].payload.entity, { id: c.id, type: "comment" });
    assert.deepEqual(got[0].payload.data, { parent: { id: page.id, type: "page" }, page_id: page.id });
  });

  test("views: created (with its type), updated (which fields), deleted", async () => {
    const sdk = q.client({ auth: integ.token });
    const db: any = await sdk.databases.create({ parent: { page_id: root }, title: rt("Viewed"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    await next();
    const ds = db.data_sources[0].id;
    const made = await q.raw("POST", "/v1/views", { auth: integ.token, body: JSON.stringify({ database_id: db.id, data_source_id: ds, name: "Board", type: "table" }) });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const view = made.body.id;
    const changed = await q.raw("PATCH", `/v1/views/${view}`, { auth: integ.token, body: JSON.stringify({ name: "Renamed", sorts: [{ property: "Name", direction: "ascending" }] }) });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const gone = await q.raw("DELETE", `/v1/views/${view}`, { auth: integ.token });
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    const got = await next();
    assert.deepEqual(got.map((e) => e.type), ["view.created", "view.updated", "view.deleted"]);
    assert.deepEqual(got[0].payload.data, { parent: { id: db.id, type: "database" }, view_type: "table" });
    assert.deepEqual(got[1].payload.data.updated_fields, ["name", "sorts"]);
    assert.deepEqual(got[2].payload.entity, { id: view, type: "view" });
  });

  test("file uploads: created and completed, for the integration that made them", async () => {
    const up = await q.raw("POST", "/v1/file_uploads", { auth: integ.token, body: JSON.stringify({ filename: "a.txt", content_type: "text/plain" }) });
    assert.equal(up.status, 200, JSON.stringify(up.body));
    const form = new FormData();
    form.append("file", new Blob(["hello"], { type: "text/plain" }), "a.txt");
    const sent = await fetch(`${q.url}/v1/file_uploads/${up.body.id}/send`, { method: "POST", headers: { authorization: `Bearer ${integ.token}`, "notion-version": "2025-09-03" }, body: form });
    assert.equal(sent.status, 200, await sent.text());
    const got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.payload.entity]), [
      ["file_upload.created", { id: up.body.id, type: "file_upload" }],
      ["file_upload.completed", { id: up.body.id, type: "file_upload" }],
    ]);
    assert.ok(!("data" in got[0].payload));
  });

  test("a write that rolls back emits nothing", async () => {
    const sdk = q.client({ auth: integ.token });
    const before = (await outbox(q, sub)).length;
    await assert.rejects(
      sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Never") } }, icon: { type: "file_upload", file_upload: { id: randomUUID() } } } as any),
      (e: any) => e.status === 400,
    );
    assert.equal((await outbox(q, sub)).length, before);
  });

  test("each event arrives signed as Notion signs it: the SDK's verifyWebhookSignature accepts it", async () => {
    const sdk = q.client({ auth: integ.token });
    const page = await sdk.pages.create({ parent: { page_id: root }, properties: { title: { title: rt("Delivered") } } } as any);
    const [event] = await next();
    const got = await eventually(() => receiver.received.find((r) => r.json?.id === event.payload.id));
    assert.equal(got.headers["content-type"], "application/json");
    assert.equal(await verifyWebhookSignature({ body: got.body, signature: got.headers["x-notion-signature"] as string, verificationToken: tokens.get(sub)! }), true);
    assert.equal(await verifyWebhookSignature({ body: got.body, signature: got.headers["x-notion-signature"] as string, verificationToken: tokens.get(legacy)! }), false);
    assert.equal(got.json.attempt_number, 1);
    assert.deepEqual(Object.keys(got.json), [...ENVELOPE.slice(0, 8), "attempt_number", ...ENVELOPE.slice(8)]);
    assert.deepEqual({ ...got.json, attempt_number: undefined }, { ...event.payload, attempt_number: undefined });
    assert.equal(got.json.entity.id, page.id);
  });

  test("the control API's writes emit too, authored by the person", async () => {
    const person = await q.admin("POST", "/_quire/v1/users", { name: "Commenter", email: `commenter-${process.pid}@example.com` });
    assert.equal(person.status, 200, JSON.stringify(person.body));
    const made = await q.admin("POST", "/_quire/v1/comments", { author_id: person.body.id, parent: { page_id: root }, rich_text: rt("by a person") });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const got = await next();
    assert.deepEqual(got.map((e) => [e.type, e.payload.authors]), [["comment.created", [{ id: person.body.id, type: "person" }]]]);
  });
});

describe("who receives events", () => {
  let q: TestQuire;
  let dir: string;
  before(async () => ({ q, dir } = await server()));
  after(async () => {
    await q?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("never for objects the integration cannot see, nor without the capability, nor types it did not ask for", async () => {
    const writer = await q.integration("Writer", ["read_content", "update_content", "insert_content", "read_comments", "insert_comments"], [q.rootPageId]);
    const sdk = q.client({ auth: writer.token });
    const seenPage = await sdk.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Shared") } } } as any);
    const hidden = await sdk.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Hidden") } } } as any);
    const watcher = await q.integration("Watcher", ["read_content"], [seenPage.id]);
    const blind = await q.integration("Blind", ["read_content", "read_comments"], []);
    const noContent = await q.integration("Comments only", ["read_comments"], [seenPage.id]);
    const onlyComments = await q.integration("Picky", ["read_content", "read_comments"], [seenPage.id]);
    const subs = {
      watcher: await subscribe(q, watcher.id),
      blind: await subscribe(q, blind.id),
      noContent: await subscribe(q, noContent.id),
      picky: await subscribe(q, onlyComments.id, { types: ["comment.created"] }),
    };
    await sdk.blocks.children.append({ block_id: seenPage.id, children: [{ paragraph: { rich_text: rt("seen") } }] } as any);
    await sdk.blocks.children.append({ block_id: hidden.id, children: [{ paragraph: { rich_text: rt("unseen") } }] } as any);
    await sdk.comments.create({ parent: { page_id: seenPage.id }, rich_text: rt("note") } as any);
    await sdk.comments.create({ parent: { page_id: hidden.id }, rich_text: rt("secret") } as any);
    const types = async (s: string) => (await outbox(q, s)).map((e) => [e.type, e.payload.entity.id]);
    assert.deepEqual(await types(subs.watcher), [["page.content_updated", seenPage.id]], "no comment events without read_comments; nothing of the hidden page");
    assert.deepEqual(await types(subs.blind), []);
    assert.deepEqual(await types(subs.noContent), [["comment.created", (await outbox(q, subs.noContent))[0]?.entity_id]]);
    assert.deepEqual((await types(subs.picky)).map((t) => t[0]), ["comment.created"]);
  });

  test("a public integration's events name the installations that see the entity (accessible_by)", async () => {
    const app = (await q.admin("POST", "/_quire/v1/integrations", { type: "public", name: "Public listener", redirect_uris: ["https://listener.example.com/cb"], capabilities: ["read_content", "insert_content", "read_comments"] })).body;
    const person = (await q.admin("POST", "/_quire/v1/users", { name: "Installer", email: `installer-${process.pid}@example.com` })).body;
    await q.admin("PUT", `/_quire/v1/pages/${q.rootPageId}/permissions`, { principal: { type: "user", id: person.id }, level: "full_access" });
    const grant = await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: person.id, page_ids: [q.rootPageId] });
    assert.equal(grant.status, 200, JSON.stringify(grant.body));
    const res = await fetch(`${q.url}/v1/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64")}` },
      body: JSON.stringify({ grant_type: "authorization_code", code: grant.body.code }),
    });
    const { access_token: token, bot_id: botId } = (await res.json()) as { access_token: string; bot_id: string };
    const me = { id: botId };
    const s = await subscribe(q, app.id);
    const page = await q.client({ auth: token }).pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("From the app") } } } as any);
    const got = await outbox(q, s);
    assert.deepEqual(got.map((e) => e.type), ["page.created"]);
    assert.equal(got[0].entity_id, page.id);
    assert.deepEqual(got[0].payload.authors, [{ id: me.id, type: "bot" }]);
    assert.deepEqual(got[0].payload.accessible_by, [
      { id: me.id, type: "bot" },
      { id: person.id, type: "person" },
    ]);
    assert.deepEqual(Object.keys(got[0].payload).slice(7, 10), ["authors", "accessible_by", "api_version"]);
  });

  test("cost: a write no subscription reaches costs what it did before one existed; with one, a few statements more", async () => {
    const quiet = await server();
    try {
      const w = await quiet.q.integration("Quiet", ["read_content", "update_content", "insert_content"], [quiet.q.rootPageId]);
      const append = async (s: TestQuire, page: string) => {
        const r = await s.raw("PATCH", `/v1/blocks/${page}/children`, { auth: w.token, body: JSON.stringify({ children: [{ paragraph: { rich_text: rt("x") } }] }) });
        assert.equal(r.status, 200);
        return storeStatements(r.headers.get("server-timing"));
      };
      const page = (await quiet.q.client({ auth: w.token }).pages.create({ parent: { page_id: quiet.q.rootPageId }, properties: { title: { title: rt("p") } } } as any)).id;
      await append(quiet.q, page);
      const without = await append(quiet.q, page);
      const s = await subscribe(quiet.q, w.id);
      await append(quiet.q, page);
      const withSub = await append(quiet.q, page);
      assert.equal(await append(quiet.q, page), withSub, "the same write costs the same");
      // Nothing reaches the workspace again (a paused subscription): back to the cost without one.
      assert.equal((await quiet.q.admin("PATCH", `/_quire/v1/webhooks/${s}`, { status: "paused" })).status, 200);
      await append(quiet.q, page);
      const paused = await append(quiet.q, page);
      t_diag(`append one block: ${without} statements without a subscription, ${withSub} with one (one event), ${paused} once it is paused`);
      assert.equal(paused, without);
      assert.ok(withSub > without, "emitting costs statements when someone listens");
      assert.ok(withSub - without <= 10, `emitting one event costs at most 10 statements (${withSub - without})`);
    } finally {
      await quiet.q.close();
      rmSync(quiet.dir, { recursive: true, force: true });
    }
  });
});

describe("aggregation", () => {
  let q: TestQuire;
  let dir: string;
  before(async () => ({ q, dir } = await server(60_000)));
  after(async () => {
    await q?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("two updates within the window are one event; comments are never merged; create then trash is nothing", async () => {
    const w = await q.integration("Batch", ["read_content", "update_content", "insert_content", "read_comments", "insert_comments"], [q.rootPageId]);
    const sdk = q.client({ auth: w.token });
    const page = await sdk.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Batched") } } } as any);
    const s = await subscribe(q, w.id);
    const a = await sdk.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: rt("a") } }] } as any);
    const b = await sdk.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: rt("b") } }] } as any);
    await sdk.blocks.update({ block_id: a.results[0].id, paragraph: { rich_text: rt("a2") } } as any);
    await sdk.pages.update({ page_id: page.id, properties: { title: { title: rt("Batched 2") } } } as any);
    await sdk.pages.update({ page_id: page.id, icon: { type: "emoji", emoji: "🎯" } } as any);
    await sdk.comments.create({ parent: { page_id: page.id }, rich_text: rt("one") } as any);
    await sdk.comments.create({ parent: { page_id: page.id }, rich_text: rt("two") } as any);
    const temp = await sdk.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Fleeting") } } } as any);
    await sdk.pages.update({ page_id: temp.id, in_trash: true } as any);
    const live = (await stored(dir, s)).filter((e) => e.status !== "dropped");
    assert.deepEqual(live.map((e) => e.type), ["page.content_updated", "page.properties_updated", "comment.created", "comment.created"]);
    assert.deepEqual(live[0].payload.data.updated_blocks, [
      { id: a.results[0].id, type: "block" },
      { id: b.results[0].id, type: "block" },
    ]);
    assert.deepEqual(live[1].payload.data.updated_properties, ["title"]);
    assert.deepEqual(live.slice(0, 2).map((e) => e.status), ["pending", "pending"], "aggregated events wait out the window");
    const dropped = (await stored(dir, s)).filter((e) => e.status === "dropped");
    assert.deepEqual(dropped.map((e) => [e.type, e.entity_id]), [["page.created", temp.id]]);
  });

  test("merged within the window: authors of every change, schema changes per property", async () => {
    const one = await q.integration("First editor", ["read_content", "update_content", "insert_content"], [q.rootPageId]);
    const two = await q.integration("Second editor", ["read_content", "update_content", "insert_content"], [q.rootPageId]);
    const page = await q.client({ auth: one.token }).pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Shared work") } } } as any);
    const db: any = await q.client({ auth: one.token }).databases.create({ parent: { page_id: q.rootPageId }, title: rt("Schema"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const ds = db.data_sources[0].id;
    const s = await subscribe(q, one.id);
    await q.client({ auth: one.token }).blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: rt("mine") } }] } as any);
    await q.client({ auth: two.token }).blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: rt("theirs") } }] } as any);
    await q.client({ auth: one.token }).dataSources.update({ data_source_id: ds, properties: { Size: { number: {} }, Gone: { checkbox: {} } } } as any);
    await q.client({ auth: two.token }).dataSources.update({ data_source_id: ds, properties: { Size: { name: "Weight" }, Gone: null } } as any);
    const live = (await stored(dir, s)).filter((e) => e.status === "pending");
    assert.deepEqual(live.map((e) => e.type), ["page.content_updated", "data_source.schema_updated"]);
    assert.deepEqual(live[0].payload.authors, [
      { id: one.bot_id, type: "bot" },
      { id: two.bot_id, type: "bot" },
    ]);
    assert.deepEqual(live[1].payload.data.updated_properties.map((p: any) => [p.name, p.action]), [["Weight", "created"]], "made then renamed is made; made then removed is nothing");
  });
});

describe("uploads over time", () => {
  test("an upload left unattached past its expiry: file_upload.expired, from the sweep at the next start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-webhook-expiry-"));
    const clock = new FrozenClock(Date.parse("2026-06-01T10:00:00Z"));
    const opts = { memory: false, dataDir: dir, secretKey: testSecretKey(dir), clock, webhooks: { aggregationMs: 0 } };
    let q = await startTestQuire(opts);
    try {
      const w = await q.integration("Uploader", ["read_content", "insert_content"]);
      const s = await subscribe(q, w.id, { types: ["file_upload.expired"] });
      const up = await q.raw("POST", "/v1/file_uploads", { auth: w.token, body: JSON.stringify({ filename: "late.txt", content_type: "text/plain" }) });
      assert.equal(up.status, 200);
      await q.close();
      clock.advance(2 * 60 * 60 * 1000);
      q = await startTestQuire(opts);
      const got = await outbox(q, s);
      assert.deepEqual(got.map((e) => [e.type, e.payload.entity]), [["file_upload.expired", { id: up.body.id, type: "file_upload" }]]);
      assert.deepEqual(got[0].payload.authors, [{ id: w.bot_id, type: "bot" }]);
      assert.equal(got[0].payload.timestamp, new Date(clock.now()).toISOString());
    } finally {
      await q.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an external_url import that fails: file_upload.upload_failed with its file_import_result", async () => {
    const files = createServer((req, res) => {
      res.writeHead(req.method === "HEAD" ? 200 : 500, { "content-type": "text/plain" });
      res.end(req.method === "HEAD" ? undefined : "broken");
    });
    await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
    const dir = mkdtempSync(join(tmpdir(), "quire-webhook-import-"));
    const q = await startTestQuire({ memory: false, dataDir: dir, secretKey: testSecretKey(dir), allowPrivateUrls: true, webhooks: { aggregationMs: 0 } });
    try {
      const w = await q.integration("Importer", ["read_content", "insert_content"]);
      const s = await subscribe(q, w.id);
      const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/file.txt`;
      const up = await q.raw("POST", "/v1/file_uploads", { auth: w.token, body: JSON.stringify({ mode: "external_url", filename: "file.txt", external_url: url }) });
      assert.equal(up.status, 200, JSON.stringify(up.body));
      const failed = await eventually(async () => (await outbox(q, s)).find((e) => e.type === "file_upload.upload_failed"), 10_000, "upload_failed");
      assert.deepEqual((await outbox(q, s)).map((e) => e.type), ["file_upload.created", "file_upload.upload_failed"]);
      const result = failed.payload.data.file_import_result;
      assert.equal(result.type, "error");
      assert.equal(result.error.type, "download_error");
      assert.equal(result.error.status_code, 500);
      const retrieved = await q.raw("GET", `/v1/file_uploads/${up.body.id}`, { auth: w.token });
      assert.deepEqual(result, retrieved.body.file_import_result, "the same result the upload reads");
    } finally {
      await q.close();
      await new Promise<void>((r) => files.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A diagnostic line in the test output (the measured costs). */
function t_diag(line: string): void {
  process.stdout.write(`# ${line}\n`);
}
