/** GET /v1/users, /v1/users/{id}, /v1/users/me through the real SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, collectPaginatedAPI, isFullUser } from "@notionhq/client";
import { VERSIONS, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, rejects } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;
const people: { id: string; name: string; email: string }[] = [];

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  for (const [name, email] of [
    ["Ada Lovelace", "ada@example.com"],
    ["Grace Hopper", "grace@example.com"],
    ["Alan Turing", "alan@example.com"],
  ]) {
    const res = await q.admin("POST", "/_quire/v1/users", { name, email });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    people.push({ id: res.body.id, name, email });
  }
});
after(() => q.close());

describe("users.list", () => {
  test("is a Notion list of type user", async () => {
    const res = await notion.users.list({});
    assert.equal(res.object, "list");
    assert.equal(res.type, "user");
    assert.deepEqual(res.user, {});
    assert.equal(res.has_more, false);
    assert.equal(res.next_cursor, null);
    assert.equal(typeof (res as any).request_id, "string");
    const ids = res.results.map((u) => u.id);
    for (const p of people) assert.ok(ids.includes(p.id), `${p.name} listed`);
    for (const u of res.results) {
      assert.equal(u.object, "user");
      assert.ok(isFullUser(u));
    }
  });

  test("lists people and bots, with the caller's own bot carrying bot info", async () => {
    const res = await notion.users.list({});
    const me = await notion.users.me({});
    const types = new Set(res.results.map((u: any) => u.type));
    assert.deepEqual([...types].sort(), ["bot", "person"]);
    const self: any = res.results.find((u) => u.id === me.id);
    assert.ok(self, "own bot listed");
    assert.deepEqual(self.bot.owner, { type: "workspace", workspace: true });
  });

  test("pages with page_size; next_cursor is null exactly when has_more is false", async () => {
    const all = (await notion.users.list({})).results.map((u) => u.id);
    assert.ok(all.length >= 5, `at least 5 users, got ${all.length}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await notion.users.list({ page_size: 2, start_cursor: cursor });
      pages++;
      assert.ok(res.results.length <= 2);
      assert.equal(res.has_more, res.next_cursor !== null);
      if (res.has_more) {
        assert.equal(res.results.length, 2);
        assert.equal(typeof res.next_cursor, "string");
      }
      seen.push(...res.results.map((u) => u.id));
      cursor = res.next_cursor ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, all, "pages concatenate to the full list, in order, without repeats");
    assert.equal(pages, Math.ceil(all.length / 2));
  });

  test("collectPaginatedAPI walks every page", async () => {
    const all = (await notion.users.list({})).results.map((u) => u.id);
    const collected = await collectPaginatedAPI(notion.users.list, { page_size: 1 });
    assert.deepEqual(
      collected.map((u) => u.id),
      all,
    );
  });

  test("a page_size equal to the total count has no more", async () => {
    const all = (await notion.users.list({})).results;
    const res = await notion.users.list({ page_size: all.length });
    assert.equal(res.results.length, all.length);
    assert.equal(res.has_more, false);
    assert.equal(res.next_cursor, null);
  });

  test("a cursor that was never issued is rejected", async () => {
    await rejects(notion.users.list({ start_cursor: MISSING_ID }), { status: 400, code: "validation_error" });
  });
});

describe("users.retrieve", () => {
  test("a person, with email under the default (with-email) capability", async () => {
    const p = people[0];
    const u: any = await notion.users.retrieve({ user_id: p.id });
    assert.deepEqual(
      { object: u.object, id: u.id, type: u.type, name: u.name, avatar_url: u.avatar_url, person: u.person },
      { object: "user", id: p.id, type: "person", name: p.name, avatar_url: null, person: { email: p.email, email_verified: true } },
    );
    assert.equal(typeof u.request_id, "string");
  });

  test("a bot user", async () => {
    const me = await notion.users.me({});
    const u: any = await notion.users.retrieve({ user_id: me.id });
    assert.equal(u.type, "bot");
    assert.equal(u.name, "Quire Dev");
    assert.ok(u.bot && typeof u.bot === "object");
    assert.equal("person" in u, false);
  });

  test("another integration's bot is a bot with empty bot info", async () => {
    const other = await q.integration("Other bot");
    const u: any = await notion.users.retrieve({ user_id: other.bot_id });
    assert.equal(u.type, "bot");
    assert.equal(u.name, "Other bot");
    // Quire shows only the caller's own bot with owner/workspace details; Notion's exact
    // answer for foreign bots is not documented.
    assert.deepEqual(u.bot, {});
  });

  test("an id without dashes, in upper case, answers with the dashed lower-case id", async () => {
    const p = people[1];
    const u = await notion.users.retrieve({ user_id: p.id.replace(/-/g, "").toUpperCase() });
    assert.equal(u.id, p.id);
  });

  test("an unknown user is 404 object_not_found", async () => {
    const err = await rejects(notion.users.retrieve({ user_id: MISSING_ID }), {
      status: 404,
      code: "object_not_found",
      message: new RegExp(`^Could not find user with ID: ${MISSING_ID}\\.`),
    });
    assert.equal(typeof err.request_id, "string");
  });

  test("an id that is not a uuid is a validation error", async () => {
    await rejects(notion.users.retrieve({ user_id: "not-a-uuid" }), {
      status: 400,
      code: "validation_error",
      message: /path\.user_id should be a valid uuid/,
    });
  });
});

describe("users.me", () => {
  test("the token's bot user with owner and workspace details", async () => {
    const me: any = await notion.users.me({});
    assert.equal(me.object, "user");
    assert.equal(me.type, "bot");
    assert.equal(me.name, "Quire Dev");
    assert.equal(me.avatar_url, null);
    assert.deepEqual(me.bot, {
      owner: { type: "workspace", workspace: true },
      workspace_name: "Quire",
      workspace_id: q.workspaceId,
      workspace_limits: { max_file_upload_size_in_bytes: 5242880 },
    });
    assert.equal(typeof me.request_id, "string");
  });

  test("is the bot of whichever token asks", async () => {
    const other = await q.integration("Second");
    const me: any = await q.client({ auth: other.token }).users.me({});
    assert.equal(me.id, other.bot_id);
    assert.equal(me.name, "Second");
    assert.equal(me.bot.workspace_id, q.workspaceId);
  });

  test("me and retrieve(me.id) agree", async () => {
    const me: any = await notion.users.me({});
    const again: any = await notion.users.retrieve({ user_id: me.id });
    delete me.request_id;
    delete again.request_id;
    assert.deepEqual(again, me);
  });
});

describe("user-information capabilities", () => {
  test("with email: person.email is shown", async () => {
    const i = await q.integration("With email", ["read_content", "user_info_with_email"]);
    const c = q.client({ auth: i.token });
    const u: any = await c.users.retrieve({ user_id: people[0].id });
    assert.deepEqual(u.person, { email: people[0].email, email_verified: true });
    const listed: any = (await c.users.list({})).results.find((x) => x.id === people[0].id);
    assert.deepEqual(listed.person, { email: people[0].email, email_verified: true });
  });

  test("without email: name and avatar, but no person.email", async () => {
    const i = await q.integration("No email", ["read_content", "user_info_without_email"]);
    const c = q.client({ auth: i.token });
    const u: any = await c.users.retrieve({ user_id: people[0].id });
    assert.equal(u.type, "person");
    assert.equal(u.name, people[0].name);
    assert.deepEqual(u.person, {});
    const list = await c.users.list({});
    for (const x of list.results as any[]) if (x.type === "person") assert.equal(x.person.email, undefined);
  });

  test("no user information: list and retrieve are 403 restricted_resource", async () => {
    const i = await q.integration("No users", ["read_content", "user_info_none"]);
    const c = q.client({ auth: i.token });
    await rejects(c.users.list({}), { status: 403, code: "restricted_resource" });
    await rejects(c.users.retrieve({ user_id: people[0].id }), { status: 403, code: "restricted_resource" });
  });

  test("an explicit capability list without a user level means no user information", async () => {
    const i = await q.integration("Content only", ["read_content"]);
    await rejects(q.client({ auth: i.token }).users.list({}), { status: 403, code: "restricted_resource" });
  });

  test("no user information: users.me still answers", async () => {
    // Quire keeps users/me open to every token (it identifies the caller); Notion's behaviour
    // for this capability combination is not documented.
    const i = await q.integration("No users me", ["read_content", "user_info_none"]);
    const me: any = await q.client({ auth: i.token }).users.me({});
    assert.equal(me.id, i.bot_id);
  });

  test("reading users needs no content capability", async () => {
    // Users are not content: an integration with only a user-information level may list them.
    const i = await q.integration("Users only", ["user_info_without_email"]);
    const res = await q.client({ auth: i.token }).users.list({});
    assert.ok(res.results.length >= 3);
  });

  test("capability changes take effect on the next request", async () => {
    const i = await q.integration("Changing", ["read_content", "user_info_with_email"]);
    const c = q.client({ auth: i.token });
    assert.deepEqual(((await c.users.retrieve({ user_id: people[2].id })) as any).person, { email: people[2].email, email_verified: true });
    const res = await q.admin("PATCH", `/_quire/v1/integrations/${i.id}`, { capabilities: ["read_content", "user_info_without_email"] });
    assert.equal(res.status, 200);
    assert.deepEqual(((await c.users.retrieve({ user_id: people[2].id })) as any).person, {});
  });
});

/**
 * Issue 10: person users list `person: {email, email_verified}` up to 2025-09-03 (recorded
 * notion-sdk-py traffic) and `person: {email}` from 2026-03-11 (recorded 2026-03-11 traffic,
 * ultimate-notion tests/cassettes mod_person #0); people values and user mentions carry
 * `person: {email}` in every version (test_people_relation_query #4, test_mention #3).
 */
describe("person objects, under every version", () => {
  for (const version of VERSIONS) {
    test(`${version}: person.email${version === "2022-06-28" || version === "2025-09-03" ? " with email_verified" : " only"} in users; {email} in values and mentions`, async () => {
      const c = q.client({ version });
      const ada = people[0];
      const expected = version === "2022-06-28" || version === "2025-09-03" ? { email: ada.email, email_verified: true } : { email: ada.email };
      const listed: any = (await collectPaginatedAPI(c.users.list, {})).find((u) => u.id === ada.id);
      assert.deepEqual(listed.person, expected);
      assert.deepEqual(((await c.users.retrieve({ user_id: ada.id })) as any).person, expected);
      // Values and mentions.
      const db: any = await notion.databases.create({ parent: { page_id: q.rootPageId }, title: [{ text: { content: "People" } }], initial_data_source: { properties: { Name: { title: {} }, Who: { people: {} } } } } as any);
      const row: any = await notion.pages.create({
        parent: { data_source_id: db.data_sources[0].id },
        properties: { Name: { title: [{ mention: { user: { id: ada.id } } }] }, Who: { people: [{ id: ada.id }] } },
      } as any);
      const got: any = await c.pages.retrieve({ page_id: row.id });
      assert.deepEqual(got.properties.Who.people[0].person, { email: ada.email });
      assert.deepEqual(got.properties.Name.title[0].mention.user.person, { email: ada.email });
    });
  }
});
