import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { APIResponseError } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";

describe("/_quire control API", () => {
  let q: TestQuire;
  before(async () => (q = await startTestQuire()));
  after(async () => q.close());

  test("health needs no auth; everything else needs the admin key", async () => {
    assert.equal((await fetch(`${q.url}/_quire/health`)).status, 200);
    const res = await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: "Bearer nope" } });
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.object, "error");
    assert.equal(body.code, "unauthorized");
    assert.equal(body.request_id, res.headers.get("x-notion-request-id"));
    // The key with a character changed, cut short, made longer, another case, or not as a bearer: 401 each.
    const k = q.adminKey;
    for (const auth of [`Bearer ${k.slice(0, -1)}${k.endsWith("a") ? "b" : "a"}`, `Bearer ${k.slice(0, -1)}`, `Bearer ${k}x`, `Bearer ${k.toUpperCase()}`, k, "Bearer", ""]) {
      const r = await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: auth } });
      assert.equal(r.status, 401, auth);
    }
    assert.equal((await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: `bearer  ${k} ` } })).status, 200);
  });

  test("a created integration gets a working token and a bot user", async () => {
    const created = await q.admin("POST", "/_quire/v1/integrations", { name: "CI bot" });
    assert.equal(created.status, 200);
    assert.match(created.body.token, /^ntn_[0-9A-Za-z]{46}$/);
    assert.deepEqual(created.body.capabilities, ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"]);
    const me = await q.client({ auth: created.body.token }).users.me({});
    assert.equal(me.id, created.body.bot_id);
    assert.equal(me.name, "CI bot");
    const listed = await q.admin("GET", "/_quire/v1/integrations");
    const row = listed.body.results.find((r: { id: string }) => r.id === created.body.id);
    assert.ok(row, "listed");
    assert.equal(row.token, undefined, "tokens are shown once, at creation");
  });

  test("an explicit capability list without a user-info level means no user information", async () => {
    const created = await q.admin("POST", "/_quire/v1/integrations", { name: "Reader", capabilities: ["read_content"] });
    assert.deepEqual(created.body.capabilities, ["read_content", "user_info_none"]);
    const bad = await q.admin("POST", "/_quire/v1/integrations", { name: "Bad", capabilities: ["user_info_none", "user_info_with_email"] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, "validation_error");
    const unknown = await q.admin("POST", "/_quire/v1/integrations", { name: "Bad", capabilities: ["fly"] });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /^body failed validation: body\.capabilities\[0\] should be/);
  });

  test("sharing grants a page and its descendants; unsharing takes them back", async () => {
    const dev = q.client();
    const child = await dev.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Shared child") } } });
    const other = await q.integration("Other");
    const client = q.client({ auth: other.token });
    await assert.rejects(client.pages.retrieve({ page_id: child.id }), (e: APIResponseError) => e.code === "object_not_found");
    const share = await q.admin("POST", `/_quire/v1/integrations/${other.id}/shares`, { object_id: q.rootPageId });
    assert.equal(share.status, 200);
    assert.equal((await client.pages.retrieve({ page_id: child.id })).id, child.id);
    const unshare = await q.admin("DELETE", `/_quire/v1/integrations/${other.id}/shares/${q.rootPageId}`);
    assert.equal(unshare.status, 200);
    await assert.rejects(client.pages.retrieve({ page_id: child.id }), (e: APIResponseError) => e.code === "object_not_found");
  });

  test("sharing something that does not exist is a 404 in Notion's shape", async () => {
    const other = await q.integration("Sharer");
    const res = await q.admin("POST", `/_quire/v1/integrations/${other.id}/shares`, { object_id: "00000000-0000-4000-8000-000000000000" });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, "object_not_found");
  });

  test("renaming renames the bot; rotating the token retires the old one; deleting revokes", async () => {
    const created = await q.integration("Rotor");
    const renamed = await q.admin("PATCH", `/_quire/v1/integrations/${created.id}`, { name: "Rotor 2", rotate_token: true });
    assert.equal(renamed.status, 200);
    assert.notEqual(renamed.body.token, created.token);
    await assert.rejects(q.client({ auth: created.token }).users.me({}), (e: APIResponseError) => e.code === "unauthorized");
    const me = await q.client({ auth: renamed.body.token }).users.me({});
    assert.equal(me.name, "Rotor 2");
    const deleted = await q.admin("DELETE", `/_quire/v1/integrations/${created.id}`);
    assert.deepEqual(deleted.body, { id: created.id, deleted: true });
    await assert.rejects(q.client({ auth: renamed.body.token }).users.me({}), (e: APIResponseError) => e.code === "unauthorized");
  });

  test("person users appear in users.list", async () => {
    const made = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: "ada@example.com" });
    assert.equal(made.status, 200);
    const users = await q.client().users.list({});
    const ada = users.results.find((u) => u.id === made.body.id);
    assert.ok(ada && ada.type === "person");
    assert.deepEqual((ada as { person: unknown }).person, { email: "ada@example.com", email_verified: true });
    const bad = await q.admin("POST", "/_quire/v1/users", { name: "No mail" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, "body failed validation: body.email should be defined, instead was `undefined`.");
  });

  test("top-level pages come from the control API, shared on request", async () => {
    const other = await q.integration("Top");
    const made = await q.admin("POST", "/_quire/v1/pages", { title: rt("Team space"), share_with: [other.id] });
    assert.equal(made.status, 200);
    const page = await q.client({ auth: other.token }).pages.retrieve({ page_id: made.body.id });
    assert.deepEqual((page as { parent: unknown }).parent, { type: "workspace", workspace: true });
    await assert.rejects(q.client().pages.retrieve({ page_id: made.body.id }), (e: APIResponseError) => e.code === "object_not_found");
  });
});

describe("/_quire sharing a database", () => {
  test("a database can be shared on its own: its data sources and rows come with it", async () => {
    const q = await startTestQuire();
    try {
      const dev = q.client();
      const db: any = await dev.databases.create({ parent: { type: "page_id", page_id: q.rootPageId }, title: rt("Shared DB") as any, initial_data_source: { properties: { Name: { title: {} } } } as any });
      const row = await dev.pages.create({ parent: { data_source_id: db.data_sources[0].id }, properties: { Name: { title: rt("Row") } } as any });
      const other = await q.integration("DB only");
      const client = q.client({ auth: other.token });
      await assert.rejects(client.databases.retrieve({ database_id: db.id }), (e: APIResponseError) => e.code === "object_not_found");
      const share = await q.admin("POST", `/_quire/v1/integrations/${other.id}/shares`, { object_id: db.id });
      assert.equal(share.status, 200);
      assert.equal((await client.databases.retrieve({ database_id: db.id })).id, db.id);
      assert.equal((await client.pages.retrieve({ page_id: row.id })).id, row.id);
      await assert.rejects(client.pages.retrieve({ page_id: q.rootPageId }), (e: APIResponseError) => e.code === "object_not_found");
    } finally {
      await q.close();
    }
  });
});
