/**
 * A page's sharing through the control API with a browser session (docs/design/web-session.md,
 * "A page's sharing"; src/domain/admin/page-sharer.ts): a member with full access on a page reads
 * and changes its permission entries and connections; a member who can only edit, comment or view
 * reads them and is refused changes (403); a guest with full access shares with people but does
 * not connect integrations; someone who cannot see the page gets 404, as on /v1; someone outside
 * the workspace 404 for the workspace; owners and the admin key as before. Every change is checked
 * again through the admin key.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { BrowserSession, personWithPassword } from "./helpers/web-session.js";

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A refusal in Notion's error shape. */
function refused(res: { status: number; body: any }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.object, "error");
  assert.equal(res.body.code, code);
  assert.equal(typeof res.body.message, "string");
  assert.equal(typeof res.body.request_id, "string");
}

describe("a page's sharing with a browser session", () => {
  let q: TestQuire;
  let ws: string, base: string, plans: string, child: string, bot: string, botToken: string;
  let olga: BrowserSession, fay: BrowserSession, ed: BrowserSession, gus: BrowserSession, vic: BrowserSession, bea: BrowserSession;
  const ids = {} as Record<"olga" | "fay" | "ed" | "gus" | "vic" | "bea", string>;
  const entriesOf = async (page: string) =>
    Object.fromEntries((await ok(q, "GET", `${base}/pages/${page}/permissions`)).explicit.map((e: any) => [`${e.principal.type}:${e.principal.id}`, e.level]));

  before(async () => {
    q = await startTestQuire({ trustProxy: true });
    ws = q.workspaceId;
    base = `/_quire/v1/workspaces/${ws}`;
    const people = {
      olga: await personWithPassword(q, "Olga", { role: "owner" }),
      fay: await personWithPassword(q, "Fay"),
      ed: await personWithPassword(q, "Ed"),
      gus: await personWithPassword(q, "Gus", { role: "guest" }),
      vic: await personWithPassword(q, "Vic"),
      bea: await personWithPassword(q, "Bea"),
    };
    for (const [k, v] of Object.entries(people)) ids[k as keyof typeof ids] = v.id;
    // Bea belongs to another workspace only.
    const other = (await ok(q, "POST", "/_quire/v1/workspaces", { name: "Other", owner_id: people.olga.id })).id;
    await ok(q, "POST", `/_quire/v1/workspaces/${other}/users`, { name: "Bea", email: people.bea.email, role: "owner" });
    await ok(q, "DELETE", `${base}/members/${people.bea.id}`);
    plans = (await ok(q, "POST", `${base}/pages`, { title: "Plans", section: "private", created_by: people.olga.id })).id;
    await ok(q, "PUT", `${base}/pages/${plans}/permissions`, { principal: { type: "user", id: people.fay.id }, level: "full_access" });
    await ok(q, "PUT", `${base}/pages/${plans}/permissions`, { principal: { type: "user", id: people.ed.id }, level: "can_edit" });
    await ok(q, "PUT", `${base}/pages/${plans}/permissions`, { principal: { type: "user", id: people.gus.id }, level: "full_access" });
    const made0 = await ok(q, "POST", `${base}/integrations`, { name: "Sync bot" });
    bot = made0.id;
    botToken = made0.token;
    const sign = (p: { email: string; password: string }) => BrowserSession.signIn(q, p.email, p.password);
    [olga, fay, ed, gus, vic] = await Promise.all([sign(people.olga), sign(people.fay), sign(people.ed), sign(people.gus), sign(people.vic)]);
    bea = await sign(people.bea);
    const made = await fay.client({ workspace: ws }).pages.create({ parent: { page_id: plans }, properties: { title: { title: [{ text: { content: "Q3" } }] } } });
    child = made.id;
  });
  after(async () => q?.close());

  test("a member with full access reads, adds, changes and removes entries", async () => {
    const view = await fay.call("GET", `${base}/pages/${plans}/permissions`);
    assert.equal(view.status, 200, JSON.stringify(view.body));
    assert.equal(view.body.can_share, true);
    assert.ok(view.body.explicit.some((e: any) => e.principal.id === ids.ed && e.level === "can_edit"));
    const added = await fay.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "user", id: ids.vic }, level: "can_view" } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal((await entriesOf(plans))[`user:${ids.vic}`], "can_view");
    // Vic now sees the page, and reads its sharing without changing it.
    const vicView = await vic.call("GET", `${base}/pages/${plans}/permissions`);
    assert.equal(vicView.status, 200);
    assert.equal(vicView.body.can_share, false);
    const changed = await fay.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "user", id: ids.vic }, level: "can_comment" } });
    assert.equal(changed.status, 200);
    assert.equal((await entriesOf(plans))[`user:${ids.vic}`], "can_comment");
    const removed = await fay.call("DELETE", `${base}/pages/${plans}/permissions/user/${ids.vic}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal((await entriesOf(plans))[`user:${ids.vic}`], undefined);
    // Inherited on the child page: full access there too.
    assert.equal((await fay.call("GET", `${base}/pages/${child}/permissions`)).body.can_share, true);
  });

  test("a member who can edit reads the entries and is refused every change (403), nothing written", async () => {
    const view = await ed.call("GET", `${base}/pages/${plans}/permissions`);
    assert.equal(view.status, 200);
    assert.equal(view.body.can_share, false);
    const before = await entriesOf(plans);
    refused(await ed.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "user", id: ids.ed }, level: "full_access" } }), 403, "restricted_resource");
    refused(await ed.call("DELETE", `${base}/pages/${plans}/permissions/user/${ids.fay}`), 403, "restricted_resource");
    refused(await ed.call("PUT", `${base}/pages/${plans}/integrations/${bot}`), 403, "restricted_resource");
    assert.deepEqual(await entriesOf(plans), before);
    const conns = await ed.call("GET", `${base}/pages/${plans}/integrations`);
    assert.equal(conns.status, 200);
    assert.equal(conns.body.can_share, false);
  });

  test("someone who cannot see the page: 404 as on /v1; outside the workspace: 404 for it; other control routes stay an owner's", async () => {
    refused(await vic.call("GET", `${base}/pages/${plans}/permissions`), 404, "object_not_found");
    refused(await vic.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "user", id: ids.vic }, level: "full_access" } }), 404, "object_not_found");
    refused(await vic.call("GET", `${base}/pages/${plans}/integrations`), 404, "object_not_found");
    refused(await vic.call("PUT", `${base}/pages/${plans}/integrations/${bot}`), 404, "object_not_found");
    assert.equal((await entriesOf(plans))[`user:${ids.vic}`], undefined);
    const outside = await bea.call("GET", `${base}/pages/${plans}/permissions`);
    refused(outside, 404, "object_not_found");
    assert.match(outside.body.message, /workspace/i);
    refused(await fay.call("GET", `${base}/integrations`), 403, "restricted_resource");
    refused(await fay.call("PUT", `${base}/pages/${plans}/section`, { body: { section: "workspace" } }), 403, "restricted_resource");
  });

  test("connections: a full-access member lists, connects and disconnects; inherited below; a guest may not connect", async () => {
    const list = await fay.call("GET", `${base}/pages/${plans}/integrations`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.can_share, true);
    assert.deepEqual(list.body.results.find((c: any) => c.integration.id === bot), {
      object: "page_connection",
      integration: { id: bot, name: "Sync bot", type: "internal" },
      connected: false,
      shared_on: null,
      inherited: false,
    });
    const connected = await fay.call("PUT", `${base}/pages/${plans}/integrations/${bot}`);
    assert.equal(connected.status, 200, JSON.stringify(connected.body));
    assert.equal(connected.body.results[0].integration.id, bot, "connected ones first");
    assert.equal(connected.body.results[0].connected, true);
    assert.deepEqual((await ok(q, "GET", `${base}/integrations/${bot}`)).shares, [plans]);
    const below = (await fay.call("GET", `${base}/pages/${child}/integrations`)).body.results.find((c: any) => c.integration.id === bot);
    assert.deepEqual([below.connected, below.shared_on, below.inherited], [true, plans, true]);
    refused(await fay.call("DELETE", `${base}/pages/${child}/integrations/${bot}`), 404, "object_not_found");
    // The bot reaches the child through /v1 now.
    assert.equal((await fetch(`${q.url}/v1/pages/${child}`, { headers: { authorization: `Bearer ${botToken}`, "notion-version": "2025-09-03" } })).status, 200);
    const guestList = await gus.call("GET", `${base}/pages/${plans}/integrations`);
    assert.equal(guestList.status, 200);
    assert.equal(guestList.body.can_share, false, "a guest does not connect integrations");
    refused(await gus.call("DELETE", `${base}/pages/${plans}/integrations/${bot}`), 403, "restricted_resource");
    const gone = await fay.call("DELETE", `${base}/pages/${plans}/integrations/${bot}`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.deepEqual((await ok(q, "GET", `${base}/integrations/${bot}`)).shares, []);
    refused(await fay.call("PUT", `${base}/pages/${plans}/integrations/${plans}`), 404, "object_not_found");
  });

  test("a guest with full access shares with people; an owner and the admin key share any page", async () => {
    const byGuest = await gus.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "user", id: ids.vic }, level: "can_view" } });
    assert.equal(byGuest.status, 200, JSON.stringify(byGuest.body));
    assert.equal((await entriesOf(plans))[`user:${ids.vic}`], "can_view");
    const mine = (await ok(q, "POST", `${base}/pages`, { title: "Vic's own", section: "private", created_by: ids.vic })).id;
    const byOwner = await olga.call("PUT", `${base}/pages/${mine}/permissions`, { body: { principal: { type: "user", id: ids.ed }, level: "can_view" } });
    assert.equal(byOwner.status, 200, "an owner shares a page they have no level on, as before");
    assert.equal(byOwner.body.can_share, true);
    assert.equal((await q.admin("GET", `${base}/pages/${mine}/integrations`)).status, 200);
  });

  test("a member lists the groups' names (never who is in them) and shares a page with one; a guest lists none", async () => {
    const team = (await ok(q, "POST", `${base}/groups`, { name: "Design team", user_ids: [ids.ed], external_id: "scim-7" })).id;
    const names = await fay.call("GET", `${base}/share_groups?page_size=100`);
    assert.equal(names.status, 200, JSON.stringify(names.body));
    assert.deepEqual(names.body.results, [{ object: "group", id: team, name: "Design team" }], "names and ids only: no members, no SCIM id");
    assert.equal(names.body.has_more, false);
    refused(await fay.call("GET", `${base}/groups`), 403, "restricted_resource");
    refused(await gus.call("GET", `${base}/share_groups`), 403, "restricted_resource");
    refused(await bea.call("GET", `${base}/share_groups`), 404, "object_not_found");
    refused(await fay.call("GET", `${base}/share_groups?start_cursor=nonsense`), 400, "validation_error");
    const shared = await fay.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "group", id: team }, level: "can_comment" } });
    assert.equal(shared.status, 200, JSON.stringify(shared.body));
    assert.equal((await entriesOf(plans))[`group:${team}`], "can_comment");
    refused(await ed.call("PUT", `${base}/pages/${plans}/permissions`, { body: { principal: { type: "group", id: team }, level: "full_access" } }), 403, "restricted_resource");
  });
});
