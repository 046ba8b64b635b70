/**
 * Installations of public integrations (docs/design/oauth.md): a bot per (integration, workspace,
 * person) owned by that person, top-level pages, workspaces kept apart, re-authorization, removed
 * connections, templates, and who may install.
 */
import { test, before, describe } from "node:test";
import assert from "node:assert/strict";
import { APIResponseError } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { grant, ok, personWithPage, registerPublic, sdk } from "./helpers/oauth.js";

let q: TestQuire;
before(async () => {
  q = await startTestQuire();
});

type App = { id: string; client_id: string; client_secret: string };

/** Installs `app` for `user` with `pages`: Notion's token answer. */
async function install(app: App, user: { id: string }, pages: string[], more: Record<string, unknown> = {}) {
  const { code } = await grant(q, { client_id: app.client_id, user_id: user.id, page_ids: pages, ...more });
  return sdk(q).oauth.token({ grant_type: "authorization_code", code, client_id: app.client_id, client_secret: app.client_secret });
}

async function status(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 200;
  } catch (e) {
    if (e instanceof APIResponseError) return e.status;
    throw e;
  }
}

describe("per-person bots", () => {
  test("each person's installation is its own bot, owned by them; users.list lists it", async () => {
    const app: App = await registerPublic(q);
    const a = await personWithPage(q);
    const b = await personWithPage(q);
    const ta = await install(app, a.user, [a.page_id]);
    const tb = await install(app, b.user, [b.page_id]);
    assert.notEqual(ta.bot_id, tb.bot_id);
    const me = await sdk(q, ta.access_token).users.me({});
    assert.equal(me.id, ta.bot_id);
    assert.equal(me.type, "bot");
    assert.equal(me.name, "Acme Sync");
    const bot = (me as any).bot;
    assert.deepEqual(bot.owner, { type: "user", user: { object: "user", id: a.user.id, name: a.user.name, avatar_url: null, type: "person", person: { email: a.user.email } } });
    assert.equal(bot.workspace_name, "Quire");
    assert.equal(bot.workspace_id, ta.workspace_id);
    const listed = (await sdk(q, ta.access_token).users.list({})).results.map((u) => u.id);
    assert.ok(listed.includes(ta.bot_id) && listed.includes(tb.bot_id));
    // Each sees its own person's page only.
    assert.equal(await status(() => sdk(q, ta.access_token).pages.retrieve({ page_id: b.page_id })), 404);
    assert.equal(await status(() => sdk(q, tb.access_token).pages.retrieve({ page_id: b.page_id })), 200);
    // The person losing access later does not take the page from the installation (docs/design/oauth.md, "Sight").
    await ok(q, "DELETE", `/_quire/v1/pages/${b.page_id}/permissions/user/${b.user.id}`);
    const levels = (await ok(q, "GET", `/_quire/v1/pages/${b.page_id}/permissions`)) as any;
    assert.ok(!JSON.stringify(levels.effective).includes(b.user.id), "b no longer reaches the page");
    assert.equal(await status(() => sdk(q, tb.access_token).pages.retrieve({ page_id: b.page_id })), 200);
  });

  test("without user information the owner is a partial user", async () => {
    const app: App = await registerPublic(q, { capabilities: ["read_content", "user_info_none"] });
    const a = await personWithPage(q);
    const token = await install(app, a.user, [a.page_id]);
    assert.deepEqual(token.owner, { type: "user", user: { object: "user", id: a.user.id } });
    assert.deepEqual(((await sdk(q, token.access_token).users.me({})) as any).bot.owner, { type: "user", user: { object: "user", id: a.user.id } });
  });

  test("guests may not install, nor may a person share a page they lack full access to", async () => {
    const app: App = await registerPublic(q);
    const guest = await personWithPage(q);
    await ok(q, "PATCH", `/_quire/v1/members/${guest.user.id}`, { role: "guest" });
    const res = await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: guest.user.id });
    assert.equal(res.status, 400);
    const a = await personWithPage(q);
    const b = await personWithPage(q);
    const other = await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: a.user.id, page_ids: [b.page_id] });
    assert.equal(other.status, 400);
    assert.match(other.body.message, new RegExp(b.page_id));
    await ok(q, "PUT", `/_quire/v1/pages/${b.page_id}/permissions`, { principal: { type: "user", id: a.user.id }, level: "can_edit" });
    assert.equal((await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: a.user.id, page_ids: [b.page_id] })).status, 400);
    await ok(q, "PUT", `/_quire/v1/pages/${b.page_id}/permissions`, { principal: { type: "user", id: a.user.id }, level: "full_access" });
    assert.equal((await q.admin("POST", "/_quire/v1/oauth/grants", { client_id: app.client_id, user_id: a.user.id, page_ids: [b.page_id] })).status, 200);
  });
});

describe("pages", () => {
  test("an installation creates top-level pages: private to its person, visible to it", async () => {
    const app: App = await registerPublic(q);
    const a = await personWithPage(q);
    const token = await install(app, a.user, []);
    const bot = sdk(q, token.access_token);
    const page = await bot.pages.create({ parent: { workspace: true }, properties: { title: { title: rt("Made at the top") } } } as any);
    assert.deepEqual((page as any).parent, { type: "workspace", workspace: true });
    assert.equal((await bot.pages.retrieve({ page_id: page.id })).id, page.id);
    const perms = await ok(q, "GET", `/_quire/v1/pages/${page.id}/permissions`);
    assert.equal(perms.section, "private");
    // An internal integration is still refused.
    const internal = await status(() => q.client().pages.create({ parent: { workspace: true }, properties: { title: { title: rt("x") } } } as any));
    assert.equal(internal, 400);
  });

  test("re-running the flow adds pages to the same installation and issues new tokens", async () => {
    const app: App = await registerPublic(q);
    const a = await personWithPage(q);
    const second = await ok(q, "POST", "/_quire/v1/pages", { title: "Second", section: "private", created_by: a.user.id });
    const first = await install(app, a.user, [a.page_id]);
    const again = await install(app, a.user, [second.id]);
    assert.equal(again.bot_id, first.bot_id);
    const bot = sdk(q, again.access_token);
    assert.equal(await status(() => bot.pages.retrieve({ page_id: a.page_id })), 200);
    assert.equal(await status(() => bot.pages.retrieve({ page_id: second.id })), 200);
    assert.equal(await status(() => sdk(q, first.access_token).users.me({})), 401);
    const connections = await ok(q, "GET", "/_quire/v1/connections");
    const mine = connections.results.filter((c: any) => c.client_id === app.client_id);
    assert.equal(mine.length, 1);
    assert.deepEqual(new Set(mine[0].shares), new Set([a.page_id, second.id]));
    // The installation is no integration of the workspace's list, and reads as an installation by id.
    assert.ok(!(await ok(q, "GET", "/_quire/v1/integrations")).results.some((i: any) => i.id === first.bot_id));
    assert.equal((await ok(q, "GET", `/_quire/v1/integrations/${first.bot_id}`)).type, "installation");
  });

  test("a removed connection's token stops working; its bot still names what it wrote", async () => {
    const app: App = await registerPublic(q);
    const a = await personWithPage(q);
    const token = await install(app, a.user, [q.rootPageId]);
    const bot = sdk(q, token.access_token);
    const child = await bot.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("By the bot") } } });
    assert.deepEqual(await ok(q, "DELETE", `/_quire/v1/connections/${token.bot_id}`), { id: token.bot_id, deleted: true });
    assert.equal(await status(() => bot.pages.retrieve({ page_id: child.id })), 401);
    assert.equal((await q.admin("DELETE", `/_quire/v1/connections/${token.bot_id}`)).status, 404);
    const seen = (await q.client().pages.retrieve({ page_id: child.id })) as any;
    assert.equal(seen.created_by.id, token.bot_id);
    assert.equal((await q.client().users.retrieve({ user_id: token.bot_id })).id, token.bot_id);
    const connections = await ok(q, "GET", "/_quire/v1/connections");
    assert.ok(!connections.results.some((c: any) => c.bot_id === token.bot_id));
  });
});

describe("workspaces", () => {
  test("the same integration in two workspaces: two tokens that never see each other's data", async () => {
    const app: App = await registerPublic(q);
    const other = await ok(q, "POST", "/_quire/v1/workspaces", { name: "Second WS" });
    const a = await personWithPage(q);
    const b = await personWithPage(q, other.id, a.user.email);
    const ta = await install(app, a.user, [a.page_id]);
    const tb = await install(app, b.user, [b.page_id], { workspace_id: other.id });
    assert.equal(b.user.id, a.user.id, "one person, one id across workspaces");
    assert.equal(tb.workspace_id, other.id);
    assert.equal(tb.workspace_name, "Second WS");
    assert.notEqual(ta.bot_id, tb.bot_id);
    const botA = sdk(q, ta.access_token);
    const botB = sdk(q, tb.access_token);
    assert.equal(await status(() => botA.pages.retrieve({ page_id: b.page_id })), 404);
    assert.equal(await status(() => botB.pages.retrieve({ page_id: a.page_id })), 404);
    assert.equal(await status(() => botA.users.retrieve({ user_id: tb.bot_id })), 404);
    assert.equal(await status(() => botA.blocks.children.list({ block_id: b.page_id })), 404);
    const found = (await botA.search({})).results.map((r) => r.id);
    assert.ok(found.includes(a.page_id) && !found.includes(b.page_id));
  });
});

describe("deleting the developer's workspace", () => {
  test("its public integrations go, and their installations in other workspaces with them", async () => {
    const dev = await ok(q, "POST", "/_quire/v1/workspaces", { name: "Developer WS" });
    const app: App = await registerPublic(q, {}, dev.id);
    const a = await personWithPage(q);
    const token = await install(app, a.user, [a.page_id]);
    assert.equal(await status(() => sdk(q, token.access_token).users.me({})), 200);
    await ok(q, "DELETE", `/_quire/v1/workspaces/${dev.id}`);
    assert.equal(await status(() => sdk(q, token.access_token).users.me({})), 401);
    assert.ok(!(await ok(q, "GET", "/_quire/v1/connections")).results.some((c: any) => c.bot_id === token.bot_id));
  });
});

describe("templates", () => {
  test("use_template duplicates the template (blocks and sub-pages) into the person's workspace, shared", async () => {
    const template = await ok(q, "POST", "/_quire/v1/pages", { title: "Starter kit", share_with: [q.devIntegrationId] });
    const dev = q.client();
    await dev.blocks.children.append({ block_id: template.id, children: [{ paragraph: { rich_text: rt("Welcome aboard") } }] as any });
    await dev.pages.create({ parent: { page_id: template.id }, properties: { title: { title: rt("Sub page") } } });
    const app: App = await registerPublic(q, { template_page_id: template.id });
    assert.equal((app as App & { template_page_id: string }).template_page_id, template.id);
    const other = await ok(q, "POST", "/_quire/v1/workspaces", { name: "Template WS" });
    const b = await personWithPage(q, other.id);
    const token = await install(app, b.user, [], { workspace_id: other.id, use_template: true });
    assert.ok(token.duplicated_template_id);
    assert.notEqual(token.duplicated_template_id, template.id);
    const bot = sdk(q, token.access_token);
    const copy = (await bot.pages.retrieve({ page_id: token.duplicated_template_id! })) as any;
    assert.deepEqual(copy.parent, { type: "workspace", workspace: true });
    assert.equal(copy.properties.title.title[0].plain_text, "Starter kit");
    const children = (await bot.blocks.children.list({ block_id: copy.id })).results as any[];
    assert.deepEqual(children.map((c) => c.type), ["paragraph", "child_page"]);
    assert.equal(children[0].paragraph.rich_text[0].plain_text, "Welcome aboard");
    assert.equal(children[1].child_page.title, "Sub page");
    const perms = await ok(q, "GET", `/_quire/v1/workspaces/${other.id}/pages/${copy.id}/permissions`);
    assert.equal(perms.section, "private");
    // Without use_template nothing is duplicated.
    const c = await personWithPage(q, other.id);
    assert.equal((await install(app, c.user, [c.page_id], { workspace_id: other.id })).duplicated_template_id, null);
  });
});
