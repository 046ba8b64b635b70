/**
 * A person's page permissions enforced on /v1 through their personal access token
 * (src/domain/person-access.ts for sight, src/domain/person-writes.ts for writes), with the real
 * SDK: each level (none, can_view, can_comment, can_edit, full_access) — given directly, through
 * a group, through the workspace's entry, inherited, overridden lower below — against the main
 * verbs; a guest; a row restricted below its database; a member of another workspace.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { APIResponseError, type Client } from "@notionhq/client";
import { rt, startTestQuire, type TestQuire } from "./helpers/quire.js";

type Level = "none" | "can_view" | "can_comment" | "can_edit" | "full_access";

/** "ok" or "<status> <code>" for an SDK call. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof APIResponseError) return `${e.status} ${e.code}`;
    throw e;
  }
}

const RANK: Record<Level, number> = { none: 0, can_view: 1, can_comment: 2, can_edit: 3, full_access: 4 };
/** What a person of `level` gets from a verb that needs `min`: 404 below sight, 403 below `min`. */
const expected = (level: Level, min: Exclude<Level, "none">) => (level === "none" ? "404 object_not_found" : RANK[level] >= RANK[min] ? "ok" : "403 restricted_resource");

describe("a person's page permissions on /v1 (personal access tokens)", () => {
  let q: TestQuire;
  let dev: Client;
  let olga: string;
  /** P: olga's private page, shared with the dev integration to build content; C a child page; D a database with rows R1, R2. */
  const f = {} as { P: string; C: string; D: string; ds: string; R1: string; R2: string };

  async function person(name: string, role?: string): Promise<string> {
    const res = await q.admin("POST", "/_quire/v1/users", { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test`, role });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.id;
  }
  async function tokenOf(userId: string): Promise<Client> {
    const res = await q.admin("POST", `/_quire/v1/users/${userId}/tokens`, { name: "t" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return q.client({ auth: res.body.token });
  }
  async function grant(nodeId: string, principal: { type: string; id?: string }, level: Level) {
    const res = await q.admin("PUT", `/_quire/v1/pages/${nodeId}/permissions`, { principal, level });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  async function privatePage(title: string): Promise<string> {
    const res = await q.admin("POST", "/_quire/v1/pages", { title, section: "private", created_by: olga, share_with: [q.devIntegrationId] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.id;
  }
  const paragraph = async (parent: string) => ((await dev.blocks.children.append({ block_id: parent, children: [{ paragraph: { rich_text: rt("p") } }] })) as any).results[0].id as string;
  const childPage = async (parent: string, title = "Child") => (await dev.pages.create({ parent: { page_id: parent }, properties: { title: { title: rt(title) } } })).id;
  const rowIn = async (ds: string, name: string) => (await dev.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt(name) } } } as any)).id;

  before(async () => {
    q = await startTestQuire();
    dev = q.client();
    olga = await person("Olga", "owner");
    f.P = await privatePage("Plans");
    await paragraph(f.P);
    f.C = await childPage(f.P);
    const db: any = await dev.databases.create({ parent: { page_id: f.P }, title: rt("Tasks"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    f.D = db.id;
    f.ds = db.data_sources[0].id;
    f.R1 = await rowIn(f.ds, "one");
    f.R2 = await rowIn(f.ds, "two");
  });
  after(async () => q?.close());

  /** Every verb of the matrix, as a person of `level` on P (nothing below P overrides it). */
  async function matrix(c: Client, level: Level) {
    const fresh = { para: await paragraph(f.P), para2: await paragraph(f.P), page: await childPage(f.P, "Movable") };
    const checks: [string, () => Promise<unknown>, string][] = [
      ["pages.retrieve", () => c.pages.retrieve({ page_id: f.P }), expected(level, "can_view")],
      ["pages.retrieve child (inherited)", () => c.pages.retrieve({ page_id: f.C }), expected(level, "can_view")],
      ["blocks.children.list", () => c.blocks.children.list({ block_id: f.P }), expected(level, "can_view")],
      ["blocks.retrieve", () => c.blocks.retrieve({ block_id: fresh.para }), expected(level, "can_view")],
      ["databases.retrieve", () => c.databases.retrieve({ database_id: f.D }), expected(level, "can_view")],
      ["dataSources.retrieve", () => c.dataSources.retrieve({ data_source_id: f.ds }), expected(level, "can_view")],
      ["dataSources.query", () => c.dataSources.query({ data_source_id: f.ds }), expected(level, "can_view")],
      ["pages.retrieve row", () => c.pages.retrieve({ page_id: f.R1 }), expected(level, "can_view")],
      ["comments.list", () => c.comments.list({ block_id: f.P }), expected(level, "can_view")],
      ["pages.retrieveMarkdown", () => c.pages.retrieveMarkdown({ page_id: f.P } as any), expected(level, "can_view")],
      ["views.list", () => c.views.list({ database_id: f.D } as any), expected(level, "can_view")],
    ];
    for (const [name, call, want] of checks) assert.equal(await codeOf(call()), want, `${level}: ${name}`);
    const writes: [string, () => Promise<unknown>, string][] = [
      ["comments.create", () => c.comments.create({ parent: { page_id: f.P }, rich_text: rt("hi") }), expected(level, "can_comment")],
      ["pages.update", () => c.pages.update({ page_id: f.P, properties: { title: { title: rt("Plans") } } }), expected(level, "can_edit")],
      ["pages.create child", () => c.pages.create({ parent: { page_id: f.P }, properties: { title: { title: rt("new") } } }), expected(level, "can_edit")],
      ["blocks.children.append", () => c.blocks.children.append({ block_id: f.P, children: [{ paragraph: { rich_text: rt("x") } }] }), expected(level, "can_edit")],
      ["blocks.update", () => c.blocks.update({ block_id: fresh.para, paragraph: { rich_text: rt("y") } } as any), expected(level, "can_edit")],
      ["blocks.delete", () => c.blocks.delete({ block_id: fresh.para2 }), expected(level, "can_edit")],
      ["pages.update row", () => c.pages.update({ page_id: f.R1, properties: { Name: { title: rt("one") } } } as any), expected(level, "can_edit")],
      ["pages.create row", () => c.pages.create({ parent: { data_source_id: f.ds }, properties: { Name: { title: rt("r") } } } as any), expected(level, "can_edit")],
      ["pages.updateMarkdown", () => c.pages.updateMarkdown({ page_id: f.P, type: "insert_content", insert_content: { content: "more" } } as any), expected(level, "can_edit")],
      ["views.create", () => c.views.create({ database_id: f.D, data_source_id: f.ds, name: "Mine", type: "table" } as any), expected(level, "can_edit")],
      ["pages.move (full access)", () => c.pages.move({ page_id: fresh.page, parent: { page_id: f.C } } as any), expected(level, "full_access")],
    ];
    for (const [name, call, want] of writes) assert.equal(await codeOf(call()), want, `${level}: ${name}`);
    const found = (await c.search({ query: "Plans" })).results.map((r) => r.id);
    assert.equal(found.includes(f.P), level !== "none", `${level}: search`);
  }

  test("no access: 404 for every read and write, nothing in search", async () => {
    await matrix(await tokenOf(await person("Nob")), "none");
  });
  test("an owner has no automatic access to another person's private page (roles grant no page access)", async () => {
    const c = await tokenOf(await person("Oma", "owner"));
    assert.equal(await codeOf(c.pages.retrieve({ page_id: f.P })), "404 object_not_found");
    assert.equal(await codeOf(c.blocks.children.append({ block_id: f.P, children: [{ paragraph: { rich_text: rt("x") } }] })), "404 object_not_found");
    assert.equal(await codeOf(c.pages.retrieve({ page_id: q.rootPageId })), "ok", "the Workspace section's page: every member");
  });
  test("can_view given directly: reads; every write 403", async () => {
    const vic = await person("Vic");
    await grant(f.P, { type: "user", id: vic }, "can_view");
    await matrix(await tokenOf(vic), "can_view");
  });
  test("can_comment through a group: reads and comments", async () => {
    const cam = await person("Cam");
    const g = await q.admin("POST", "/_quire/v1/groups", { name: "Reviewers", user_ids: [cam] });
    await grant(f.P, { type: "group", id: g.body.id }, "can_comment");
    await matrix(await tokenOf(cam), "can_comment");
  });
  test("can_edit directly: edits, creates, trashes; moving needs full access (403)", async () => {
    const eve = await person("Eve");
    await grant(f.P, { type: "user", id: eve }, "can_edit");
    await matrix(await tokenOf(eve), "can_edit");
  });
  test("an edit queued with allow_async is held to the level too: a viewer's task fails, nothing written", async () => {
    const una = await person("Una");
    await grant(f.P, { type: "user", id: una }, "can_view");
    const c = await tokenOf(una);
    let task: any;
    try {
      task = await c.pages.updateMarkdown({ page_id: f.P, allow_async: true, type: "insert_content", insert_content: { content: "sneaky" } } as any);
    } catch (e) {
      // Refused before queueing is as good.
      assert.equal(e instanceof APIResponseError && `${e.status} ${e.code}`, "403 restricted_resource");
      return;
    }
    const id = task.id ?? task.task_id;
    for (let i = 0; i < 100 && !["succeeded", "failed"].includes(task.status); i++) {
      await new Promise((r) => setTimeout(r, 20));
      task = await c.asyncTasks.retrieve({ task_id: id } as any);
    }
    assert.equal(task.status, "failed", JSON.stringify(task));
    assert.equal(task.error?.code, "restricted_resource");
    const md = (await dev.pages.retrieveMarkdown({ page_id: f.P } as any)) as any;
    assert.ok(!JSON.stringify(md).includes("sneaky"), "a viewer's queued edit was written");
  });
  test("full_access directly: everything, moving included", async () => {
    const fay = await person("Fay");
    await grant(f.P, { type: "user", id: fay }, "full_access");
    await matrix(await tokenOf(fay), "full_access");
  });

  test("the workspace's entry reaches members, not guests; a guest sees only what is shared with them", async () => {
    const W = await privatePage("Wiki");
    await grant(W, { type: "workspace" }, "can_edit");
    const ann = await person("Ann");
    const gus = await person("Gus");
    const [a, g] = [await tokenOf(ann), await tokenOf(gus)];
    // Guests cannot make a token; a member's token keeps working once they are made a guest, with a guest's reach.
    assert.equal((await q.admin("PATCH", `/_quire/v1/members/${gus}`, { role: "guest" })).status, 200);
    assert.equal(await codeOf(a.pages.update({ page_id: W, properties: { title: { title: rt("Wiki") } } })), "ok");
    assert.equal(await codeOf(g.pages.retrieve({ page_id: W })), "404 object_not_found");
    await grant(f.P, { type: "user", id: gus }, "can_view");
    assert.equal(await codeOf(g.pages.retrieve({ page_id: f.P })), "ok");
    assert.equal(await codeOf(g.pages.update({ page_id: f.P, properties: { title: { title: rt("Plans") } } })), "403 restricted_resource");
    const found = (await g.search({ query: "" })).results.map((r) => r.id);
    assert.ok(found.includes(f.P) && !found.includes(W) && !found.includes(q.rootPageId), "a guest's search: only what is shared with them");
  });

  test("an entry below overrides what is inherited: full access on P, can_view on C; a row restricted below its database", async () => {
    const hal = await person("Hal");
    await grant(f.P, { type: "user", id: hal }, "full_access");
    const Cx = await childPage(f.P, "Locked");
    await grant(Cx, { type: "user", id: hal }, "can_view");
    const R3 = await rowIn(f.ds, "three");
    await grant(R3, { type: "user", id: hal }, "can_view");
    const c = await tokenOf(hal);
    assert.equal(await codeOf(c.pages.update({ page_id: f.P, properties: { title: { title: rt("Plans") } } })), "ok");
    assert.equal(await codeOf(c.pages.retrieve({ page_id: Cx })), "ok");
    assert.equal(await codeOf(c.pages.update({ page_id: Cx, properties: { title: { title: rt("Edited") } } })), "403 restricted_resource");
    assert.equal(await codeOf(c.blocks.children.append({ block_id: Cx, children: [{ paragraph: { rich_text: rt("x") } }] })), "403 restricted_resource");
    assert.equal(await codeOf(c.pages.update({ page_id: R3, properties: { Name: { title: rt("3") } } } as any)), "403 restricted_resource");
    assert.equal(await codeOf(c.pages.update({ page_id: f.R1, properties: { Name: { title: rt("one") } } } as any)), "ok");
    assert.equal((await c.pages.retrieve({ page_id: Cx }) as any).properties.title.title[0].plain_text, "Locked", "the refused write changed nothing");
  });

  test("a person who reaches only one row: the row, not its database, its data source or the other rows", async () => {
    const ida = await person("Ida");
    await grant(f.R1, { type: "user", id: ida }, "can_view");
    const c = await tokenOf(ida);
    assert.equal(await codeOf(c.pages.retrieve({ page_id: f.R1 })), "ok");
    assert.equal(await codeOf(c.pages.retrieve({ page_id: f.R2 })), "404 object_not_found");
    assert.equal(await codeOf(c.dataSources.query({ data_source_id: f.ds })), "404 object_not_found");
    assert.equal(await codeOf(c.databases.retrieve({ database_id: f.D })), "404 object_not_found");
    // Search: the row, and what every member sees (the seeded page in the Workspace section), nothing else of P.
    const found = (await c.search({ query: "" })).results.map((r) => r.id);
    assert.ok(found.includes(f.R1) && found.includes(q.rootPageId), JSON.stringify(found));
    for (const id of [f.P, f.C, f.R2, f.ds]) assert.ok(!found.includes(id), `search shows ${id}`);
  });

  test("a member of another workspace: 404 on everything here, nothing in search", async () => {
    const ws = (await q.admin("POST", "/_quire/v1/workspaces", { name: "Elsewhere" })).body.id;
    const oz = (await q.admin("POST", `/_quire/v1/workspaces/${ws}/users`, { name: "Oz", email: `oz-${randomUUID()}@example.test` })).body.id;
    const made = await q.admin("POST", `/_quire/v1/workspaces/${ws}/users/${oz}/tokens`, { name: "t" });
    const c = q.client({ auth: made.body.token });
    for (const [name, p] of [
      ["page", () => c.pages.retrieve({ page_id: f.P })],
      ["root", () => c.pages.retrieve({ page_id: q.rootPageId })],
      ["children", () => c.blocks.children.list({ block_id: f.P })],
      ["database", () => c.databases.retrieve({ database_id: f.D })],
      ["query", () => c.dataSources.query({ data_source_id: f.ds })],
      ["comments", () => c.comments.list({ block_id: f.P })],
      ["append", () => c.blocks.children.append({ block_id: f.P, children: [{ paragraph: { rich_text: rt("x") } }] })],
      ["user", () => c.users.retrieve({ user_id: olga })],
    ] as const)
      assert.equal(await codeOf(p()), "404 object_not_found", name);
    assert.deepEqual((await c.search({ query: "" })).results, []);
  });
});
