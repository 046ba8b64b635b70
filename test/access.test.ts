/** Sharing (404 for what is not shared) and capabilities (403) through the real SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, isFullBlock, isFullPage } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { append, childrenOf, newPage, plain, rejects, text } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;

/** Notion's 404 for an object the integration cannot see (developers.notion.com/reference/status-codes). */
const notFound = (kind: string, id: string, name: string) =>
  `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`;

const RESTRICTED = { status: 403, code: "restricted_resource" };

const share = async (integrationId: string, objectId: string) => {
  const res = await q.admin("POST", `/_quire/v1/integrations/${integrationId}/shares`, { object_id: objectId });
  assert.equal(res.status, 200, JSON.stringify(res.body));
};
const unshare = async (integrationId: string, objectId: string) => {
  const res = await q.admin("DELETE", `/_quire/v1/integrations/${integrationId}/shares/${objectId}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
};

before(async () => {
  q = await startTestQuire();
  notion = q.client();
});
after(() => q.close());

describe("sharing", () => {
  /** A small tree under the seeded page: area → sub → (paragraph, toggle → nested). */
  async function tree() {
    const area = await newPage(notion, q.rootPageId, "Area");
    const sub = await newPage(notion, area, "Sub");
    const [paragraph, toggle] = await append(notion, sub, [
      { paragraph: { rich_text: text("hello") } },
      { toggle: { rich_text: text("t"), children: [{ paragraph: { rich_text: text("nested") } }] } },
    ]);
    const [nested] = await childrenOf(notion, toggle.id);
    return { area, sub, paragraph: paragraph.id as string, toggle: toggle.id as string, nested: nested.id as string };
  }

  test("an integration sees nothing until a page is shared with it", async () => {
    const t = await tree();
    const i = await q.integration("Outsider");
    const c = q.client({ auth: i.token });
    const err = await rejects(c.pages.retrieve({ page_id: t.area }), {
      status: 404,
      code: "object_not_found",
      message: notFound("page", t.area, "Outsider"),
    });
    assert.deepEqual(err.additional_data, { integration_id: i.id });
    await rejects(c.pages.retrieve({ page_id: q.rootPageId }), { status: 404, code: "object_not_found", message: notFound("page", q.rootPageId, "Outsider") });
    await rejects(c.blocks.retrieve({ block_id: t.paragraph }), { status: 404, code: "object_not_found", message: notFound("block", t.paragraph, "Outsider") });
    await rejects(c.blocks.retrieve({ block_id: t.sub }), { status: 404, code: "object_not_found", message: notFound("block", t.sub, "Outsider") });
    await rejects(c.blocks.children.list({ block_id: t.sub }), { status: 404, code: "object_not_found" });
    await rejects(c.pages.properties.retrieve({ page_id: t.sub, property_id: "title" }), { status: 404, code: "object_not_found" });
  });

  test("writes to unshared objects are 404 too, never 403", async () => {
    const t = await tree();
    const i = await q.integration("Writer outside");
    const c = q.client({ auth: i.token });
    const nf = { status: 404, code: "object_not_found" };
    await rejects(c.pages.create({ parent: { page_id: t.area }, properties: { title: { title: text("x") } } }), { ...nf, message: notFound("page", t.area, "Writer outside") });
    await rejects(c.pages.update({ page_id: t.sub, properties: { title: { title: text("x") } } }), nf);
    await rejects(c.pages.move({ page_id: t.sub, parent: { page_id: q.rootPageId } }), nf);
    await rejects(append(c, t.sub, [{ divider: {} }]), nf);
    await rejects(c.blocks.update({ block_id: t.paragraph, paragraph: { rich_text: text("x") } }), nf);
    await rejects(c.blocks.delete({ block_id: t.paragraph }), nf);
    assert.equal(plain(await notion.blocks.retrieve({ block_id: t.paragraph })), "hello", "nothing changed");
  });

  test("after a share it sees the page and everything below it", async () => {
    const t = await tree();
    const i = await q.integration("Insider");
    await share(i.id, t.area);
    const c = q.client({ auth: i.token });
    const area: any = await c.pages.retrieve({ page_id: t.area });
    assert.equal(area.properties.title.title[0].plain_text, "Area");
    const sub: any = await c.pages.retrieve({ page_id: t.sub });
    assert.equal(sub.properties.title.title[0].plain_text, "Sub");
    assert.deepEqual(
      (await childrenOf(c, t.sub)).map((b) => b.id),
      [t.paragraph, t.toggle],
    );
    assert.equal(plain(await c.blocks.retrieve({ block_id: t.nested })), "nested");
    assert.deepEqual(
      (await childrenOf(c, t.area)).map((b) => b.id),
      [t.sub],
    );
  });

  test("a share covers pages created under it later, by anyone", async () => {
    const t = await tree();
    const i = await q.integration("Late reader");
    await share(i.id, t.area);
    const later = await newPage(notion, t.sub, "Created after the share");
    const c = q.client({ auth: i.token });
    assert.equal(((await c.pages.retrieve({ page_id: later })) as any).id, later);
    const own = await newPage(c, t.sub, "Created by the insider");
    assert.equal(((await notion.pages.retrieve({ page_id: own })) as any).created_by.id, i.bot_id);
  });

  test("a share on a sub-page does not reach its parent or siblings", async () => {
    const t = await tree();
    const sibling = await newPage(notion, t.area, "Sibling");
    const i = await q.integration("Narrow");
    await share(i.id, t.sub);
    const c = q.client({ auth: i.token });
    await c.pages.retrieve({ page_id: t.sub });
    await rejects(c.pages.retrieve({ page_id: t.area }), { status: 404, code: "object_not_found" });
    await rejects(c.pages.retrieve({ page_id: sibling }), { status: 404, code: "object_not_found" });
    await rejects(c.pages.move({ page_id: t.sub, parent: { page_id: sibling } }), { status: 404, code: "object_not_found" });
  });

  test("unsharing takes access away again, descendants included", async () => {
    const t = await tree();
    const i = await q.integration("Fickle");
    await share(i.id, t.area);
    const c = q.client({ auth: i.token });
    await c.pages.retrieve({ page_id: t.sub });
    await unshare(i.id, t.area);
    await rejects(c.pages.retrieve({ page_id: t.area }), { status: 404, code: "object_not_found", message: notFound("page", t.area, "Fickle") });
    await rejects(c.blocks.retrieve({ block_id: t.nested }), { status: 404, code: "object_not_found" });
    await rejects(c.blocks.children.list({ block_id: t.sub }), { status: 404, code: "object_not_found" });
  });

  test("a page moved out of a shared tree leaves the integration's view", async () => {
    const t = await tree();
    const elsewhere = await newPage(notion, q.rootPageId, "Elsewhere");
    const i = await q.integration("Mover watcher");
    await share(i.id, t.area);
    const c = q.client({ auth: i.token });
    await c.pages.retrieve({ page_id: t.sub });
    await notion.pages.move({ page_id: t.sub, parent: { page_id: elsewhere } });
    await rejects(c.pages.retrieve({ page_id: t.sub }), { status: 404, code: "object_not_found" });
  });

  test("the dev integration's own view is unaffected by other integrations' shares", async () => {
    const t = await tree();
    const i = await q.integration("Other");
    await share(i.id, t.sub);
    await unshare(i.id, t.sub);
    assert.equal(((await notion.pages.retrieve({ page_id: t.sub })) as any).id, t.sub);
  });

  test("a synced reference to an original the integration cannot see is 404", async () => {
    const t = await tree();
    const [original] = await append(notion, t.area, [{ synced_block: { synced_from: null, children: [{ paragraph: { rich_text: text("secret") } }] } }]);
    const i = await q.integration("Syncer");
    await share(i.id, t.sub);
    const c = q.client({ auth: i.token });
    await rejects(append(c, t.sub, [{ synced_block: { synced_from: { block_id: original.id } } }]), {
      status: 404,
      code: "object_not_found",
      message: notFound("block", original.id, "Syncer"),
    });
  });

  test("a mention of a page the integration cannot see does not reveal its title", async () => {
    // Quire renders it as "Untitled"; what Notion shows an integration here is not documented.
    const t = await tree();
    const secret = await newPage(notion, q.rootPageId, "Top secret");
    const i = await q.integration("Mentioner");
    await share(i.id, t.sub);
    const c = q.client({ auth: i.token });
    const [b] = await append(c, t.sub, [{ paragraph: { rich_text: [{ mention: { page: { id: secret } } }] } }]);
    assert.notEqual(b.paragraph.rich_text[0].plain_text, "Top secret");
    assert.equal(b.paragraph.rich_text[0].plain_text, "Untitled");
  });

  test("users need no share", async () => {
    const i = await q.integration("Lonely reader");
    const res = await q.client({ auth: i.token }).users.list({});
    assert.ok(res.results.length > 0);
  });
});

describe("capabilities", () => {
  async function sharedPage(caps: string[], name: string) {
    const area = await newPage(notion, q.rootPageId, `Area for ${name}`);
    const [paragraph] = await append(notion, area, [{ paragraph: { rich_text: text("content") } }]);
    const i = await q.integration(name, caps, [area]);
    return { area, paragraph: paragraph.id as string, c: q.client({ auth: i.token }), i };
  }

  test("without insert_content: creating pages and appending blocks are 403", async () => {
    const { area, c } = await sharedPage(["read_content", "update_content", "user_info_with_email"], "No insert");
    await rejects(c.pages.create({ parent: { page_id: area }, properties: { title: { title: text("x") } } }), RESTRICTED);
    await rejects(append(c, area, [{ divider: {} }]), RESTRICTED);
    assert.equal((await childrenOf(notion, area)).length, 1, "nothing was added");
    // Reading and updating still work.
    await c.pages.retrieve({ page_id: area });
    await c.pages.update({ page_id: area, icon: { emoji: "✅" } });
  });

  test("without update_content: updating, trashing, deleting and moving are 403", async () => {
    const { area, paragraph, c } = await sharedPage(["read_content", "insert_content", "user_info_with_email"], "No update");
    const sub = await newPage(notion, area, "Sub");
    await rejects(c.pages.update({ page_id: area, properties: { title: { title: text("x") } } }), RESTRICTED);
    await rejects(c.pages.update({ page_id: sub, in_trash: true }), RESTRICTED);
    await rejects(c.blocks.update({ block_id: paragraph, paragraph: { rich_text: text("x") } }), RESTRICTED);
    await rejects(c.blocks.delete({ block_id: paragraph }), RESTRICTED);
    await rejects(c.pages.move({ page_id: sub, parent: { page_id: area } }), RESTRICTED);
    assert.equal(plain(await notion.blocks.retrieve({ block_id: paragraph })), "content");
    // Inserting still works.
    const [added] = await append(c, area, [{ divider: {} }]);
    assert.equal(added.type, "divider");
  });

  test("without read_content: reads are 403", async () => {
    const { area, paragraph, c } = await sharedPage(["insert_content", "update_content", "user_info_with_email"], "No read");
    await rejects(c.pages.retrieve({ page_id: area }), RESTRICTED);
    await rejects(c.blocks.retrieve({ block_id: paragraph }), RESTRICTED);
    await rejects(c.blocks.children.list({ block_id: area }), RESTRICTED);
    await rejects(c.pages.properties.retrieve({ page_id: area, property_id: "title" }), RESTRICTED);
  });

  test("without read_content: writes answer with partial objects", async () => {
    const { area, paragraph, c } = await sharedPage(["insert_content", "update_content", "user_info_with_email"], "Write only");
    const created = await c.pages.create({ parent: { page_id: area }, properties: { title: { title: text("Blind") } } });
    assert.deepEqual(Object.keys(created).filter((k) => k !== "request_id"), ["object", "id"]);
    assert.equal(created.object, "page");
    assert.equal(isFullPage(created), false);
    const stored: any = await notion.pages.retrieve({ page_id: created.id });
    assert.equal(stored.properties.title.title[0].plain_text, "Blind");

    const appended = await c.blocks.children.append({ block_id: area, children: [{ divider: {} }, { paragraph: { rich_text: text("p") } }] });
    assert.equal(appended.object, "list");
    assert.equal(appended.results.length, 2);
    for (const b of appended.results) {
      assert.deepEqual(Object.keys(b), ["object", "id"]);
      assert.equal(b.object, "block");
      assert.equal(isFullBlock(b), false);
    }

    const updated = await c.pages.update({ page_id: created.id, icon: { emoji: "🙈" } });
    assert.deepEqual(Object.keys(updated).filter((k) => k !== "request_id"), ["object", "id"]);
    const blockUpdated = await c.blocks.update({ block_id: paragraph, paragraph: { rich_text: text("changed") } });
    assert.deepEqual(Object.keys(blockUpdated).filter((k) => k !== "request_id"), ["object", "id"]);
    const deleted = await c.blocks.delete({ block_id: paragraph });
    assert.deepEqual(Object.keys(deleted).filter((k) => k !== "request_id"), ["object", "id"]);
    assert.equal(((await notion.blocks.retrieve({ block_id: paragraph })) as any).in_trash, true);
  });

  test("capabilities are checked before sharing", async () => {
    // A missing capability answers 403 even for objects the integration cannot see.
    const area = await newPage(notion, q.rootPageId, "Invisible");
    const i = await q.integration("No read, no share", ["insert_content", "user_info_with_email"]);
    await rejects(q.client({ auth: i.token }).pages.retrieve({ page_id: area }), RESTRICTED);
  });

  test("the 403 body", async () => {
    // Quire's wording; Notion uses more than one sentence for restricted_resource.
    const { area, i } = await sharedPage(["insert_content", "user_info_with_email"], "Body check");
    const res = await q.raw("GET", `/v1/pages/${area}`, { auth: i.token });
    assert.equal(res.status, 403);
    assert.equal(res.body.object, "error");
    assert.equal(res.body.code, "restricted_resource");
    assert.equal(res.body.message, "Insufficient permissions for this endpoint.");
    assert.equal(res.body.request_id, res.headers.get("x-notion-request-id"));
  });

  test("capability changes apply to the next request", async () => {
    const { area, c, i } = await sharedPage(["read_content", "user_info_with_email"], "Upgraded");
    await rejects(append(c, area, [{ divider: {} }]), RESTRICTED);
    const res = await q.admin("PATCH", `/_quire/v1/integrations/${i.id}`, { capabilities: ["read_content", "insert_content", "user_info_with_email"] });
    assert.equal(res.status, 200);
    const [d] = await append(c, area, [{ divider: {} }]);
    assert.equal(d.type, "divider");
  });
});
