/**
 * The control API of groups and page permissions over HTTP (src/routes/admin-groups.ts,
 * src/routes/admin-permissions.ts): shapes, errors in the control API's shape, sections of
 * top-level pages, deleting a group leaving no entry behind, and a second workspace (written
 * behind the server) whose groups, people and pages no route reaches.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { rt, startTestQuire, type TestQuire } from "./helpers/quire.js";
import { execOnStore, queryOnStore } from "./helpers/store.js";

let q: TestQuire;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "quire-perms-http-"));
  q = await startTestQuire({ dataDir: dir, memory: false });
});
after(async () => {
  await q?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function person(name: string): Promise<string> {
  const res = await q.admin("POST", "/_quire/v1/users", { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

async function ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await q.admin(method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${JSON.stringify(res.body)}`);
  const { request_id: _, ...answer } = res.body;
  return answer as T;
}

async function fails(method: string, path: string, body: unknown, status: number, code: string, message?: RegExp) {
  const res = await q.admin(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.object, "error");
  assert.equal(res.body.code, code);
  if (message) assert.match(res.body.message, message);
  return res.body;
}

const sorted = (xs: string[]) => [...xs].sort();

describe("groups over the control API", () => {
  test("create with members, get, list with cursors, rename, external id, delete", async () => {
    const [ann, ben] = [await person("Ann"), await person("Ben")];
    const g = await ok("POST", "/_quire/v1/groups", { name: "Design", external_id: "okta-design", user_ids: [ann, ben, ann] });
    assert.equal(g.object, "group");
    assert.equal(g.name, "Design");
    assert.equal(g.external_id, "okta-design");
    assert.match(g.created_time, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(g.member_ids, sorted([ann, ben]));
    assert.deepEqual(await ok("GET", `/_quire/v1/groups/${g.id}`), g);
    const h = await ok("POST", "/_quire/v1/groups", { name: "Eng" });
    assert.deepEqual(h.member_ids, []);
    const first = await ok("GET", "/_quire/v1/groups?page_size=1");
    assert.equal(first.results.length, 1);
    assert.equal(first.has_more, true);
    const rest = await ok("GET", `/_quire/v1/groups?page_size=100&start_cursor=${first.next_cursor}`);
    assert.ok([...first.results, ...rest.results].some((x: any) => x.id === h.id));
    await fails("GET", `/_quire/v1/groups?start_cursor=${randomUUID()}`, undefined, 400, "validation_error", /start_cursor provided is invalid/);
    await fails("POST", "/_quire/v1/groups", { name: "Again", external_id: "okta-design" }, 400, "validation_error", /already the external id of group/);
    await fails("PATCH", `/_quire/v1/groups/${h.id}`, { external_id: "okta-design" }, 400, "validation_error", /already the external id/);
    const renamed = await ok("PATCH", `/_quire/v1/groups/${g.id}`, { name: "Product design", external_id: null });
    assert.equal(renamed.name, "Product design");
    assert.equal(renamed.external_id, null);
    assert.deepEqual(await ok("PATCH", `/_quire/v1/groups/${h.id}`, { external_id: "okta-design" }).then((x) => x.external_id), "okta-design", "free again");
    assert.deepEqual(await ok("DELETE", `/_quire/v1/groups/${g.id}`), { object: "group", id: g.id, deleted: true });
    await fails("GET", `/_quire/v1/groups/${g.id}`, undefined, 404, "object_not_found", /Could not find group with ID/);
    await fails("DELETE", `/_quire/v1/groups/${g.id}`, undefined, 404, "object_not_found");
  });

  test("members: people only, each once; removing one who is not a member is 404", async () => {
    const [ann, ben] = [await person("Ann"), await person("Ben")];
    const g = await ok("POST", "/_quire/v1/groups", { name: "Ops" });
    assert.deepEqual((await ok("POST", `/_quire/v1/groups/${g.id}/members`, { user_ids: [ann] })).member_ids, [ann]);
    assert.deepEqual((await ok("POST", `/_quire/v1/groups/${g.id}/members`, { user_ids: [ann, ben] })).member_ids, sorted([ann, ben]));
    const bot = (await q.integration("Robot")).bot_id;
    await fails("POST", `/_quire/v1/groups/${g.id}/members`, { user_ids: [bot] }, 400, "validation_error", /bot of the integration "Robot", not a person/);
    await fails("POST", "/_quire/v1/groups", { name: "Bots", user_ids: [ann, bot] }, 400, "validation_error", /not a person/);
    await fails("POST", `/_quire/v1/groups/${g.id}/members`, { user_ids: [randomUUID()] }, 404, "object_not_found", /Could not find user/);
    await fails("POST", `/_quire/v1/groups/${g.id}/members`, { user_ids: [] }, 400, "validation_error", /body.user_ids.length should be ≥ `1`/);
    await fails("POST", `/_quire/v1/groups/${randomUUID()}/members`, { user_ids: [ann] }, 404, "object_not_found", /group/);
    assert.deepEqual((await ok("DELETE", `/_quire/v1/groups/${g.id}/members/${ann}`)).member_ids, [ben]);
    await fails("DELETE", `/_quire/v1/groups/${g.id}/members/${ann}`, undefined, 404, "object_not_found");
    assert.equal((await ok("GET", `/_quire/v1/groups/${g.id}`)).member_ids.length, 1, "a failed request changed nothing");
  });

  test("bad input reads like Notion's validation errors; no admin key is 401", async () => {
    await fails("POST", "/_quire/v1/groups", {}, 400, "validation_error", /body.name should be defined/);
    await fails("POST", "/_quire/v1/groups", { name: "" }, 400, "validation_error", /body.name.length should be ≥ `1`/);
    await fails("POST", "/_quire/v1/groups", { name: "X", user_ids: "nope" }, 400, "validation_error", /body.user_ids should be an array/);
    await fails("POST", "/_quire/v1/groups", { name: "X", user_ids: Array.from({ length: 101 }, () => randomUUID()) }, 400, "validation_error", /≤ `100`/);
    await fails("GET", "/_quire/v1/groups/not-an-id", undefined, 400, "validation_error", /path.group_id should be a valid uuid/);
    const res = await fetch(`${q.url}/_quire/v1/groups`);
    assert.equal(res.status, 401);
  });
});

describe("page permissions over the control API", () => {
  test("a control-API page starts in the Workspace section; the seeded page too; private with created_by", async () => {
    const seeded = await ok("GET", `/_quire/v1/pages/${q.rootPageId}/permissions`);
    assert.equal(seeded.section, "workspace");
    const made = await ok("POST", "/_quire/v1/pages", { title: "Handbook" });
    assert.equal(made.section, "workspace");
    const view = await ok("GET", `/_quire/v1/pages/${made.id}/permissions`);
    assert.deepEqual(view, {
      object: "page_permissions",
      page_id: made.id,
      section: "workspace",
      explicit: [{ principal: { type: "workspace", id: q.workspaceId }, level: "full_access" }],
      effective: [{ principal: { type: "workspace", id: q.workspaceId }, level: "full_access", from: made.id, inherited: false }],
      can_share: true,
    });
    const ann = await person("Ann");
    const mine = await ok("POST", "/_quire/v1/pages", { title: "Diary", section: "private", created_by: ann });
    assert.deepEqual((await ok("GET", `/_quire/v1/pages/${mine.id}/permissions`)).explicit, [{ principal: { type: "user", id: ann }, level: "full_access" }]);
    await fails("POST", "/_quire/v1/pages", { title: "X", created_by: randomUUID() }, 404, "object_not_found", /Could not find user/);
    await fails("POST", "/_quire/v1/pages", { title: "X", section: "shared" }, 400, "validation_error", /body.section should be `"workspace"` or `"private"`/);
  });

  test("set, override below, inherit, remove — and what each principal ends up with", async () => {
    const ann = await person("Ann");
    const g = await ok("POST", "/_quire/v1/groups", { name: "Readers", user_ids: [ann] });
    const top = await ok("POST", "/_quire/v1/pages", { title: "Top", share_with: [q.devIntegrationId] });
    const child = await q.client().pages.create({ parent: { page_id: top.id }, properties: { title: { title: rt("Child") } } } as any);
    const put = (id: string, principal: unknown, level: unknown) => ok("PUT", `/_quire/v1/pages/${id}/permissions`, { principal, level });
    await put(top.id, { type: "group", id: g.id }, "can_view");
    const after = await put(child.id, { type: "workspace" }, "can_comment");
    assert.equal(after.section, null, "below the top level there is no section");
    assert.deepEqual(after.explicit, [{ principal: { type: "workspace", id: q.workspaceId }, level: "can_comment" }]);
    assert.deepEqual(after.effective, [
      { principal: { type: "group", id: g.id }, level: "can_view", from: top.id, inherited: true },
      { principal: { type: "workspace", id: q.workspaceId }, level: "can_comment", from: child.id, inherited: false },
    ]);
    const raised = await put(child.id, { type: "user", id: ann }, "can_edit");
    assert.equal(raised.explicit.length, 2);
    const again = await put(child.id, { type: "user", id: ann }, "full_access");
    assert.deepEqual(again.explicit.find((e: any) => e.principal.type === "user").level, "full_access", "PUT replaces");
    const cleared = await put(child.id, { type: "user", id: ann }, null);
    assert.equal(cleared.explicit.length, 1, "level null removes the entry");
    const removed = await ok("DELETE", `/_quire/v1/pages/${child.id}/permissions/workspace/${q.workspaceId}`);
    assert.deepEqual(removed.explicit, []);
    assert.deepEqual(removed.effective.map((e: any) => [e.principal.type, e.level, e.from]), [["group", "can_view", top.id], ["workspace", "full_access", top.id]]);
    await fails("DELETE", `/_quire/v1/pages/${child.id}/permissions/workspace/${q.workspaceId}`, undefined, 404, "object_not_found", /Could not find a permission/);
    await ok("DELETE", `/_quire/v1/groups/${g.id}`);
    const gone = await ok("GET", `/_quire/v1/pages/${top.id}/permissions`);
    assert.ok(!gone.explicit.some((e: any) => e.principal.type === "group"), "deleting a group removes its entries");
    const rows = await queryOnStore(dir, "SELECT node_id FROM page_permissions WHERE principal_type = 'group' AND principal_id = ?", [g.id]);
    assert.deepEqual(rows, []);
  });

  test("databases take entries; blocks, bots, unknown groups and other workspaces' ids do not", async () => {
    const top = await ok("POST", "/_quire/v1/pages", { title: "Top", share_with: [q.devIntegrationId] });
    const notion = q.client();
    const db = await notion.databases.create({ parent: { type: "page_id", page_id: top.id }, title: rt("Tasks"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const onDb = await ok("PUT", `/_quire/v1/pages/${db.id}/permissions`, { principal: { type: "workspace" }, level: "can_view" });
    assert.equal(onDb.page_id, db.id);
    const block = (await notion.blocks.children.append({ block_id: top.id, children: [{ paragraph: { rich_text: rt("hi") } }] } as any)).results[0];
    const put = (id: string, principal: unknown, level: unknown = "can_view") => q.admin("PUT", `/_quire/v1/pages/${id}/permissions`, { principal, level });
    let res = await put(block.id, { type: "workspace" });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /is a block: permissions are set on pages and databases/);
    res = await put(randomUUID(), { type: "workspace" });
    assert.equal(res.status, 404);
    assert.match(res.body.message, /Could not find page with ID/);
    res = await put(top.id, { type: "user", id: (await q.integration("Bot")).bot_id });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /not a person/);
    res = await put(top.id, { type: "group", id: randomUUID() });
    assert.equal(res.status, 404);
    assert.match(res.body.message, /Could not find group/);
    res = await put(top.id, { type: "user" });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /body.principal.id should be defined/);
    res = await put(top.id, { type: "workspace", id: randomUUID() });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /should be this workspace's id/);
    res = await put(top.id, { type: "team" });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /body.principal.type should be `"user"`, `"group"`, or `"workspace"`/);
    res = await put(top.id, { type: "workspace" }, "can_read");
    assert.equal(res.status, 400);
    assert.match(res.body.message, /body.level should be `"full_access"`, `"can_edit"`, `"can_comment"`, or `"can_view"`/);
    res = await q.admin("PUT", `/_quire/v1/pages/${top.id}/permissions`, { principal: { type: "workspace" } });
    assert.equal(res.status, 400, "level must be given (null to remove)");
    res = await q.admin("DELETE", `/_quire/v1/pages/${top.id}/permissions/team/${randomUUID()}`);
    assert.equal(res.status, 400);
    assert.match(res.body.message, /path.principal_type should be/);
  });

  test("sections: move a top-level page to private and back; not below the top level", async () => {
    const ann = await person("Ann");
    const top = await ok("POST", "/_quire/v1/pages", { title: "Plans", share_with: [q.devIntegrationId] });
    await ok("PUT", `/_quire/v1/pages/${top.id}/permissions`, { principal: { type: "user", id: ann }, level: "can_comment" });
    const priv = await ok("PUT", `/_quire/v1/pages/${top.id}/section`, { section: "private" });
    assert.equal(priv.section, "private");
    const owner = (await queryOnStore(dir, "SELECT value FROM meta WHERE key = 'owner_user_id'"))[0].value;
    assert.deepEqual(sorted(priv.explicit.map((e: any) => `${e.principal.id}:${e.level}`)), sorted([`${owner}:full_access`, `${ann}:can_comment`]), "its creator gets full access; ann keeps hers");
    const toAnn = await ok("PUT", `/_quire/v1/pages/${top.id}/section`, { section: "private", user_id: ann });
    assert.ok(toAnn.explicit.some((e: any) => e.principal.id === ann && e.level === "full_access"));
    const back = await ok("PUT", `/_quire/v1/pages/${top.id}/section`, { section: "workspace" });
    assert.equal(back.section, "workspace");
    const child = await q.client().pages.create({ parent: { page_id: top.id }, properties: { title: { title: rt("Child") } } } as any);
    await fails("PUT", `/_quire/v1/pages/${child.id}/section`, { section: "private" }, 400, "validation_error", /not at the top level/);
    await fails("PUT", `/_quire/v1/pages/${top.id}/section`, { section: "team" }, 400, "validation_error", /body.section should be/);
    await fails("PUT", `/_quire/v1/pages/${top.id}/section`, { section: "private", user_id: randomUUID() }, 404, "object_not_found");
  });
});

describe("nothing crosses workspaces", () => {
  /**
   * A second workspace written behind the server (made later than the seeded one, which the
   * unscoped routes act on): a person, a group with them in it, a page with an entry.
   */
  async function otherWorkspace() {
    const [ws, bea, group, pageId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await execOnStore(dir, "INSERT INTO workspaces (id, name, created_time, time_zone) VALUES (?, 'Other', 9000000000000, 'UTC')", [ws]);
    await execOnStore(dir, "INSERT INTO users (workspace_id, id, type, name, email, created_time) VALUES (?, ?, 'person', 'Bea', ?, 0)", [ws, bea, `bea-${bea}@other.test`]);
    await execOnStore(dir, "INSERT INTO groups (workspace_id, id, name, external_id, created_time) VALUES (?, ?, 'Theirs', 'their-ext', 0)", [ws, group]);
    await execOnStore(dir, "INSERT INTO group_members (workspace_id, group_id, user_id) VALUES (?, ?, ?)", [ws, group, bea]);
    await execOnStore(
      dir,
      `INSERT INTO nodes (workspace_id, id, type, parent_type, parent_id, position, data, properties, created_time, created_by, last_edited_time, last_edited_by)
       VALUES (?, ?, 'page', 'workspace', NULL, 1, '{}', '{"title":[]}', 0, ?, 0, ?)`,
      [ws, pageId, bea, bea],
    );
    await execOnStore(dir, "INSERT INTO page_permissions (workspace_id, node_id, principal_type, principal_id, level) VALUES (?, ?, 'user', ?, 'full_access')", [ws, pageId, bea]);
    return { ws, bea, group, pageId };
  }

  test("every group and permission route answers 404 (or refuses) for another workspace's groups, people and pages, and changes nothing there", async () => {
    const b = await otherWorkspace();
    const ann = await person("Ann");
    const mine = await ok("POST", "/_quire/v1/groups", { name: "Mine", user_ids: [ann] });
    const top = await ok("POST", "/_quire/v1/pages", { title: "Ours" });
    const notFound = (method: string, path: string, body?: unknown) => fails(method, path, body, 404, "object_not_found");
    await notFound("GET", `/_quire/v1/groups/${b.group}`);
    await notFound("PATCH", `/_quire/v1/groups/${b.group}`, { name: "Taken" });
    await notFound("DELETE", `/_quire/v1/groups/${b.group}`);
    await notFound("POST", `/_quire/v1/groups/${b.group}/members`, { user_ids: [ann] });
    await notFound("DELETE", `/_quire/v1/groups/${b.group}/members/${b.bea}`);
    await notFound("POST", `/_quire/v1/groups/${mine.id}/members`, { user_ids: [b.bea] });
    await notFound("DELETE", `/_quire/v1/groups/${mine.id}/members/${b.bea}`);
    await notFound("POST", "/_quire/v1/groups", { name: "Cross", user_ids: [b.bea] });
    const listed = await ok("GET", "/_quire/v1/groups?page_size=100");
    assert.ok(!listed.results.some((g: any) => g.id === b.group));
    await fails("GET", `/_quire/v1/groups?start_cursor=${b.group}`, undefined, 400, "validation_error");
    assert.equal((await ok("POST", "/_quire/v1/groups", { name: "Same ext", external_id: "their-ext" })).external_id, "their-ext", "external ids are unique per workspace only");
    await notFound("GET", `/_quire/v1/pages/${b.pageId}/permissions`);
    await notFound("PUT", `/_quire/v1/pages/${b.pageId}/permissions`, { principal: { type: "workspace" }, level: "can_view" });
    await notFound("DELETE", `/_quire/v1/pages/${b.pageId}/permissions/user/${b.bea}`);
    await notFound("PUT", `/_quire/v1/pages/${b.pageId}/section`, { section: "workspace" });
    await notFound("PUT", `/_quire/v1/pages/${top.id}/permissions`, { principal: { type: "user", id: b.bea }, level: "can_view" });
    await notFound("PUT", `/_quire/v1/pages/${top.id}/permissions`, { principal: { type: "group", id: b.group }, level: "can_view" });
    await fails("PUT", `/_quire/v1/pages/${top.id}/permissions`, { principal: { type: "workspace", id: b.ws }, level: "can_view" }, 400, "validation_error");
    await notFound("PUT", `/_quire/v1/pages/${top.id}/section`, { section: "private", user_id: b.bea });
    await notFound("POST", "/_quire/v1/pages", { title: "Theirs?", created_by: b.bea });
    assert.deepEqual(await queryOnStore(dir, "SELECT name, external_id FROM groups WHERE workspace_id = ?", [b.ws]), [{ name: "Theirs", external_id: "their-ext" }]);
    assert.equal((await queryOnStore(dir, "SELECT user_id FROM group_members WHERE workspace_id = ?", [b.ws])).length, 1);
    assert.deepEqual(await queryOnStore(dir, "SELECT principal_type, principal_id, level FROM page_permissions WHERE workspace_id = ?", [b.ws]), [
      { principal_type: "user", principal_id: b.bea, level: "full_access" },
    ]);
  });
});
