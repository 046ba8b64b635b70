/**
 * Members and roles (issue 12): `owner`, `membership_admin`, `member`, `guest` on a person's row
 * in each workspace; the control API's members routes; `GET /v1/users` and `/v1/users/{id}` as
 * Notion shows them — members and bots listed, guests retrievable but not listed
 * (developers.notion.com/reference/get-users), former members and other workspaces' people 404.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { rejects } from "./helpers/api.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execOnStore, onPostgres } from "./helpers/store.js";
import { MIGRATIONS } from "../src/storage/sqlite-schema.js";
import { PG_MIGRATIONS } from "../src/storage/postgres/schema.js";

let q: TestQuire;
let notion: Client;
let owner: string;
before(async () => {
  q = await startTestQuire();
  notion = q.client();
  owner = (await q.admin("GET", "/_quire/v1/members")).body.results[0].user_id;
});
after(() => q.close());

const person = async (name: string, extra: Record<string, unknown> = {}, base = "/_quire/v1") => {
  const res = await q.admin("POST", `${base}/users`, { name, email: `${name.toLowerCase()}@example.com`, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id as string;
};
const listed = async (c: Client = notion) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.users.list({ start_cursor: cursor, page_size: 2 });
    ids.push(...page.results.map((u) => u.id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return ids;
};
const expectError = async (method: string, path: string, body: unknown, status: number, code: string, message: RegExp) => {
  const res = await q.admin(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.object, "error");
  assert.equal(res.body.code, code);
  assert.match(res.body.message, message);
};

describe("roles", () => {
  test("the seeded person is the workspace's owner; a new person is a member unless given a role", async () => {
    const members = (await q.admin("GET", "/_quire/v1/members")).body;
    assert.equal(members.object, "list");
    const { request_id: _, ...first } = members.results[0];
    assert.deepEqual(Object.keys(first), ["object", "workspace_id", "user_id", "name", "email", "avatar_url", "role"]);
    assert.equal(first.object, "member");
    assert.equal(first.role, "owner");
    assert.equal(first.workspace_id, q.workspaceId);
    const ann = await q.admin("POST", "/_quire/v1/users", { name: "Ann", email: "ann@example.com" });
    assert.equal(ann.body.role, "member");
    const gus = await q.admin("POST", "/_quire/v1/users", { name: "Gus", email: "gus@example.com", role: "guest" });
    assert.equal(gus.body.role, "guest");
    const roles = Object.fromEntries((await q.admin("GET", "/_quire/v1/members")).body.results.map((m: any) => [m.user_id, m.role]));
    assert.equal(roles[ann.body.id], "member");
    assert.equal(roles[gus.body.id], "guest");
    await expectError("POST", "/_quire/v1/users", { name: "X", email: "x@example.com", role: "admin" }, 400, "validation_error", /body\.role should be `"owner"`, `"membership_admin"`, `"member"`, or `"guest"`/);
  });

  test("PATCH changes a role; the last owner cannot be demoted or removed; a second owner lets the first go", async () => {
    const mia = await person("Mia");
    const patched = await q.admin("PATCH", `/_quire/v1/members/${mia}`, { role: "membership_admin" });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.role, "membership_admin");
    await expectError("PATCH", `/_quire/v1/members/${owner}`, { role: "member" }, 400, "validation_error", /last owner of workspace/);
    await expectError("DELETE", `/_quire/v1/members/${owner}`, undefined, 400, "validation_error", /last owner of workspace/);
    await expectError("PATCH", `/_quire/v1/members/${mia}`, { role: "boss" }, 400, "validation_error", /body\.role should be/);
    await expectError("PATCH", `/_quire/v1/members/${mia}`, {}, 400, "validation_error", /body\.role should be defined/);
    await expectError("PATCH", "/_quire/v1/members/00000000-0000-4000-8000-000000000000", { role: "member" }, 404, "object_not_found", /Could not find member/);
    const bot = (await notion.users.me({})).id;
    await expectError("PATCH", `/_quire/v1/members/${bot}`, { role: "member" }, 404, "object_not_found", /member/);
    await expectError("DELETE", `/_quire/v1/members/${bot}`, undefined, 404, "object_not_found", /member/);
    await q.admin("PATCH", `/_quire/v1/members/${mia}`, { role: "owner" });
    assert.equal((await q.admin("PATCH", `/_quire/v1/members/${owner}`, { role: "member" })).body.role, "member");
    assert.equal((await q.admin("PATCH", `/_quire/v1/members/${owner}`, { role: "owner" })).body.role, "owner");
    await q.admin("PATCH", `/_quire/v1/members/${mia}`, { role: "member" });
  });

  test("members list pages in join order with start_cursor/page_size", async () => {
    const all = (await q.admin("GET", "/_quire/v1/members?page_size=100")).body.results.map((m: any) => m.user_id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await q.admin("GET", `/_quire/v1/members?page_size=2${cursor ? `&start_cursor=${cursor}` : ""}`)).body;
      assert.ok(page.results.length <= 2);
      seen.push(...page.results.map((m: any) => m.user_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, all);
    await expectError("GET", "/_quire/v1/members?start_cursor=00000000-0000-4000-8000-000000000000", undefined, 400, "validation_error", /start_cursor/);
  });
});

describe("GET /v1/users and /v1/users/{id} as Notion shows them", () => {
  test("members and bots are listed; guests are not, but retrieve answers them; a removed member is neither", async () => {
    const lea = await person("Lea");
    const gia = await person("Gia", { role: "guest" });
    const bot = (await notion.users.me({})).id;
    let ids = await listed();
    assert.ok(ids.includes(owner) && ids.includes(lea) && ids.includes(bot));
    assert.ok(!ids.includes(gia), "guests are not included (developers.notion.com/reference/get-users)");
    const guest: any = await notion.users.retrieve({ user_id: gia });
    assert.equal(guest.type, "person");
    assert.equal(guest.name, "Gia");

    await q.admin("PATCH", `/_quire/v1/members/${lea}`, { role: "guest" });
    assert.ok(!(await listed()).includes(lea), "made a guest: no longer listed");
    await q.admin("PATCH", `/_quire/v1/members/${lea}`, { role: "member" });
    assert.ok((await listed()).includes(lea));

    // A page Lea is named on stays, and keeps naming her, after she leaves.
    const page = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: "Mentions Lea" } }, { mention: { user: { id: lea } } } as any] } } });
    const removed = await q.admin("DELETE", `/_quire/v1/members/${lea}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.deleted, true);
    ids = await listed();
    assert.ok(!ids.includes(lea), "a removed member is no longer listed");
    await rejects(notion.users.retrieve({ user_id: lea }), { status: 404, code: "object_not_found" });
    const kept: any = await notion.pages.retrieve({ page_id: page.id });
    assert.equal(kept.properties.title.title[1].mention.user.id, lea);
    assert.ok(!(await q.admin("GET", "/_quire/v1/members?page_size=100")).body.results.some((m: any) => m.user_id === lea));
    await expectError("DELETE", `/_quire/v1/members/${lea}`, undefined, 404, "object_not_found", /member/);

    // Coming back: the same user id, the role given now.
    const back = await q.admin("POST", "/_quire/v1/members", { user_id: lea, role: "member" });
    assert.equal(back.status, 200);
    assert.equal(back.body.user_id, lea);
    assert.ok((await listed()).includes(lea));
    assert.equal((await notion.users.retrieve({ user_id: lea })).id, lea);
  });

  test("a person of another workspace is 404 here until they join; then the same id in both", async () => {
    const other = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Other" })).body.id;
    const base = `/_quire/v1/workspaces/${other}`;
    const zoe = await person("Zoe", {}, base);
    await rejects(notion.users.retrieve({ user_id: zoe }), { status: 404, code: "object_not_found" });
    assert.ok(!(await listed()).includes(zoe));

    const joined = await q.admin("POST", "/_quire/v1/members", { user_id: zoe });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.role, "member", "the default role");
    assert.equal(joined.body.email, "zoe@example.com", "the person's details come with them");
    const seen: any = await notion.users.retrieve({ user_id: zoe });
    assert.equal(seen.name, "Zoe");
    assert.ok((await listed()).includes(zoe));
    assert.equal((await q.admin("GET", `${base}/members`)).body.results.find((m: any) => m.user_id === zoe).role, "member", "still a member there");

    await expectError("POST", "/_quire/v1/members", { user_id: zoe, role: "guest" }, 400, "validation_error", /already a member/);
    await expectError("POST", "/_quire/v1/members", { user_id: "00000000-0000-4000-8000-000000000000" }, 400, "validation_error", /body\.user_id should be the id of a person/);
    await expectError("POST", "/_quire/v1/members", { user_id: (await notion.users.me({})).id }, 400, "validation_error", /a person/);
    await expectError("POST", "/_quire/v1/members", { role: "member" }, 400, "validation_error", /body\.user_id should be defined/);
    await expectError("POST", "/_quire/v1/members", { user_id: zoe, role: "king" }, 400, "validation_error", /body\.role/);
  });

  test("an email belongs to one person in the whole Quire, whatever its case", async () => {
    const other = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Third" })).body.id;
    const eve = await person("Eve");
    // Another workspace's POST /users with the email adds that same person (src/domain/admin/people.ts).
    const again = await q.admin("POST", `/_quire/v1/workspaces/${other}/users`, { name: "Eve again", email: "EVE@example.com" });
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.id, again.body.name, again.body.person.email, again.body.role], [eve, "Eve", "eve@example.com", "member"]);
    await expectError("POST", "/_quire/v1/users", { name: "Eve twice", email: "Eve@Example.com" }, 400, "validation_error", /already the email of another user/);
  });
});

describe("the roles migration", () => {
  test("on data from before it: the seeded person becomes the owner, other people members, bots no role", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-roles-"));
    try {
      let old = await startTestQuire({ memory: false, dataDir: dir });
      const pat = (await old.admin("POST", "/_quire/v1/users", { name: "Pat", email: "pat@example.com", role: "guest" })).body.id;
      await old.close();
      // The users table as it was, then the migration's own SQL (found by what it does, wherever it sits in the list).
      const migration = (onPostgres ? PG_MIGRATIONS : MIGRATIONS).find((m) => m.includes("ALTER TABLE users ADD COLUMN role"));
      assert.ok(migration);
      await execOnStore(dir, "ALTER TABLE users DROP COLUMN role");
      await execOnStore(dir, migration);
      old = await startTestQuire({ memory: false, dataDir: dir });
      try {
        const roles = Object.fromEntries((await old.admin("GET", "/_quire/v1/members")).body.results.map((m: any) => [m.name, m.role]));
        assert.deepEqual(roles, { "Quire Owner": "owner", Pat: "member" });
        assert.ok(pat);
        const users: any = await old.client().users.list({});
        assert.ok(users.results.some((u: any) => u.type === "bot"), "bots are still listed");
      } finally {
        await old.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
