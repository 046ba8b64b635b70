/** POST/GET/PATCH /v1/pages, move, and the title property item, through the real SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, collectPaginatedAPI, isFullPage } from "@notionhq/client";
import { atLeast, startTestQuire, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, childrenOf, newPage, rejects, text, textItem } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;
let botId: string;

const TRASHED = "Can't edit block that is archived. You must unarchive the block before editing.";

/** Keys of a page object, in the order of a page recorded from Notion (2025-09-03, notion-sdk-py cassettes). */
const PAGE_KEYS_2025 = [
  "object", "id", "created_time", "last_edited_time", "created_by", "last_edited_by", "cover", "icon", "parent",
  "in_trash", "is_archived", "is_locked", "properties", "url", "public_url", "archived", "request_id",
];

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  botId = (await notion.users.me({})).id;
});
after(() => q.close());

const minuteRounded = (ts: string) => assert.match(ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);

describe("pages.create", () => {
  test("under a page: title, emoji icon, external cover, children", async () => {
    const page: any = await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: text("Launch plan") } },
      icon: { emoji: "🚀" },
      cover: { external: { url: "https://example.com/cover.png" } },
      children: [
        { paragraph: { rich_text: text("First") } },
        { to_do: { rich_text: text("Second"), checked: true } },
      ],
    });
    assert.equal(isFullPage(page), true);
    assert.equal(page.object, "page");
    assert.match(page.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(page.parent, { type: "page_id", page_id: q.rootPageId });
    assert.deepEqual(page.properties, { title: { id: "title", type: "title", title: [textItem("Launch plan")] } });
    assert.deepEqual(page.icon, { type: "emoji", emoji: "🚀" });
    assert.deepEqual(page.cover, { type: "external", external: { url: "https://example.com/cover.png" } });
    assert.equal(page.in_trash, false);
    assert.equal(page.archived, false);
    assert.equal(page.is_locked, false);
    assert.deepEqual(page.created_by, { object: "user", id: botId });
    assert.deepEqual(page.last_edited_by, { object: "user", id: botId });
    minuteRounded(page.created_time);
    minuteRounded(page.last_edited_time);
    assert.equal(typeof page.request_id, "string");
    const children = await childrenOf(notion, page.id);
    assert.deepEqual(
      children.map((b) => b.type),
      ["paragraph", "to_do"],
    );
    assert.equal(children[1].to_do.checked, true);
    assert.deepEqual(children[0].parent, { type: "page_id", page_id: page.id });
  });

  test("icon variants: external URL and native icon (color defaults to gray)", async () => {
    const ext: any = await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: text("External icon") } },
      icon: { type: "external", external: { url: "https://example.com/icon.svg" } },
    });
    assert.deepEqual(ext.icon, { type: "external", external: { url: "https://example.com/icon.svg" } });
    const native: any = await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: text("Native icon") } },
      icon: { type: "icon", icon: { name: "rocket" } },
    } as any);
    assert.deepEqual(native.icon, { type: "icon", icon: { name: "rocket", color: "gray" } });
    const colored: any = await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: text("Blue icon") } },
      icon: { type: "icon", icon: { name: "star", color: "blue" } },
    } as any);
    assert.deepEqual(colored.icon, { type: "icon", icon: { name: "star", color: "blue" } });
  });

  test("icon emoji: one emoji, with modifiers, joiners, flags or keycaps", async () => {
    for (const emoji of ["❤️", "🇫🇷", "1️⃣", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "🫠"]) {
      const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, icon: { emoji: emoji as any } });
      assert.deepEqual(page.icon, { type: "emoji", emoji });
    }
    for (const emoji of ["🚀🚀", "a", "", "🚀 "])
      await rejects(notion.pages.create({ parent: { page_id: q.rootPageId }, icon: { emoji: emoji as any } }), {
        status: 400,
        code: "validation_error",
        message: `body failed validation: body.icon.emoji should be a valid emoji, instead was \`${JSON.stringify(emoji)}\`.`,
      });
  });

  test("an invalid emoji or cover URL is a validation error", async () => {
    await rejects(
      notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("x") } }, icon: { emoji: "nope" as any } }),
      { status: 400, code: "validation_error", message: /body\.icon\.emoji/ },
    );
    await rejects(
      notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("x") } }, cover: { external: { url: "not a url" } } }),
      { status: 400, code: "validation_error", message: /body\.cover\.external\.url/ },
    );
  });

  test("the title may be given as a bare rich-text array under `title`", async () => {
    // The shorthand notion-sdk-py's recorded requests use: {"properties": {"title": [...]}}.
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: text("Bare") as any } });
    assert.equal(page.properties.title.title[0].plain_text, "Bare");
  });

  test("without properties the page is untitled", async () => {
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId } });
    assert.deepEqual(page.properties.title.title, []);
    const block: any = await notion.blocks.retrieve({ block_id: page.id });
    assert.deepEqual(block.child_page, { title: "" });
  });

  test("appears in its parent as a child_page block with the same id", async () => {
    const parent = await newPage(notion, q.rootPageId, "Parent");
    const child = await newPage(notion, parent, "Child page");
    const children = await childrenOf(notion, parent);
    assert.equal(children.length, 1);
    assert.equal(children[0].id, child);
    assert.equal(children[0].type, "child_page");
    assert.deepEqual(children[0].child_page, { title: "Child page" });
    const parentBlock: any = await notion.blocks.retrieve({ block_id: parent });
    assert.equal(parentBlock.has_children, true);
  });

  test("position page_start puts the new page first", async () => {
    const parent = await newPage(notion, q.rootPageId, "Ordered");
    await append(notion, parent, [{ paragraph: { rich_text: text("existing") } }]);
    const first = await newPage(notion, parent, "First", { position: { type: "page_start" } });
    const last = await newPage(notion, parent, "Last");
    const ids = (await childrenOf(notion, parent)).map((b) => b.id);
    assert.equal(ids[0], first);
    assert.equal(ids[ids.length - 1], last);
  });

  test("a parent type named after an Object.prototype member is a validation error", async () => {
    for (const type of ["constructor", "toString", "__proto__"])
      await rejects(notion.pages.create({ parent: { type } as any, properties: { title: { title: text("x") } } }), {
        status: 400,
        code: "validation_error",
        message: /^body failed validation: body\.parent\.type should be `"page_id"`/,
      });
  });

  test("missing parent is a validation error worded like Notion's", async () => {
    await rejects(notion.pages.create({ properties: { title: { title: text("x") } } } as any), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.parent should be defined, instead was `undefined`.",
    });
  });

  test("an unknown or unshared parent is 404 object_not_found", async () => {
    const err = await rejects(notion.pages.create({ parent: { page_id: MISSING_ID }, properties: { title: { title: text("x") } } }), {
      status: 404,
      code: "object_not_found",
      message: `Could not find page with ID: ${MISSING_ID}. Make sure the relevant pages and databases are shared with your integration "Quire Dev".`,
    });
    assert.equal(typeof err.additional_data?.integration_id, "string");
  });

  test("a workspace parent is rejected for internal integrations", async () => {
    // Notion allows top-level pages only for public (OAuth) integrations; its exact wording for
    // internal ones is not documented, so only the code is pinned here.
    await rejects(notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text("Top") } } }), {
      status: 400,
      code: "validation_error",
      message: /workspace/,
    });
  });

  test("properties other than the title do not exist on a page parent", async () => {
    await rejects(
      notion.pages.create({
        parent: { page_id: q.rootPageId },
        properties: { title: { title: text("x") }, Status: { select: { name: "Done" } } },
      }),
      { status: 400, code: "validation_error", message: "Status is not a property that exists." },
    );
    await rejects(
      notion.pages.create({
        parent: { page_id: q.rootPageId },
        properties: { title: { title: text("x") }, Due: { date: { start: "2024-01-01" } }, Tags: { multi_select: [] } },
      }),
      { status: 400, code: "validation_error", message: "Due is not a property that exists. Tags is not a property that exists." },
    );
  });

  test("a title text over 2000 characters is rejected with its JSON path", async () => {
    await rejects(notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("x".repeat(2001)) } } }), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.properties.title.title[0].text.content.length should be ≤ `2000`, instead was `2001`.",
    });
  });

  test("a failed create leaves nothing behind", async () => {
    const parent = await newPage(notion, q.rootPageId, "Atomic");
    await rejects(
      notion.pages.create({
        parent: { page_id: parent },
        properties: { title: { title: text("x") } },
        children: [{ paragraph: { rich_text: text("ok") } }, { code: { rich_text: text("x"), language: "klingon" as any } }],
      }),
      { status: 400, code: "validation_error", message: /body\.children\[1\]\.code\.language/ },
    );
    assert.deepEqual(await childrenOf(notion, parent), []);
  });
});

describe("pages.retrieve", () => {
  test("answers what create answered", async () => {
    const created: any = await notion.pages.create({
      parent: { page_id: q.rootPageId },
      properties: { title: { title: text("Round trip") } },
      icon: { emoji: "📘" },
    });
    const page: any = await notion.pages.retrieve({ page_id: created.id });
    delete created.request_id;
    delete page.request_id;
    assert.deepEqual(page, created);
  });

  test("url and public_url", async () => {
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("Hello, World!") } } });
    assert.equal(page.url, `${q.url}/Hello-World-${page.id.replace(/-/g, "")}`);
    assert.equal(page.public_url, null);
  });

  test("the seeded page is readable", async () => {
    const page: any = await notion.pages.retrieve({ page_id: q.rootPageId });
    assert.equal(page.properties.title.title[0].plain_text, "Getting started");
    assert.deepEqual(page.parent, { type: "workspace", workspace: true });
    assert.deepEqual(page.icon, { type: "emoji", emoji: "👋" });
  });

  test("filter_properties keeps only the properties asked for", async () => {
    const id = await newPage(notion, q.rootPageId, "Filtered");
    const kept: any = await notion.pages.retrieve({ page_id: id, filter_properties: ["title"] });
    assert.deepEqual(Object.keys(kept.properties), ["title"]);
    const none: any = await notion.pages.retrieve({ page_id: id, filter_properties: ["zzzz"] });
    assert.deepEqual(none.properties, {});
    const all: any = await notion.pages.retrieve({ page_id: id });
    assert.deepEqual(Object.keys(all.properties), ["title"]);
  });

  test("an unknown page is 404", async () => {
    await rejects(notion.pages.retrieve({ page_id: MISSING_ID }), {
      status: 404,
      code: "object_not_found",
      message: new RegExp(`^Could not find page with ID: ${MISSING_ID}\\.`),
    });
  });

  test("a block id is not a page", async () => {
    const page = await newPage(notion, q.rootPageId, "Has a paragraph");
    const [block] = await append(notion, page, [{ paragraph: { rich_text: text("not a page") } }]);
    await rejects(notion.pages.retrieve({ page_id: block.id }), { status: 404, code: "object_not_found" });
  });
});

describe("pages.update", () => {
  test("replaces the title", async () => {
    const id = await newPage(notion, q.rootPageId, "Old title");
    const page: any = await notion.pages.update({ page_id: id, properties: { title: { title: text("New title") } } });
    assert.deepEqual(page.properties.title.title, [textItem("New title")]);
    const block: any = await notion.blocks.retrieve({ block_id: id });
    assert.deepEqual(block.child_page, { title: "New title" });
    assert.match(page.url, /\/New-title-[0-9a-f]{32}$/);
  });

  test("sets and removes icon and cover with null", async () => {
    const id = await newPage(notion, q.rootPageId, "Decorated");
    let page: any = await notion.pages.update({
      page_id: id,
      icon: { emoji: "🛴" },
      cover: { external: { url: "https://example.com/c.jpg" } },
    });
    assert.deepEqual(page.icon, { type: "emoji", emoji: "🛴" });
    assert.deepEqual(page.cover, { type: "external", external: { url: "https://example.com/c.jpg" } });
    page = await notion.pages.update({ page_id: id, icon: null });
    assert.equal(page.icon, null);
    assert.deepEqual(page.cover, { type: "external", external: { url: "https://example.com/c.jpg" } }, "cover untouched");
    page = await notion.pages.update({ page_id: id, cover: null });
    assert.equal(page.cover, null);
    assert.equal(page.properties.title.title[0].plain_text, "Decorated", "title untouched");
  });

  test("an empty update changes nothing", async () => {
    const id = await newPage(notion, q.rootPageId, "Same", { icon: { emoji: "🙂" } });
    const page: any = await notion.pages.update({ page_id: id });
    assert.equal(page.properties.title.title[0].plain_text, "Same");
    assert.deepEqual(page.icon, { type: "emoji", emoji: "🙂" });
  });

  test("is_locked toggles", async () => {
    const id = await newPage(notion, q.rootPageId, "Lockable");
    assert.equal(((await notion.pages.update({ page_id: id, is_locked: true })) as any).is_locked, true);
    assert.equal(((await notion.pages.retrieve({ page_id: id })) as any).is_locked, true);
    assert.equal(((await notion.pages.update({ page_id: id, is_locked: false })) as any).is_locked, false);
  });

  test("in_trash moves to the trash; the page stays retrievable and leaves its parent's children", async () => {
    const parent = await newPage(notion, q.rootPageId, "Trash parent");
    const id = await newPage(notion, parent, "Doomed");
    const page: any = await notion.pages.update({ page_id: id, in_trash: true });
    assert.equal(page.in_trash, true);
    assert.equal(page.archived, true);
    const again: any = await notion.pages.retrieve({ page_id: id });
    assert.equal(again.in_trash, true);
    assert.deepEqual(await childrenOf(notion, parent), []);
    assert.equal(((await notion.blocks.retrieve({ block_id: parent })) as any).has_children, false);
  });

  test("archived is the deprecated alias of in_trash before 2026-03-11", async () => {
    const id = await newPage(notion, q.rootPageId, "Alias");
    const trashed: any = await notion.pages.update({ page_id: id, archived: true });
    assert.equal(trashed.in_trash, true);
    assert.equal(trashed.archived, true);
    const restored: any = await notion.pages.update({ page_id: id, archived: false });
    assert.equal(restored.in_trash, false);
    assert.equal(restored.archived, false);
  });

  test("archived is not accepted in 2026-03-11", async () => {
    const id = await newPage(notion, q.rootPageId, "No alias");
    await rejects(q.client({ version: "2026-03-11" }).pages.update({ page_id: id, archived: true }), {
      status: 400,
      code: "validation_error",
      message: /body\.archived should be not present/,
    });
    assert.equal(((await notion.pages.retrieve({ page_id: id })) as any).in_trash, false);
  });

  test("restoring from the trash", async () => {
    const parent = await newPage(notion, q.rootPageId, "Restore parent");
    const id = await newPage(notion, parent, "Comeback");
    await notion.pages.update({ page_id: id, in_trash: true });
    const page: any = await notion.pages.update({ page_id: id, in_trash: false });
    assert.equal(page.in_trash, false);
    assert.deepEqual(
      (await childrenOf(notion, parent)).map((b) => b.id),
      [id],
    );
  });

  test("a page deleted through blocks.delete is restored through pages.update", async () => {
    const id = await newPage(notion, q.rootPageId, "Deleted as block");
    const block: any = await notion.blocks.delete({ block_id: id });
    assert.equal(block.type, "child_page");
    assert.equal(block.in_trash, true);
    assert.equal(((await notion.pages.retrieve({ page_id: id })) as any).in_trash, true);
    assert.equal(((await notion.pages.update({ page_id: id, in_trash: false })) as any).in_trash, false);
  });

  test("editing a trashed page fails until it is restored", async () => {
    const id = await newPage(notion, q.rootPageId, "Archived");
    await notion.pages.update({ page_id: id, in_trash: true });
    const edits = [
      { properties: { title: { title: text("Nope") } } },
      { icon: { emoji: "🙅" } },
      { cover: null },
      { is_locked: true },
    ];
    for (const edit of edits)
      await rejects(notion.pages.update({ page_id: id, ...edit } as any), { status: 400, code: "validation_error", message: TRASHED });
    await rejects(append(notion, id, [{ paragraph: { rich_text: text("x") } }]), { status: 400, code: "validation_error", message: TRASHED });
    await rejects(notion.pages.create({ parent: { page_id: id }, properties: { title: { title: text("child") } } }), {
      status: 400,
      code: "validation_error",
      message: TRASHED,
    });
    const unchanged: any = await notion.pages.retrieve({ page_id: id });
    assert.equal(unchanged.properties.title.title[0].plain_text, "Archived");
  });

  test("restore and edit in one request", async () => {
    const id = await newPage(notion, q.rootPageId, "Back");
    await notion.pages.update({ page_id: id, in_trash: true });
    const page: any = await notion.pages.update({ page_id: id, in_trash: false, properties: { title: { title: text("Back again") } } });
    assert.equal(page.in_trash, false);
    assert.equal(page.properties.title.title[0].plain_text, "Back again");
  });

  test("unknown property names", async () => {
    const id = await newPage(notion, q.rootPageId, "Props");
    await rejects(notion.pages.update({ page_id: id, properties: { Priority: { number: 3 } } }), {
      status: 400,
      code: "validation_error",
      message: "Priority is not a property that exists.",
    });
  });

  test("in_trash must be a boolean", async () => {
    const id = await newPage(notion, q.rootPageId, "Typed");
    await rejects(notion.pages.update({ page_id: id, in_trash: "yes" as any }), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.in_trash should be a boolean, instead was `\"yes\"`.",
    });
  });

  test("erase_content trashes the page's content", async () => {
    const id = await newPage(notion, q.rootPageId, "Erase me", { children: [{ paragraph: { rich_text: text("a") } }, { divider: {} }] });
    await notion.pages.update({ page_id: id, erase_content: true });
    assert.deepEqual(await childrenOf(notion, id), []);
    assert.equal(((await notion.pages.retrieve({ page_id: id })) as any).properties.title.title[0].plain_text, "Erase me");
  });
});

describe("pages.move", () => {
  test("moves a page under another page", async () => {
    const root = await newPage(notion, q.rootPageId, "Move root");
    const target = await newPage(notion, root, "Target Parent");
    const moving = await newPage(notion, root, "Moving Page");
    const page: any = await notion.pages.move({ page_id: moving, parent: { page_id: target } });
    assert.deepEqual(page.parent, { type: "page_id", page_id: target });
    assert.equal(page.properties.title.title[0].plain_text, "Moving Page");
    assert.deepEqual(
      (await childrenOf(notion, target)).map((b) => b.id),
      [moving],
    );
    assert.deepEqual(
      (await childrenOf(notion, root)).map((b) => b.id),
      [target],
    );
    const block: any = await notion.blocks.retrieve({ block_id: moving });
    assert.deepEqual(block.parent, { type: "page_id", page_id: target });
  });

  test("a moved page goes to the end of its new parent, content and all", async () => {
    const target = await newPage(notion, q.rootPageId, "Target", { children: [{ paragraph: { rich_text: text("p") } }] });
    const moving = await newPage(notion, q.rootPageId, "With content", { children: [{ quote: { rich_text: text("inside") } }] });
    await notion.pages.move({ page_id: moving, parent: { page_id: target } });
    const ids = (await childrenOf(notion, target)).map((b) => b.id);
    assert.equal(ids[ids.length - 1], moving);
    assert.equal((await childrenOf(notion, moving))[0].type, "quote");
  });

  test("not into itself or one of its descendants", async () => {
    const a = await newPage(notion, q.rootPageId, "A");
    const b = await newPage(notion, a, "B");
    const c = await newPage(notion, b, "C");
    for (const into of [a, b, c])
      await rejects(notion.pages.move({ page_id: a, parent: { page_id: into } }), { status: 400, code: "validation_error" });
    assert.deepEqual(((await notion.pages.retrieve({ page_id: a })) as any).parent, { type: "page_id", page_id: q.rootPageId });
  });

  test("an unknown target is 404", async () => {
    const a = await newPage(notion, q.rootPageId, "Lonely");
    await rejects(notion.pages.move({ page_id: a, parent: { page_id: MISSING_ID } }), { status: 404, code: "object_not_found" });
  });

  test("a trashed page cannot be moved", async () => {
    const a = await newPage(notion, q.rootPageId, "Trashed mover");
    const target = await newPage(notion, q.rootPageId, "Target");
    await notion.pages.update({ page_id: a, in_trash: true });
    await rejects(notion.pages.move({ page_id: a, parent: { page_id: target } }), { status: 400, code: "validation_error", message: TRASHED });
  });

  test("works in 2026-03-11 too", async () => {
    const a = await newPage(notion, q.rootPageId, "New-version mover");
    const target = await newPage(notion, q.rootPageId, "New-version target");
    const page: any = await q.client({ version: "2026-03-11" }).pages.move({ page_id: a, parent: { page_id: target } });
    assert.deepEqual(page.parent, { type: "page_id", page_id: target });
    assert.equal("archived" in page, false);
  });

  test("does not exist in 2022-06-28", async () => {
    // The move endpoint arrived with 2025-09-03; Quire answers older versions as an unknown URL
    // (what Notion answers there is not documented).
    const a = await newPage(notion, q.rootPageId, "Old mover");
    const target = await newPage(notion, q.rootPageId, "Old target");
    await rejects(q.client({ version: "2022-06-28" }).pages.move({ page_id: a, parent: { page_id: target } }), {
      status: 400,
      code: "invalid_request_url",
    });
  });
});

describe("pages.properties.retrieve (title)", () => {
  const parts = [
    { text: { content: "Alpha " } },
    { text: { content: "Beta" }, annotations: { bold: true } },
    { type: "equation" as const, equation: { expression: "x^2" } },
    { text: { content: " Gamma", link: { url: "https://example.com/g" } } },
  ];

  test("one rich-text item per result, paginated with page_size 1", async () => {
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: parts } } });
    const items: any[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res: any = await notion.pages.properties.retrieve({ page_id: page.id, property_id: "title", page_size: 1, start_cursor: cursor });
      pages++;
      assert.equal(res.object, "list");
      assert.equal(res.type, "property_item");
      assert.equal(res.results.length, 1);
      assert.equal(res.has_more, res.next_cursor !== null);
      assert.equal(res.property_item.id, "title");
      assert.equal(res.property_item.type, "title");
      assert.deepEqual(res.property_item.title, {});
      if (res.has_more) {
        assert.equal(typeof res.property_item.next_url, "string");
        assert.ok(res.property_item.next_url.includes(`start_cursor=${res.next_cursor}`), res.property_item.next_url);
      } else assert.equal(res.property_item.next_url, null);
      const item = res.results[0];
      assert.deepEqual(Object.keys(item).sort(), ["id", "object", "title", "type"]);
      assert.equal(item.object, "property_item");
      assert.equal(item.type, "title");
      assert.equal(item.id, "title");
      items.push(item.title);
      cursor = res.next_cursor ?? undefined;
    } while (cursor);
    assert.equal(pages, parts.length);
    assert.deepEqual(items, page.properties.title.title);
  });

  test("next_url is a working URL for the next page", async () => {
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: parts } } });
    const first: any = await notion.pages.properties.retrieve({ page_id: page.id, property_id: "title", page_size: 2 });
    assert.ok(first.property_item.next_url.startsWith(`${q.url}/v1/pages/${page.id}/properties/title?`));
    const res = await fetch(first.property_item.next_url + "&page_size=2", {
      headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03" },
    });
    const second = await res.json();
    assert.equal(res.status, 200);
    assert.deepEqual(
      second.results.map((r: any) => r.title.plain_text),
      ["x^2", " Gamma"],
    );
    assert.equal(second.has_more, false);
    assert.equal(second.next_cursor, null);
  });

  test("the whole title in one page by default; collectPaginatedAPI agrees", async () => {
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: parts } } });
    const res: any = await notion.pages.properties.retrieve({ page_id: page.id, property_id: "title" });
    assert.equal(res.results.length, parts.length);
    assert.equal(res.has_more, false);
    assert.equal(res.next_cursor, null);
    assert.equal(res.property_item.next_url, null);
    const all: any[] = await collectPaginatedAPI(notion.pages.properties.retrieve as any, { page_id: page.id, property_id: "title", page_size: 1 } as any);
    assert.deepEqual(
      all.map((r) => r.title),
      page.properties.title.title,
    );
  });

  test("an untitled page has an empty list", async () => {
    const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId } });
    const res: any = await notion.pages.properties.retrieve({ page_id: page.id, property_id: "title" });
    assert.deepEqual(res.results, []);
    assert.equal(res.has_more, false);
  });

  test("the title may be asked for by its URL-encoded id", async () => {
    const id = await newPage(notion, q.rootPageId, "Encoded");
    const res: any = await notion.pages.properties.retrieve({ page_id: id, property_id: "%74itle" });
    assert.equal(res.results[0].title.plain_text, "Encoded");
  });

  test("an unknown property id is 404", async () => {
    // Notion's wording for a property id that does not exist on the page is not documented.
    const id = await newPage(notion, q.rootPageId, "No such property");
    await rejects(notion.pages.properties.retrieve({ page_id: id, property_id: "abcd" }), { status: 404, code: "object_not_found" });
  });

  test("a bad cursor is rejected", async () => {
    const id = await newPage(notion, q.rootPageId, "Cursor");
    await rejects(notion.pages.properties.retrieve({ page_id: id, property_id: "title", start_cursor: "garbage" }), {
      status: 400,
      code: "validation_error",
    });
  });
});

describe("page shape per Notion-Version", () => {
  for (const version of VERSIONS) {
    test(version, async () => {
      const c = q.client({ version });
      const created: any = await c.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text(`Shape ${version}`) } } });
      const retrieved: any = await c.pages.retrieve({ page_id: created.id });
      const trashed: any = await c.pages.update({ page_id: created.id, in_trash: true });
      const restored: any = await c.pages.update({ page_id: created.id, in_trash: false });
      const expectedKeys = atLeast(version, "2026-03-11") ? PAGE_KEYS_2025.filter((k) => k !== "archived") : PAGE_KEYS_2025;
      // Quire sends is_archived/is_locked in every version; whether 2022-06-28 responses carry them
      // on Notion is not recorded.
      for (const page of [created, retrieved, trashed, restored]) {
        assert.deepEqual(Object.keys(page), expectedKeys);
        assert.equal(isFullPage(page), true);
        if (atLeast(version, "2026-03-11")) assert.equal("archived" in page, false);
        else assert.equal(page.archived, page.in_trash);
      }
      assert.equal(trashed.in_trash, true);
      assert.equal(restored.in_trash, false);
      const block: any = await c.blocks.retrieve({ block_id: created.id });
      assert.equal("archived" in block, !atLeast(version, "2026-03-11"));
    });
  }
});

/**
 * Issue 10, exact values as recorded on Notion, under every version: Notion's own icon URLs and
 * malformed ids.
 */
describe("exact values, under every version", () => {
  const BAD = "12345678-1234-1234-1234-123456789abc";
  for (const version of VERSIONS) {
    const client = () => q.client({ version });

    test(`${version}: an external icon at https://www.notion.so/icons/<name>_<color>.svg is a native icon`, async () => {
      const c = client();
      const p = await newPage(c, q.rootPageId, "Icons");
      // test_icon_attr #5–#7 (2025-09-03): stored and answered as the native icon, then cleared.
      const set: any = await c.pages.update({ page_id: p, icon: { type: "external", external: { url: "https://www.notion.so/icons/snake_purple.svg" } } } as any);
      assert.deepEqual(set.icon, { type: "icon", icon: { name: "snake", color: "purple" } });
      assert.deepEqual(((await c.pages.retrieve({ page_id: p })) as any).icon, { type: "icon", icon: { name: "snake", color: "purple" } });
      assert.equal(((await c.pages.update({ page_id: p, icon: null } as any)) as any).icon, null);
      // The name runs to the last `_`; on create, and on a callout's icon too.
      const made: any = await c.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: text("Arrow") } }, icon: { external: { url: "https://www.notion.so/icons/arrow-right_line_lightgray.svg" } } } as any);
      assert.deepEqual(made.icon, { type: "icon", icon: { name: "arrow-right_line", color: "lightgray" } });
      const [callout] = await append(c, p, [{ callout: { rich_text: text("hi"), icon: { external: { url: "https://www.notion.so/icons/checkmark_green.svg" } } } }]);
      assert.deepEqual(callout.callout.icon, { type: "icon", icon: { name: "checkmark", color: "green" } });
      // Anything else stays an external icon: another colour, host or path.
      for (const url of ["https://www.notion.so/icons/snake_teal.svg", "https://notion.so/icons/snake_purple.svg", "https://www.notion.so/images/snake_purple.svg", "https://www.notion.so/icons/snake.svg", "https://www.notion.so/icons/snake_purple.png"]) {
        const kept: any = await c.pages.update({ page_id: p, icon: { type: "external", external: { url } } } as any);
        assert.deepEqual(kept.icon, { type: "external", external: { url } }, url);
      }
    });

    test(`${version}: a page that gets a child page or database is last edited by its creator`, async () => {
      const c = client();
      const integ = await q.admin("GET", `/_quire/v1/integrations/${q.devIntegrationId}`);
      const top = await q.admin("POST", "/_quire/v1/pages", { title: "A person's page", share_with: [integ.body.id] });
      const owner = ((await c.pages.retrieve({ page_id: top.body.id })) as any).last_edited_by.id;
      assert.notEqual(owner, botId);
      // The recorded root pages: made by a person, last edited by the integration that only made
      // pages and databases under them (notion-sdk-py and ultimate-notion cassettes).
      await newPage(c, top.body.id, "Child");
      assert.equal(((await c.pages.retrieve({ page_id: top.body.id })) as any).last_edited_by.id, botId);
      const other = await q.admin("POST", "/_quire/v1/pages", { title: "Another", share_with: [integ.body.id] });
      await notion.databases.create({ parent: { page_id: other.body.id }, title: text("Child database"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
      assert.equal(((await c.pages.retrieve({ page_id: other.body.id })) as any).last_edited_by.id, botId);
    });

    test(`${version}: a malformed id is a 400 naming its place; the all-zero id is looked up`, async () => {
      // test_upload_invalid_page_uuid #0: the variant nibble is not 8, 9, a or b.
      const res = await q.raw("GET", `/v1/pages/${BAD}`, { version });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { object: "error", status: 400, code: "validation_error", message: `path failed validation: path.page_id should be a valid uuid, instead was \`"${BAD}"\`.`, request_id: res.body.request_id });
      // A version nibble of 0 or 9+ is malformed too; the same in other paths and in bodies.
      for (const [path, name] of [[`/v1/blocks/12345678-1234-0234-8234-123456789abc`, "block_id"], [`/v1/blocks/${BAD}/children`, "block_id"], [`/v1/users/12345678-1234-9234-a234-123456789abc`, "user_id"]]) {
        const r = await q.raw("GET", path, { version });
        assert.equal(r.status, 400, path);
        assert.match(r.body.message, new RegExp(`^path failed validation: path\\.${name} should be a valid uuid, instead was `));
      }
      await rejects(client().pages.create({ parent: { page_id: BAD }, properties: { title: { title: text("x") } } } as any), {
        status: 400,
        code: "validation_error",
        message: `body failed validation: body.parent.page_id should be a valid uuid, instead was \`"${BAD}"\`.`,
      });
      const p = await newPage(client(), q.rootPageId, "Bad ids");
      await rejects(append(client(), p, [{ paragraph: { rich_text: [{ mention: { page: { id: BAD } } }] } }]), {
        status: 400,
        code: "validation_error",
        message: `body failed validation: body.children[0].paragraph.rich_text[0].mention.page.id should be a valid uuid, instead was \`"${BAD}"\`.`,
      });
      // The nil id is a well-formed id of nothing (notion-sdk-py test_build_request_error_integration).
      await rejects(client().pages.retrieve({ page_id: "00000000-0000-0000-0000-000000000000" }), { status: 404, code: "object_not_found" });
      // Notion's own version-8 ids, dashed or not, are ids (notion-sdk-py cassettes).
      await rejects(client().pages.retrieve({ page_id: "393abc1eedcd80f3813be205934558c6" }), { status: 404, code: "object_not_found" });
    });
  }
});
