/** /v1/blocks: every creatable block type, positions, limits, update, trash, rich text — via the SDK. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, collectPaginatedAPI, isFullBlock, iteratePaginatedAPI } from "@notionhq/client";
import { atLeast, startTestQuire, VERSIONS, type TestQuire } from "./helpers/quire.js";
import { MISSING_ID, append, childrenOf, newPage, plain, rejects, text, textItem } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;
let botId: string;

const TRASHED = "Can't edit block that is archived. You must unarchive the block before editing.";
const para = (content: string) => ({ paragraph: { rich_text: text(content) } });
const rt = (content: string) => [textItem(content)];
/** A fresh, empty page for one test. */
const page = (title = "Blocks") => newPage(notion, q.rootPageId, title);

before(async () => {
  q = await startTestQuire();
  notion = q.client();
  botId = (await notion.users.me({})).id;
});
after(() => q.close());

/**
 * One request per creatable block type and the payload Notion answers with
 * (developers.notion.com/reference/block; key sets as in the notionrs block fixtures).
 */
const CASES: { name: string; request: Record<string, unknown>; type: string; payload: Record<string, unknown>; hasChildren?: boolean; childTypes?: string[] }[] = [
  { name: "paragraph", request: para("Plain"), type: "paragraph", payload: { rich_text: rt("Plain"), icon: null, color: "default" } },
  {
    name: "paragraph with icon and color",
    request: { paragraph: { rich_text: text("Starred"), icon: { emoji: "⭐" }, color: "blue_background" } },
    type: "paragraph",
    payload: { rich_text: rt("Starred"), icon: { type: "emoji", emoji: "⭐" }, color: "blue_background" },
  },
  {
    name: "heading_1 toggleable with children",
    request: { heading_1: { rich_text: text("H1"), is_toggleable: true, children: [para("under h1")] } },
    type: "heading_1",
    payload: { rich_text: rt("H1"), is_toggleable: true, color: "default" },
    hasChildren: true,
    childTypes: ["paragraph"],
  },
  {
    name: "heading_2 toggleable with children",
    request: { heading_2: { rich_text: text("H2"), is_toggleable: true, color: "red", children: [para("under h2"), { divider: {} }] } },
    type: "heading_2",
    payload: { rich_text: rt("H2"), is_toggleable: true, color: "red" },
    hasChildren: true,
    childTypes: ["paragraph", "divider"],
  },
  {
    name: "heading_3",
    request: { heading_3: { rich_text: text("H3") } },
    type: "heading_3",
    payload: { rich_text: rt("H3"), is_toggleable: false, color: "default" },
  },
  {
    name: "bulleted_list_item with children",
    request: { bulleted_list_item: { rich_text: text("Bullet"), children: [{ bulleted_list_item: { rich_text: text("Sub-bullet") } }] } },
    type: "bulleted_list_item",
    payload: { rich_text: rt("Bullet"), color: "default" },
    hasChildren: true,
    childTypes: ["bulleted_list_item"],
  },
  {
    name: "numbered_list_item",
    request: { numbered_list_item: { rich_text: text("Number") } },
    type: "numbered_list_item",
    payload: { rich_text: rt("Number"), color: "default" },
  },
  {
    name: "numbered_list_item with list_start_index and list_format",
    request: { numbered_list_item: { rich_text: text("Roman"), list_start_index: 3, list_format: "roman" } },
    type: "numbered_list_item",
    payload: { rich_text: rt("Roman"), list_start_index: 3, list_format: "roman", color: "default" },
  },
  {
    name: "to_do checked",
    request: { to_do: { rich_text: text("Done"), checked: true } },
    type: "to_do",
    payload: { rich_text: rt("Done"), checked: true, color: "default" },
  },
  { name: "to_do unchecked by default", request: { to_do: { rich_text: text("Open") } }, type: "to_do", payload: { rich_text: rt("Open"), checked: false, color: "default" } },
  {
    name: "toggle with children",
    request: { toggle: { rich_text: text("Toggle"), children: [para("hidden")] } },
    type: "toggle",
    payload: { rich_text: rt("Toggle"), color: "default" },
    hasChildren: true,
    childTypes: ["paragraph"],
  },
  { name: "quote", request: { quote: { rich_text: text("Quote"), color: "gray" } }, type: "quote", payload: { rich_text: rt("Quote"), color: "gray" } },
  {
    name: "callout with icon",
    request: { callout: { rich_text: text("Hot"), icon: { emoji: "🔥" }, color: "green_background" } },
    type: "callout",
    payload: { rich_text: rt("Hot"), icon: { type: "emoji", emoji: "🔥" }, color: "green_background" },
  },
  {
    name: "callout with the default 💡 icon",
    request: { callout: { rich_text: text("Idea") } },
    type: "callout",
    payload: { rich_text: rt("Idea"), icon: { type: "emoji", emoji: "💡" }, color: "default" },
  },
  {
    name: "callout with an external icon",
    request: { callout: { rich_text: text("Ext"), icon: { external: { url: "https://example.com/i.png" } } } },
    type: "callout",
    payload: { rich_text: rt("Ext"), icon: { type: "external", external: { url: "https://example.com/i.png" } }, color: "default" },
  },
  {
    name: "code with language and caption",
    request: { code: { rich_text: text("console.log(0)"), language: "javascript", caption: text("My Caption") } },
    type: "code",
    payload: { caption: rt("My Caption"), rich_text: rt("console.log(0)"), language: "javascript" },
  },
  {
    name: "code in a multi-word language",
    request: { code: { rich_text: text("x"), language: "plain text" } },
    type: "code",
    payload: { caption: [], rich_text: rt("x"), language: "plain text" },
  },
  { name: "equation", request: { equation: { expression: "e^{i\\pi}+1=0" } }, type: "equation", payload: { expression: "e^{i\\pi}+1=0" } },
  { name: "divider", request: { divider: {} }, type: "divider", payload: {} },
  { name: "breadcrumb", request: { breadcrumb: {} }, type: "breadcrumb", payload: {} },
  { name: "table_of_contents", request: { table_of_contents: {} }, type: "table_of_contents", payload: { color: "default" } },
  {
    name: "table_of_contents with color",
    request: { table_of_contents: { color: "purple" } },
    type: "table_of_contents",
    payload: { color: "purple" },
  },
  {
    name: "column_list with two columns",
    request: {
      column_list: {
        children: [
          { column: { children: [para("left")] } },
          { column: { width_ratio: 0.25, children: [para("right"), para("right 2")] } },
        ],
      },
    },
    type: "column_list",
    payload: {},
    hasChildren: true,
    childTypes: ["column", "column"],
  },
  {
    name: "table with rows",
    request: {
      table: {
        table_width: 3,
        has_column_header: true,
        children: [
          { table_row: { cells: [text("a"), text("b"), text("c")] } },
          { table_row: { cells: [text("1"), [], text("3")] } },
        ],
      },
    },
    type: "table",
    payload: { table_width: 3, has_column_header: true, has_row_header: false },
    hasChildren: true,
    childTypes: ["table_row", "table_row"],
  },
  {
    name: "embed",
    request: { embed: { url: "https://gist.github.com/46ki75/57c8f312f60f65782a580b76fbe7cd0a" } },
    type: "embed",
    payload: { caption: [], url: "https://gist.github.com/46ki75/57c8f312f60f65782a580b76fbe7cd0a" },
  },
  {
    name: "bookmark with caption",
    request: { bookmark: { url: "https://www.notion.com/", caption: text("Notion") } },
    type: "bookmark",
    payload: { caption: rt("Notion"), url: "https://www.notion.com/" },
  },
  ...(["image", "video", "pdf", "audio"] as const).map((type) => {
    const url = { image: "https://example.com/a.png", video: "https://example.com/a.mp4", pdf: "https://example.com/a.pdf", audio: "https://example.com/a.mp3" }[type];
    return {
      name: `${type} from an external URL`,
      request: { [type]: { external: { url }, caption: text(`${type} caption`) } },
      type,
      payload: { caption: rt(`${type} caption`), type: "external", external: { url } },
    };
  }),
  {
    name: "file from an external URL, name from the URL",
    request: { file: { external: { url: "https://example.com/files/report%202024.pdf" } } },
    type: "file",
    payload: { caption: [], type: "external", external: { url: "https://example.com/files/report%202024.pdf" }, name: "report 2024.pdf" },
  },
  {
    name: "file with an explicit name",
    request: { file: { type: "external", external: { url: "https://example.com/x.bin" }, name: "Data dump" } },
    type: "file",
    payload: { caption: [], type: "external", external: { url: "https://example.com/x.bin" }, name: "Data dump" },
  },
  {
    name: "synced_block original",
    request: { synced_block: { synced_from: null, children: [para("synced content")] } },
    type: "synced_block",
    payload: { synced_from: null },
    hasChildren: true,
    childTypes: ["paragraph"],
  },
  {
    name: "template with children",
    request: { template: { rich_text: text("Add a task"), children: [{ to_do: { rich_text: text("Task") } }] } },
    type: "template",
    payload: { rich_text: rt("Add a task") },
    hasChildren: true,
    childTypes: ["to_do"],
  },
];

describe("append and read back every creatable block type", () => {
  let pageId: string;
  let appended: any[];
  let listed: any[];

  before(async () => {
    pageId = await page("All block types");
    const target = await newPage(notion, q.rootPageId, "Linked");
    CASES.push({
      name: "link_to_page",
      request: { link_to_page: { page_id: target } },
      type: "link_to_page",
      payload: { type: "page_id", page_id: target },
    });
    appended = await append(notion, pageId, CASES.map((c) => c.request));
    listed = await childrenOf(notion, pageId);
  });

  test("append answers with the first-level blocks only, in order", () => {
    assert.equal(appended.length, CASES.length);
    assert.deepEqual(
      appended.map((b) => b.type),
      CASES.map((c) => c.type),
    );
    assert.deepEqual(
      listed.map((b) => b.id),
      appended.map((b) => b.id),
    );
  });

  test("every block has the common fields", () => {
    for (const b of listed) {
      assert.equal(isFullBlock(b), true);
      assert.equal(b.object, "block");
      assert.deepEqual(b.parent, { type: "page_id", page_id: pageId });
      assert.deepEqual(b.created_by, { object: "user", id: botId });
      assert.deepEqual(b.last_edited_by, { object: "user", id: botId });
      assert.match(b.created_time, /:00\.000Z$/);
      assert.equal(b.in_trash, false);
      assert.equal(b.archived, false);
      assert.deepEqual(
        Object.keys(b).sort(),
        ["archived", "created_by", "created_time", "has_children", "id", "in_trash", "last_edited_by", "last_edited_time", "object", "parent", "type", b.type].sort(),
      );
    }
  });

  for (const [i, c] of CASES.entries()) {
    test(c.name, async () => {
      const fromList = listed[i] ?? listed[CASES.indexOf(c)];
      assert.equal(fromList.type, c.type);
      assert.deepEqual(fromList[c.type], c.payload);
      assert.equal(fromList.has_children, c.hasChildren ?? false, "has_children");
      const { request_id, ...retrieved } = (await notion.blocks.retrieve({ block_id: fromList.id })) as any;
      assert.equal(typeof request_id, "string");
      assert.deepEqual(retrieved, fromList);
      assert.deepEqual(appended[i], fromList, "append answered the stored block");
      const kids = await childrenOf(notion, fromList.id);
      assert.deepEqual(
        kids.map((k) => k.type),
        c.childTypes ?? [],
      );
      for (const k of kids) assert.deepEqual(k.parent, { type: "block_id", block_id: fromList.id });
    });
  }

  test("link_to_page", async () => {
    const c = CASES[CASES.length - 1];
    const b = listed[CASES.length - 1];
    assert.equal(b.type, "link_to_page");
    assert.deepEqual(b.link_to_page, c.payload);
  });

  test("column contents and width_ratio", async () => {
    const list = listed.find((b) => b.type === "column_list");
    const [left, right] = await childrenOf(notion, list.id);
    assert.deepEqual(left.column, {});
    assert.deepEqual(right.column, { width_ratio: 0.25 });
    assert.equal(left.has_children, true);
    assert.deepEqual(
      (await childrenOf(notion, right.id)).map(plain),
      ["right", "right 2"],
    );
  });

  test("table rows hold table_width cells", async () => {
    const table = listed.find((b) => b.type === "table");
    const rows = await childrenOf(notion, table.id);
    assert.deepEqual(rows[0].table_row, { cells: [rt("a"), rt("b"), rt("c")] });
    assert.deepEqual(rows[1].table_row, { cells: [rt("1"), [], rt("3")] });
    for (const r of rows) {
      assert.equal(r.has_children, false);
      assert.equal(r.table_row.cells.length, 3);
    }
  });

  test("the third level below a heading is readable too", async () => {
    const h1 = listed.find((b) => b.type === "heading_1");
    const [child] = await childrenOf(notion, h1.id);
    assert.equal(plain(child), "under h1");
    assert.equal(child.has_children, false);
  });

  test("the page itself now has children; the appended blocks are in its child list only", async () => {
    const p: any = await notion.blocks.retrieve({ block_id: pageId });
    assert.equal(p.type, "child_page");
    assert.equal(p.has_children, true);
    assert.equal(listed.filter((b) => b.parent.page_id !== pageId).length, 0);
  });
});

describe("structural rules", () => {
  test("a non-toggleable heading takes no children", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ heading_2: { rich_text: text("H"), children: [para("x")] } }]), {
      status: 400,
      code: "validation_error",
      message: /^body failed validation: body\.children\[0\]\.heading_2\.children should be not present/,
    });
  });

  test("blocks that never hold children reject them", async () => {
    const p = await page();
    for (const block of [{ divider: {}, children: [para("x")] }, { code: { rich_text: [], language: "go", children: [para("x")] } }])
      await rejects(append(notion, p, [block]), { status: 400, code: "validation_error", message: /children should be not present/ });
  });

  test("a column_list needs at least two columns", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ column_list: { children: [{ column: { children: [para("only")] } }] } }]), {
      status: 400,
      code: "validation_error",
      message: /column_list\.children/,
    });
    await rejects(append(notion, p, [{ column_list: {} }]), { status: 400, code: "validation_error" });
  });

  test("columns live only in column lists, and column lists hold only columns", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ column: { children: [para("x")] } }]), { status: 400, code: "validation_error" });
    await rejects(append(notion, p, [{ column_list: { children: [para("a"), para("b")] } }]), { status: 400, code: "validation_error" });
  });

  test("table rows must have table_width cells", async () => {
    const p = await page();
    await rejects(
      append(notion, p, [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a"), text("b"), text("c")] } }] } }]),
      { status: 400, code: "validation_error", message: /table_row\.cells/ },
    );
    await rejects(append(notion, p, [{ table: { table_width: 2, children: [para("x")] } }]), { status: 400, code: "validation_error" });
    await rejects(append(notion, p, [{ table_row: { cells: [text("a")] } }]), { status: 400, code: "validation_error" });
  });

  test("appending rows to an existing table checks their width", async () => {
    const p = await page();
    const [table] = await append(notion, p, [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a"), text("b")] } }] } }]);
    const [row] = await append(notion, table.id, [{ table_row: { cells: [text("c"), text("d")] } }]);
    assert.equal(row.type, "table_row");
    await rejects(append(notion, table.id, [{ table_row: { cells: [text("e")] } }]), { status: 400, code: "validation_error" });
    await rejects(append(notion, table.id, [para("not a row")]), { status: 400, code: "validation_error" });
    assert.equal((await childrenOf(notion, table.id)).length, 2);
  });

  test("code language must be one of Notion's", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ code: { rich_text: text("x"), language: "klingon" } }]), {
      status: 400,
      code: "validation_error",
      message: /^body failed validation: body\.children\[0\]\.code\.language should be `"abap"`, .*instead was `"klingon"`\.$/s,
    });
    await rejects(append(notion, p, [{ code: { rich_text: text("x") } }]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[0].code.language should be defined, instead was `undefined`.",
    });
  });

  test("text blocks require rich_text", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ paragraph: {} }]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[0].paragraph.rich_text should be defined, instead was `undefined`.",
    });
  });

  test("an unknown block type is rejected", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ type: "hologram", hologram: {} }]), { status: 400, code: "validation_error", message: /body\.children\[0\]\.type/ });
  });

  test("type names inherited from Object.prototype are unknown types, not 500s", async () => {
    const p = await page();
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      await rejects(append(notion, p, [{ type: name, [name]: {} }]), { status: 400, code: "validation_error", message: /body\.children\[0\]\.type should be a valid block type/ });
      await rejects(append(notion, p, [{ paragraph: { rich_text: [{ type: name, text: { content: "x" } }] } }]), {
        status: 400,
        code: "validation_error",
        message: /rich_text\[0\]\.type should be/,
      });
      await rejects(append(notion, p, [{ callout: { rich_text: [], icon: { type: name } } }]), { status: 400, code: "validation_error", message: /icon\.type should be/ });
    }
    // Sent raw: the SDK drops body keys it does not know. Such keys are ignored, not block types.
    const [b] = await append(notion, p, [para("x")]);
    const res = await q.raw("PATCH", `/v1/blocks/${b.id}`, { body: JSON.stringify({ toString: { rich_text: [] }, constructor: {} }) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(plain(res.body), "x");
    assert.deepEqual(await childrenOf(notion, p).then((l) => l.length), 1);
  });

  test("a file URL whose last segment is not valid percent-encoding keeps it as the name", async () => {
    const p = await page();
    const [f] = await append(notion, p, [{ file: { type: "external", external: { url: "https://example.com/%zz" } } }]);
    assert.equal(f.file.name, "%zz");
  });

  test("read-only block types cannot be appended", async () => {
    const p = await page();
    for (const block of [{ child_page: { title: "x" } }, { link_preview: { url: "https://example.com" } }, { unsupported: {} }])
      await rejects(append(notion, p, [block]), { status: 400, code: "validation_error" });
  });

  test("media need a URL Notion accepts", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ image: { external: { url: "ftp://example.com/a.png" } } }]), {
      status: 400,
      code: "validation_error",
      message: /image\.external\.url/,
    });
    await rejects(append(notion, p, [{ embed: { url: "not a url" } }]), { status: 400, code: "validation_error", message: /embed\.url/ });
  });

  test("a block that takes no children cannot be an append target", async () => {
    const p = await page();
    const [divider] = await append(notion, p, [{ divider: {} }]);
    await rejects(append(notion, divider.id, [para("x")]), { status: 400, code: "validation_error" });
  });

  test("children may be appended to any block that takes them, later", async () => {
    const p = await page();
    const [toggle] = await append(notion, p, [{ toggle: { rich_text: text("T") } }]);
    assert.equal(toggle.has_children, false);
    await append(notion, toggle.id, [para("one"), para("two")]);
    assert.equal(((await notion.blocks.retrieve({ block_id: toggle.id })) as any).has_children, true);
    assert.deepEqual(
      (await childrenOf(notion, toggle.id)).map(plain),
      ["one", "two"],
    );
  });

  test("children given beside the type key are accepted too", async () => {
    // Request shape `{type:"toggle", toggle:{...}, children:[...]}` (children outside the payload).
    const p = await page();
    const [t] = await append(notion, p, [{ type: "toggle", toggle: { rich_text: text("outer") }, children: [para("inside")] }]);
    assert.equal(t.has_children, true);
    assert.equal(plain((await childrenOf(notion, t.id))[0]), "inside");
  });
});

describe("synced blocks", () => {
  test("a reference lists the original's children and has_children follows it", async () => {
    const p = await page("Synced");
    const [original] = await append(notion, p, [{ synced_block: { synced_from: null, children: [para("shared 1"), para("shared 2")] } }]);
    const [ref] = await append(notion, p, [{ synced_block: { synced_from: { block_id: original.id } } }]);
    assert.deepEqual(ref.synced_block, { synced_from: { type: "block_id", block_id: original.id } });
    assert.equal(ref.has_children, true);
    const fromRef = await childrenOf(notion, ref.id);
    const fromOriginal = await childrenOf(notion, original.id);
    assert.deepEqual(fromRef, fromOriginal);
    assert.deepEqual(fromRef.map(plain), ["shared 1", "shared 2"]);

    for (const child of fromOriginal) await notion.blocks.delete({ block_id: child.id });
    assert.equal(((await notion.blocks.retrieve({ block_id: ref.id })) as any).has_children, false);
    assert.equal(((await notion.blocks.retrieve({ block_id: original.id })) as any).has_children, false);
    const listedRef = (await childrenOf(notion, p)).find((b) => b.id === ref.id);
    assert.equal(listedRef.has_children, false, "has_children follows the original in lists too");

    await append(notion, original.id, [para("new shared")]);
    assert.equal(((await notion.blocks.retrieve({ block_id: ref.id })) as any).has_children, true);
    assert.deepEqual((await childrenOf(notion, ref.id)).map(plain), ["new shared"]);
  });

  test("a reference may be created with the SDK in the same request as other blocks", async () => {
    const p = await page("Synced 2");
    const [original] = await append(notion, p, [{ synced_block: { synced_from: null, children: [para("x")] } }]);
    const res = await append(notion, p, [para("before"), { type: "synced_block", synced_block: { synced_from: { type: "block_id", block_id: original.id } } }]);
    assert.equal(res[1].has_children, true);
  });

  test("appending through a reference lands in the original", async () => {
    // Quire treats a reference's content as the original's; Notion's answer to appending under a
    // reference is not documented.
    const p = await page("Synced 3");
    const [original] = await append(notion, p, [{ synced_block: { synced_from: null, children: [para("a")] } }]);
    const [ref] = await append(notion, p, [{ synced_block: { synced_from: { block_id: original.id } } }]);
    await append(notion, ref.id, [para("b")]);
    assert.deepEqual((await childrenOf(notion, original.id)).map(plain), ["a", "b"]);
  });

  test("a reference takes no children and must point at an original", async () => {
    const p = await page("Synced 4");
    const [original] = await append(notion, p, [{ synced_block: { synced_from: null, children: [para("a")] } }]);
    const [paragraph] = await append(notion, p, [para("not synced")]);
    await rejects(append(notion, p, [{ synced_block: { synced_from: { block_id: original.id }, children: [para("x")] } }]), {
      status: 400,
      code: "validation_error",
      message: /children should be not present/,
    });
    await rejects(append(notion, p, [{ synced_block: { synced_from: { block_id: paragraph.id } } }]), { status: 400, code: "validation_error" });
    const [ref] = await append(notion, p, [{ synced_block: { synced_from: { block_id: original.id } } }]);
    await rejects(append(notion, p, [{ synced_block: { synced_from: { block_id: ref.id } } }]), { status: 400, code: "validation_error" });
    await rejects(append(notion, p, [{ synced_block: { synced_from: { block_id: MISSING_ID } } }]), { status: 404, code: "object_not_found" });
  });

  test("an original synced block may be created empty", async () => {
    const p = await page("Synced 5");
    const [original] = await append(notion, p, [{ synced_block: { synced_from: null } }]);
    assert.equal(original.has_children, false);
    assert.deepEqual(original.synced_block, { synced_from: null });
  });
});

describe("positions", () => {
  const texts = async (id: string) => (await childrenOf(notion, id)).map(plain);

  test("end is the default and `position: end` is the same", async () => {
    const p = await page();
    await append(notion, p, [para("a")]);
    await append(notion, p, [para("b")]);
    await append(notion, p, [para("c")], { position: { type: "end" } });
    assert.deepEqual(await texts(p), ["a", "b", "c"]);
  });

  test("start puts the new blocks first, in request order", async () => {
    const p = await page();
    await append(notion, p, [para("c"), para("d")]);
    await append(notion, p, [para("a"), para("b")], { position: { type: "start" } });
    assert.deepEqual(await texts(p), ["a", "b", "c", "d"]);
  });

  test("after_block puts them right after a sibling", async () => {
    const p = await page();
    const [a] = await append(notion, p, [para("a"), para("d")]);
    await append(notion, p, [para("b"), para("c")], { position: { type: "after_block", after_block: { id: a.id } } });
    assert.deepEqual(await texts(p), ["a", "b", "c", "d"]);
    const last = (await childrenOf(notion, p))[3];
    await append(notion, p, [para("e")], { position: { type: "after_block", after_block: { id: last.id } } });
    assert.deepEqual(await texts(p), ["a", "b", "c", "d", "e"]);
  });

  test("many inserts after the same block keep their order", async () => {
    const p = await page();
    const [a] = await append(notion, p, [para("a"), para("z")]);
    for (let i = 0; i < 60; i++) await append(notion, p, [para(`x${i}`)], { position: { type: "after_block", after_block: { id: a.id } } });
    const got = await texts(p);
    assert.equal(got.length, 62);
    assert.equal(got[0], "a");
    assert.equal(got[1], "x59");
    assert.equal(got[60], "x0");
    assert.equal(got[61], "z");
  });

  test("batches of 100 inserted after one block among hundreds of siblings keep every sibling in order", async () => {
    // Each batch leaves a hundredth of the gap: by the fourth, fractions run out and the siblings
    // after the insertion point are spread out a window at a time (src/domain/nodes.ts).
    const p = await page();
    const [a] = await append(notion, p, [para("a")]);
    for (let b = 0; b < 3; b++) await append(notion, p, Array.from({ length: 100 }, (_, i) => para(`s${b * 100 + i}`)));
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 100 }, (_, i) => para(`b${b}-${i}`));
      await append(notion, p, batch, { position: { type: "after_block", after_block: { id: a.id } } });
    }
    const expected = ["a"];
    for (let b = 5; b >= 0; b--) for (let i = 0; i < 100; i++) expected.push(`b${b}-${i}`);
    for (let i = 0; i < 300; i++) expected.push(`s${i}`);
    assert.deepEqual(await texts(p), expected);
  });

  test("after_block must name a child of the target", async () => {
    const p = await page();
    const other = await page("Other");
    const [elsewhere] = await append(notion, other, [para("elsewhere")]);
    await append(notion, p, [para("a")]);
    await rejects(append(notion, p, [para("x")], { position: { type: "after_block", after_block: { id: elsewhere.id } } }), {
      status: 400,
      code: "validation_error",
    });
    await rejects(append(notion, p, [para("x")], { position: { type: "middle" } }), { status: 400, code: "validation_error", message: /body\.position\.type/ });
  });

  for (const version of ["2022-06-28", "2025-09-03"] as const) {
    test(`legacy \`after\` works in ${version}`, async () => {
      const c = q.client({ version });
      const p = await page();
      const [a] = await append(c, p, [para("a"), para("c")]);
      await append(c, p, [para("b")], { after: a.id });
      assert.deepEqual(await texts(p), ["a", "b", "c"]);
    });
  }

  test("legacy `after` is rejected in 2026-03-11", async () => {
    const c = q.client({ version: "2026-03-11" });
    const p = await page();
    const [a] = await append(c, p, [para("a")]);
    await rejects(append(c, p, [para("b")], { after: a.id }), {
      status: 400,
      code: "validation_error",
      message: /^body failed validation: body\.after should be not present/,
    });
    await append(c, p, [para("b")], { position: { type: "after_block", after_block: { id: a.id } } });
    assert.deepEqual(await texts(p), ["a", "b"]);
  });

  test("`after` and `position` together are rejected", async () => {
    const p = await page();
    const [a] = await append(notion, p, [para("a")]);
    await rejects(append(notion, p, [para("b")], { after: a.id, position: { type: "start" } }), { status: 400, code: "validation_error" });
  });
});

describe("limits", () => {
  test("101 children in one request", async () => {
    const p = await page();
    await rejects(append(notion, p, Array.from({ length: 101 }, (_, i) => para(`${i}`))), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children.length should be ≤ `100`, instead was `101`.",
    });
    assert.deepEqual(await childrenOf(notion, p), [], "nothing was appended");
  });

  test("100 children are fine", async () => {
    const p = await page();
    const res = await append(notion, p, Array.from({ length: 100 }, (_, i) => para(`${i}`)));
    assert.equal(res.length, 100);
  });

  test("2001 characters in one text item", async () => {
    const p = await page();
    await rejects(append(notion, p, [para("ok"), para("x".repeat(2001))]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[1].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.",
    });
    const [b] = await append(notion, p, [para("x".repeat(2000))]);
    assert.equal(plain(b).length, 2000);
  });

  test("the limit applies to nested children too", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ toggle: { rich_text: text("t"), children: [para("y".repeat(2001))] } }]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[0].toggle.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.",
    });
  });

  test("more than 100 rich-text items", async () => {
    const p = await page();
    const many = Array.from({ length: 101 }, () => ({ text: { content: "a" } }));
    await rejects(append(notion, p, [{ paragraph: { rich_text: many } }]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[0].paragraph.rich_text.length should be ≤ `100`, instead was `101`.",
    });
  });

  test("an equation over 1000 characters", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ equation: { expression: "x".repeat(1001) } }]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[0].equation.expression.length should be ≤ `1000`, instead was `1001`.",
    });
  });

  test("a URL over 2000 characters", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ bookmark: { url: `https://example.com/${"a".repeat(2000)}` } }]), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.children[0].bookmark.url.length should be ≤ `2000`, instead was `2020`.",
    });
  });

  test("two levels of nesting are allowed; a third is not", async () => {
    const p = await page();
    const [ok] = await append(notion, p, [{ toggle: { rich_text: text("1"), children: [{ toggle: { rich_text: text("2"), children: [para("3")] } }] } }]);
    const [level2] = await childrenOf(notion, ok.id);
    assert.equal(level2.has_children, true);
    await rejects(
      append(notion, p, [
        { toggle: { rich_text: text("1"), children: [{ toggle: { rich_text: text("2"), children: [{ toggle: { rich_text: text("3"), children: [para("4")] } }] } }] } },
      ]),
      { status: 400, code: "validation_error", message: /^body failed validation: body\.children\[0\]\.toggle\.children\[0\]\.toggle\.children\[0\]\.toggle\.children should be not present/ },
    );
  });

  test("at most 1000 blocks in one payload", async () => {
    // Notion documents the limit (developers.notion.com/reference/request-limits) but not its
    // wording; the number is pinned, not the sentence.
    const p = await page();
    const toggles = Array.from({ length: 100 }, (_, i) => ({ toggle: { rich_text: text(`${i}`), children: Array.from({ length: 10 }, () => ({ divider: {} })) } }));
    await rejects(append(notion, p, toggles), { status: 400, code: "validation_error", message: /1000/ });
  });

  test("pages.create children follow the same limits", async () => {
    await rejects(
      notion.pages.create({ parent: { page_id: q.rootPageId }, children: Array.from({ length: 101 }, () => ({ divider: {} })) } as any),
      { status: 400, code: "validation_error", message: "body failed validation: body.children.length should be ≤ `100`, instead was `101`." },
    );
  });
});

describe("blocks.update", () => {
  test("replaces the rich text (not merged) and keeps other fields", async () => {
    const p = await page();
    const [b] = await append(notion, p, [{ paragraph: { rich_text: [...text("one "), ...text("two")], color: "red" } }]);
    const updated: any = await notion.blocks.update({
      block_id: b.id,
      paragraph: { rich_text: [{ text: { content: "I'm an updated paragraph." }, annotations: { bold: true, color: "red_background" } }] },
    });
    assert.deepEqual(updated.paragraph.rich_text, [
      {
        type: "text",
        text: { content: "I'm an updated paragraph.", link: null },
        annotations: { bold: true, italic: false, strikethrough: false, underline: false, code: false, color: "red_background" },
        plain_text: "I'm an updated paragraph.",
        href: null,
      },
    ]);
    assert.equal(updated.paragraph.color, "red");
    assert.equal(updated.paragraph.icon, null);
    const again: any = await notion.blocks.retrieve({ block_id: b.id });
    assert.deepEqual(again.paragraph, updated.paragraph);
  });

  test("changes single fields: checked, color, language, toggleability", async () => {
    const p = await page();
    const [todo, code, heading] = await append(notion, p, [
      { to_do: { rich_text: text("task") } },
      { code: { rich_text: text("print(1)"), language: "python" } },
      { heading_1: { rich_text: text("H") } },
    ]);
    const t: any = await notion.blocks.update({ block_id: todo.id, to_do: { checked: true } });
    assert.deepEqual(t.to_do, { rich_text: rt("task"), checked: true, color: "default" });
    const c: any = await notion.blocks.update({ block_id: code.id, code: { language: "ruby", caption: text("cap") } });
    assert.deepEqual(c.code, { caption: rt("cap"), rich_text: rt("print(1)"), language: "ruby" });
    const h: any = await notion.blocks.update({ block_id: heading.id, heading_1: { is_toggleable: true } } as any);
    assert.equal(h.heading_1.is_toggleable, true);
    await append(notion, heading.id, [para("now allowed")]);
    assert.equal(((await notion.blocks.retrieve({ block_id: heading.id })) as any).has_children, true);
  });

  test("media, bookmark and equation fields", async () => {
    const p = await page();
    const [img, bm, eq] = await append(notion, p, [
      { image: { external: { url: "https://example.com/1.png" } } },
      { bookmark: { url: "https://example.com/" } },
      { equation: { expression: "a" } },
    ]);
    const i: any = await notion.blocks.update({ block_id: img.id, image: { external: { url: "https://example.com/2.png" } } });
    assert.deepEqual(i.image, { caption: [], type: "external", external: { url: "https://example.com/2.png" } });
    const ic: any = await notion.blocks.update({ block_id: img.id, image: { caption: text("c") } });
    assert.deepEqual(ic.image, { caption: rt("c"), type: "external", external: { url: "https://example.com/2.png" } });
    const b: any = await notion.blocks.update({ block_id: bm.id, bookmark: { url: "https://example.org/" } });
    assert.equal(b.bookmark.url, "https://example.org/");
    const e: any = await notion.blocks.update({ block_id: eq.id, equation: { expression: "b" } });
    assert.deepEqual(e.equation, { expression: "b" });
  });

  test("the block type cannot change", async () => {
    const p = await page();
    const [b] = await append(notion, p, [para("stay a paragraph")]);
    await rejects(notion.blocks.update({ block_id: b.id, heading_1: { rich_text: text("H") } } as any), {
      status: 400,
      code: "validation_error",
      message: /body\.heading_1 should be not present/,
    });
    const again: any = await notion.blocks.retrieve({ block_id: b.id });
    assert.equal(again.type, "paragraph");
    assert.equal(plain(again), "stay a paragraph");
  });

  test("table_width is immutable; the header flags are not", async () => {
    const p = await page();
    const [table] = await append(notion, p, [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a"), text("b")] } }] } }]);
    await rejects(notion.blocks.update({ block_id: table.id, table: { table_width: 3 } } as any), {
      status: 400,
      code: "validation_error",
      message: /table\.table_width should be not present/,
    });
    const t: any = await notion.blocks.update({ block_id: table.id, table: { has_row_header: true } });
    assert.deepEqual(t.table, { table_width: 2, has_column_header: false, has_row_header: true });
  });

  test("table_row cells are replaced", async () => {
    const p = await page();
    const [table] = await append(notion, p, [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a"), text("b")] } }] } }]);
    const [row] = await childrenOf(notion, table.id);
    const r: any = await notion.blocks.update({ block_id: row.id, table_row: { cells: [text("x"), text("y")] } });
    assert.deepEqual(r.table_row.cells, [rt("x"), rt("y")]);
  });

  test("a table_row update keeps the table's width", async () => {
    const p = await page();
    const [table] = await append(notion, p, [{ table: { table_width: 2, children: [{ table_row: { cells: [text("a"), text("b")] } }] } }]);
    const [row] = await childrenOf(notion, table.id);
    await rejects(notion.blocks.update({ block_id: row.id, table_row: { cells: [text("1"), text("2"), text("3")] } }), {
      status: 400,
      code: "validation_error",
      message: /^body failed validation: body\.table_row\.cells\.length should be `2`/,
    });
    await rejects(notion.blocks.update({ block_id: row.id, table_row: { cells: [text("1")] } }), { status: 400, code: "validation_error" });
    assert.deepEqual(((await notion.blocks.retrieve({ block_id: row.id })) as any).table_row.cells, [rt("a"), rt("b")]);
  });

  test("a synced reference may be re-pointed only at another visible original", async () => {
    const p = await page();
    const [one, two, paragraph] = await append(notion, p, [
      { synced_block: { synced_from: null, children: [para("one")] } },
      { synced_block: { synced_from: null, children: [para("two")] } },
      para("plain"),
    ]);
    const [ref] = await append(notion, p, [{ synced_block: { synced_from: { block_id: one.id } } }]);
    const moved: any = await notion.blocks.update({ block_id: ref.id, synced_block: { synced_from: { block_id: two.id } } });
    assert.deepEqual(moved.synced_block, { synced_from: { type: "block_id", block_id: two.id } });
    assert.deepEqual((await childrenOf(notion, ref.id)).map(plain), ["two"]);
    for (const target of [paragraph.id, ref.id])
      await rejects(notion.blocks.update({ block_id: ref.id, synced_block: { synced_from: { block_id: target } } }), {
        status: 400,
        code: "validation_error",
        message: `Block ${target} is not an original synced block.`,
      });
    await rejects(notion.blocks.update({ block_id: one.id, synced_block: { synced_from: { block_id: one.id } } }), {
      status: 400,
      code: "validation_error",
      message: `Block ${one.id} is not an original synced block.`,
    });
    await rejects(notion.blocks.update({ block_id: ref.id, synced_block: { synced_from: { block_id: MISSING_ID } } }), { status: 404, code: "object_not_found" });
    assert.deepEqual(((await notion.blocks.retrieve({ block_id: ref.id })) as any).synced_block.synced_from.block_id, two.id);
  });

  test("children cannot be given in an update", async () => {
    const p = await page();
    const [t] = await append(notion, p, [{ toggle: { rich_text: text("t") } }]);
    await rejects(notion.blocks.update({ block_id: t.id, toggle: { rich_text: text("t"), children: [para("x")] } } as any), {
      status: 400,
      code: "validation_error",
      message: /toggle\.children should be not present/,
    });
  });

  test("validation applies to updates: 2001 characters", async () => {
    const p = await page();
    const [b] = await append(notion, p, [para("short")]);
    await rejects(notion.blocks.update({ block_id: b.id, paragraph: { rich_text: text("z".repeat(2001)) } }), {
      status: 400,
      code: "validation_error",
      message: "body failed validation: body.paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.",
    });
  });

  test("last_edited_time stays minute-rounded and the editor is the bot", async () => {
    const p = await page();
    const [b] = await append(notion, p, [para("a")]);
    const u: any = await notion.blocks.update({ block_id: b.id, paragraph: { rich_text: text("b") } });
    assert.match(u.last_edited_time, /:00\.000Z$/);
    assert.deepEqual(u.last_edited_by, { object: "user", id: botId });
  });

  test("an unknown block is 404", async () => {
    await rejects(notion.blocks.update({ block_id: MISSING_ID, paragraph: { rich_text: [] } }), {
      status: 404,
      code: "object_not_found",
      message: new RegExp(`^Could not find block with ID: ${MISSING_ID}\\.`),
    });
  });
});

describe("trash: delete, restore, edit rules", () => {
  test("delete answers the block with in_trash true; it stays retrievable", async () => {
    const p = await page();
    const [b] = await append(notion, p, [para("bye")]);
    const deleted: any = await notion.blocks.delete({ block_id: b.id });
    assert.equal(deleted.id, b.id);
    assert.equal(deleted.in_trash, true);
    assert.equal(deleted.archived, true);
    assert.equal(plain(deleted), "bye");
    const again: any = await notion.blocks.retrieve({ block_id: b.id });
    assert.equal(again.in_trash, true);
    assert.deepEqual(await childrenOf(notion, p), []);
    assert.equal(((await notion.blocks.retrieve({ block_id: p })) as any).has_children, false);
  });

  test("trashed children are not listed; the rest keep their order", async () => {
    const p = await page();
    const blocks = await append(notion, p, [para("a"), para("b"), para("c"), para("d")]);
    await notion.blocks.delete({ block_id: blocks[1].id });
    await notion.blocks.update({ block_id: blocks[3].id, in_trash: true });
    assert.deepEqual((await childrenOf(notion, p)).map(plain), ["a", "c"]);
  });

  test("restore with in_trash:false puts the block back where it was", async () => {
    const p = await page();
    const blocks = await append(notion, p, [para("a"), para("b"), para("c")]);
    await notion.blocks.delete({ block_id: blocks[1].id });
    const restored: any = await notion.blocks.update({ block_id: blocks[1].id, in_trash: false });
    assert.equal(restored.in_trash, false);
    assert.deepEqual((await childrenOf(notion, p)).map(plain), ["a", "b", "c"]);
  });

  test("archived is the pre-2026 alias on blocks.update", async () => {
    const p = await page();
    const [b] = await append(notion, p, [para("a")]);
    const t: any = await notion.blocks.update({ block_id: b.id, archived: true });
    assert.equal(t.in_trash, true);
    const r: any = await notion.blocks.update({ block_id: b.id, archived: false });
    assert.equal(r.in_trash, false);
    await rejects(q.client({ version: "2026-03-11" }).blocks.update({ block_id: b.id, archived: true }), {
      status: 400,
      code: "validation_error",
      message: /body\.archived should be not present/,
    });
  });

  test("editing or appending to a trashed block fails with Notion's message", async () => {
    const p = await page();
    const [t] = await append(notion, p, [{ toggle: { rich_text: text("t") } }]);
    await notion.blocks.delete({ block_id: t.id });
    await rejects(notion.blocks.update({ block_id: t.id, toggle: { rich_text: text("x") } }), { status: 400, code: "validation_error", message: TRASHED });
    await rejects(append(notion, t.id, [para("x")]), { status: 400, code: "validation_error", message: TRASHED });
    const r: any = await notion.blocks.update({ block_id: t.id, in_trash: false, toggle: { rich_text: text("back") } });
    assert.equal(r.in_trash, false);
    assert.equal(plain(r), "back");
  });

  test("deleting a block that is already in the trash", async () => {
    // Quire treats a second delete as an edit of a trashed block; Notion's answer is not recorded.
    const p = await page();
    const [b] = await append(notion, p, [para("a")]);
    await notion.blocks.delete({ block_id: b.id });
    await rejects(notion.blocks.delete({ block_id: b.id }), { status: 400, code: "validation_error", message: TRASHED });
  });

  test("a trashed parent's own children stay readable by id", async () => {
    const p = await page();
    const [t] = await append(notion, p, [{ toggle: { rich_text: text("t"), children: [para("inner")] } }]);
    const [inner] = await childrenOf(notion, t.id);
    await notion.blocks.delete({ block_id: t.id });
    const got: any = await notion.blocks.retrieve({ block_id: inner.id });
    assert.equal(plain(got), "inner");
  });

  test("deleting a page through blocks.delete", async () => {
    const parent = await page();
    const child = await newPage(notion, parent, "Sub");
    const res: any = await notion.blocks.delete({ block_id: child });
    assert.equal(res.type, "child_page");
    assert.deepEqual(res.child_page, { title: "Sub" });
    assert.equal(res.in_trash, true);
    assert.deepEqual(await childrenOf(notion, parent), []);
  });

  for (const version of VERSIONS) {
    test(`block shape in ${version}: archived mirrors in_trash, gone from 2026-03-11`, async () => {
      const c = q.client({ version });
      const p = await page();
      const [b] = await append(c, p, [para("v")]);
      const [listed] = (await c.blocks.children.list({ block_id: p })).results as any[];
      const retrieved: any = await c.blocks.retrieve({ block_id: b.id });
      const updated: any = await c.blocks.update({ block_id: b.id, paragraph: { rich_text: text("w") } });
      const deleted: any = await c.blocks.delete({ block_id: b.id });
      const restored: any = await c.blocks.update({ block_id: b.id, in_trash: false });
      for (const res of [b, listed, retrieved, updated, deleted, restored]) {
        assert.equal(isFullBlock(res), true);
        if (atLeast(version, "2026-03-11")) assert.equal("archived" in res, false);
        else assert.equal(res.archived, res.in_trash);
      }
      assert.equal(deleted.in_trash, true);
      assert.equal(restored.in_trash, false);
    });
  }
});

describe("rich text", () => {
  test("links set text.link and href", async () => {
    const p = await page();
    const [b] = await append(notion, p, [{ paragraph: { rich_text: [{ text: { content: "site", link: { url: "https://example.com/x" } } }, { text: { content: " plain", link: null } }] } }]);
    assert.deepEqual(b.paragraph.rich_text, [textItem("site", "https://example.com/x"), textItem(" plain")]);
  });

  test("annotations are defaulted, partial ones merged with the defaults", async () => {
    const p = await page();
    const [b] = await append(notion, p, [
      { paragraph: { rich_text: [{ text: { content: "b" }, annotations: { bold: true } }, { text: { content: "c" }, annotations: { code: true, color: "purple" } }] } },
    ]);
    assert.deepEqual(
      b.paragraph.rich_text.map((r: any) => r.annotations),
      [
        { bold: true, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
        { bold: false, italic: false, strikethrough: false, underline: false, code: true, color: "purple" },
      ],
    );
  });

  test("an unknown annotation color is rejected", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ paragraph: { rich_text: [{ text: { content: "x" }, annotations: { color: "neon" } }] } }]), {
      status: 400,
      code: "validation_error",
      message: /annotations\.color/,
    });
  });

  test("user mention", async () => {
    const p = await page();
    const [b] = await append(notion, p, [{ paragraph: { rich_text: [{ mention: { user: { id: botId } } }] } }]);
    const [item] = b.paragraph.rich_text;
    assert.equal(item.type, "mention");
    // Notion answers a mentioned user in full (notion-sdk-php fixture client_blocks_retrieve_block_paragraph_mention_200).
    assert.deepEqual(item.mention, { type: "user", user: { object: "user", id: botId, name: "Quire Dev", avatar_url: null, type: "bot", bot: {} } });
    assert.equal(item.plain_text, "@Quire Dev");
    assert.equal(item.href, null);
  });

  test("user mention shows a person's email only with user_info_with_email", async () => {
    const p = await page();
    const ada = await q.admin("POST", "/_quire/v1/users", { name: "Ada", email: "ada@example.com" });
    const [b] = await append(notion, p, [{ paragraph: { rich_text: [{ mention: { user: { id: ada.body.id } } }] } }]);
    assert.deepEqual(b.paragraph.rich_text[0].mention.user, { object: "user", id: ada.body.id, name: "Ada", avatar_url: null, type: "person", person: { email: "ada@example.com" } });
    const noEmail = await q.integration("No email", ["read_content", "user_info_without_email"], [q.rootPageId]);
    const seen: any = await q.client({ auth: noEmail.token }).blocks.retrieve({ block_id: b.id });
    assert.deepEqual(seen.paragraph.rich_text[0].mention.user, { object: "user", id: ada.body.id, name: "Ada", avatar_url: null, type: "person", person: {} });
    const noInfo = await q.integration("No info", ["read_content"], [q.rootPageId]);
    const bare: any = await q.client({ auth: noInfo.token }).blocks.retrieve({ block_id: b.id });
    assert.deepEqual(bare.paragraph.rich_text[0].mention.user, { object: "user", id: ada.body.id });
    assert.equal(bare.paragraph.rich_text[0].plain_text, "@Ada");
  });

  test("page mention: title as plain_text, page URL as href", async () => {
    const p = await page();
    const target = await newPage(notion, q.rootPageId, "Mentioned Page");
    const targetPage: any = await notion.pages.retrieve({ page_id: target });
    const [b] = await append(notion, p, [{ paragraph: { rich_text: [...text("see "), { mention: { page: { id: target } } }] } }]);
    const item = b.paragraph.rich_text[1];
    assert.deepEqual(item.mention, { type: "page", page: { id: target } });
    assert.equal(item.plain_text, "Mentioned Page");
    // Notion's mention href is the bare-id page URL (…/<32 hex>), not the titled one.
    assert.equal(item.href, targetPage.url.replace(/\/[^/]*-([0-9a-f]{32})$/, "/$1"));
    assert.equal(plain(b), "see Mentioned Page");
  });

  test("date mention", async () => {
    const p = await page();
    const [b] = await append(notion, p, [
      {
        paragraph: {
          rich_text: [
            { mention: { date: { start: "2024-05-01" } } },
            { mention: { date: { start: "2024-05-01T09:00:00.000Z", end: "2024-05-03T17:00:00.000Z" } } },
          ],
        },
      },
    ]);
    const [one, range] = b.paragraph.rich_text;
    assert.deepEqual(one.mention, { type: "date", date: { start: "2024-05-01", end: null, time_zone: null } });
    assert.equal(one.plain_text, "2024-05-01");
    // Dates are shown to the minute with an offset (`Z` as `+00:00`): test/dates.test.ts.
    assert.deepEqual(range.mention.date, { start: "2024-05-01T09:00:00.000+00:00", end: "2024-05-03T17:00:00.000+00:00", time_zone: null });
    assert.equal(range.plain_text, "2024-05-01T09:00:00.000+00:00 → 2024-05-03T17:00:00.000+00:00");
    await rejects(append(notion, p, [{ paragraph: { rich_text: [{ mention: { date: { start: "May 1st" } } }] } }]), {
      status: 400,
      code: "validation_error",
      message: /mention\.date\.start/,
    });
  });

  test("template mentions inside a template block", async () => {
    const p = await page();
    const [t] = await append(notion, p, [
      {
        template: {
          rich_text: text("New day"),
          children: [
            {
              paragraph: {
                rich_text: [
                  { mention: { template_mention: { type: "template_mention_date", template_mention_date: "today" } } },
                  { mention: { template_mention: { type: "template_mention_user", template_mention_user: "me" } } },
                  { mention: { template_mention: { type: "template_mention_date", template_mention_date: "now" } } },
                ],
              },
            },
          ],
        },
      },
    ]);
    const [child] = await childrenOf(notion, t.id);
    const items = child.paragraph.rich_text;
    assert.deepEqual(items[0].mention, { type: "template_mention", template_mention: { type: "template_mention_date", template_mention_date: "today" } });
    assert.deepEqual(items[1].mention, { type: "template_mention", template_mention: { type: "template_mention_user", template_mention_user: "me" } });
    assert.deepEqual(
      items.map((i: any) => i.plain_text),
      ["@Today", "@Me", "@Now"],
    );
  });

  test("inline equations", async () => {
    const p = await page();
    const [b] = await append(notion, p, [{ paragraph: { rich_text: [...text("so "), { equation: { expression: "E=mc^2" } }] } }]);
    const eq = b.paragraph.rich_text[1];
    assert.deepEqual(eq, {
      type: "equation",
      equation: { expression: "E=mc^2" },
      annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
      plain_text: "E=mc^2",
      href: null,
    });
  });

  test("an empty text item is kept", async () => {
    const p = await page();
    const [b] = await append(notion, p, [{ paragraph: { rich_text: text("") } }]);
    assert.deepEqual(b.paragraph.rich_text, [textItem("")]);
  });

  test("an item with no known kind is rejected with every alternative", async () => {
    const p = await page();
    await rejects(append(notion, p, [{ paragraph: { rich_text: [{ bogus: true }] } }]), {
      status: 400,
      code: "validation_error",
      message: /^body failed validation\. Fix one:\n/,
    });
  });
});

describe("children.list pagination", () => {
  let p: string;
  before(async () => {
    p = await page("Long page");
    await append(notion, p, Array.from({ length: 100 }, (_, i) => para(`b${i}`)));
    await append(notion, p, Array.from({ length: 50 }, (_, i) => para(`b${100 + i}`)));
  });

  test("the first page holds 100 and points at the rest", async () => {
    const first = await notion.blocks.children.list({ block_id: p });
    assert.equal(first.object, "list");
    assert.equal(first.type, "block");
    assert.deepEqual(first.block, {});
    assert.equal(first.results.length, 100);
    assert.equal(first.has_more, true);
    assert.equal(typeof first.next_cursor, "string");
    const second = await notion.blocks.children.list({ block_id: p, start_cursor: first.next_cursor! });
    assert.equal(second.results.length, 50);
    assert.equal(second.has_more, false);
    assert.equal(second.next_cursor, null);
  });

  test("collectPaginatedAPI returns all 150 in order", async () => {
    const all = await collectPaginatedAPI(notion.blocks.children.list, { block_id: p });
    assert.equal(all.length, 150);
    assert.deepEqual(
      all.map(plain),
      Array.from({ length: 150 }, (_, i) => `b${i}`),
    );
  });

  test("iteratePaginatedAPI with page_size 40", async () => {
    const seen: string[] = [];
    for await (const b of iteratePaginatedAPI(notion.blocks.children.list, { block_id: p, page_size: 40 })) seen.push(plain(b));
    assert.equal(seen.length, 150);
    assert.equal(new Set(seen).size, 150);
    assert.equal(seen[149], "b149");
  });

  test("page_size 100 exactly at the end has no more", async () => {
    const q2 = await page("Exactly 100");
    await append(notion, q2, Array.from({ length: 100 }, (_, i) => para(`${i}`)));
    const res = await notion.blocks.children.list({ block_id: q2, page_size: 100 });
    assert.equal(res.results.length, 100);
    assert.equal(res.has_more, false);
    assert.equal(res.next_cursor, null);
  });

  test("a cursor from another list is rejected", async () => {
    const other = await page("Other list");
    const [b] = await append(notion, other, [para("x")]);
    await rejects(notion.blocks.children.list({ block_id: p, start_cursor: b.id }), { status: 400, code: "validation_error" });
  });

  test("an empty page lists nothing", async () => {
    const empty = await page("Empty");
    const res = await notion.blocks.children.list({ block_id: empty });
    assert.deepEqual(res.results, []);
    assert.equal(res.has_more, false);
    assert.equal(res.next_cursor, null);
  });
});

/**
 * Issue 10, exact values as recorded on Notion (2026-03-11 traffic, ultimate-notion
 * tests/cassettes), under every version.
 */
describe("exact values, under every version", () => {
  const texts = (blocks: any[]) => blocks.map(plain);
  for (const version of VERSIONS) {
    const client = () => q.client({ version });
    const after = (id: string) => (version === "2022-06-28" || version === "2025-09-03" ? { after: id } : { position: { type: "after_block", after_block: { id } } });

    test(`${version}: appending after a block answers the new blocks and every later sibling not in the trash`, async () => {
      const c = client();
      const p = await newPage(c, q.rootPageId, "Append after");
      const [a, b, gone] = await append(c, p, [para("a"), para("b"), para("gone"), para("c"), para("d")]);
      await c.blocks.delete({ block_id: gone.id });
      // test_append_blocks #8: one new heading after the second block → it and the two after it.
      const res: any = await c.blocks.children.append({ block_id: p, children: [para("x"), para("y")], ...after(b.id) } as any);
      assert.deepEqual(texts(res.results), ["x", "y", "c", "d"]);
      assert.equal(res.has_more, false);
      assert.equal(res.next_cursor, null);
      assert.deepEqual(texts(await childrenOf(c, p)), ["a", "b", "x", "y", "c", "d"]);
      // At the end (test_append_blocks #3, #7): only the new blocks; after the last block, the same.
      assert.deepEqual(texts(await append(c, p, [para("e")])), ["e"]);
      const last = (await childrenOf(c, p)).at(-1);
      assert.deepEqual(texts(await append(c, p, [para("f")], after(last.id))), ["f"]);
      // At the start: the new blocks and everything after them (unrecorded: as for after_block).
      if (version !== "2022-06-28") assert.deepEqual(texts(await append(c, p, [para("0")], { position: { type: "start" } })), ["0", "a", "b", "x", "y", "c", "d", "e", "f"]);
      void a;
    });

    test(`${version}: more than 100 later siblings are answered 100 at a time, with a cursor for the children list`, async () => {
      const c = client();
      const p = await newPage(c, q.rootPageId, "Many after");
      const [first] = await append(c, p, Array.from({ length: 100 }, (_, i) => para(`s${i}`)));
      await append(c, p, Array.from({ length: 20 }, (_, i) => para(`t${i}`)));
      const res: any = await c.blocks.children.append({ block_id: p, children: [para("new")], ...after(first.id) } as any);
      assert.equal(res.results.length, 100);
      assert.deepEqual(texts(res.results).slice(0, 3), ["new", "s1", "s2"]);
      assert.equal(res.has_more, true);
      const rest: any = await c.blocks.children.list({ block_id: p, start_cursor: res.next_cursor });
      assert.equal(texts(res.results).at(-1), "s99");
      assert.deepEqual(texts(rest.results), Array.from({ length: 20 }, (_, i) => `t${i}`));
    });

    test(`${version}: empty columns, a synced reference with children: [] and children: [] on update are accepted`, async () => {
      const c = client();
      const p = await newPage(c, q.rootPageId, "Empty children");
      // test_create_column_blocks #3–#4: two empty columns.
      const [list] = await append(c, p, [{ column_list: { children: [{ column: { children: [] } }, { column: { children: [], width_ratio: 0.25 } }] } }]);
      assert.equal(list.has_children, true);
      const columns = await childrenOf(c, list.id);
      assert.deepEqual(columns.map((col) => [col.type, col.has_children, col.column]), [["column", false, {}], ["column", false, { width_ratio: 0.25 }]]);
      // test_modify_column_blocks #14: one more empty column after the first.
      const added = await append(c, list.id, [{ type: "column", column: { children: [] } }], after(columns[0].id));
      assert.deepEqual(added.map((b) => [b.type, b.has_children, b.id === columns[1].id]), [["column", false, false], ["column", false, true]]);
      assert.deepEqual(await childrenOf(c, added[0].id), []);
      // test_create_sync_blocks #3–#4: a reference sent with an empty children array.
      const [original] = await append(c, p, [{ synced_block: { synced_from: null, children: [para("shared")] } }]);
      const [ref] = await append(c, p, [{ synced_block: { children: [], synced_from: { type: "block_id", block_id: original.id } } }]);
      assert.deepEqual(ref.synced_block, { synced_from: { type: "block_id", block_id: original.id } });
      assert.equal(ref.has_children, true);
      await rejects(append(c, p, [{ synced_block: { children: [para("x")], synced_from: { block_id: original.id } } }]), { status: 400, code: "validation_error" });
      // test_modify_basic_blocks #14–#15: children: [] inside the type object of an update.
      const [callout, todo] = await append(c, p, [{ callout: { rich_text: text("note") } }, { to_do: { rich_text: text("do") } }]);
      const updated: any = await c.blocks.update({ block_id: callout.id, callout: { rich_text: text("changed"), children: [] } } as any);
      assert.equal(plain(updated), "changed");
      assert.equal("children" in updated.callout, false);
      const checked: any = await c.blocks.update({ block_id: todo.id, to_do: { rich_text: text("done"), checked: true, children: [] } } as any);
      assert.equal(checked.to_do.checked, true);
      await rejects(c.blocks.update({ block_id: todo.id, to_do: { children: [para("x")] } } as any), {
        status: 400,
        code: "validation_error",
        message: /body\.to_do\.children should be not present/,
      });
    });

    test(`${version}: date mentions are stored to the minute with an offset; plain_text is the start`, async () => {
      const c = client();
      const p = await newPage(c, q.rootPageId, "Date mentions");
      const [b] = await append(c, p, [
        {
          paragraph: {
            rich_text: [
              // test_page_advanced #57 and test_mention #3.
              { mention: { date: { start: "1592-03-14T00:01:15Z", time_zone: "UTC" } } },
              { mention: { date: { start: "2022-01-01T00:00:00", time_zone: "UTC" } } },
              { mention: { date: { start: "2024-06-27T17:57:33", time_zone: "Europe/London" } } },
              { mention: { date: { start: "2022-12-16" } } },
            ],
          },
        },
      ]);
      const shown = [
        { start: "1592-03-14T00:01:00.000+00:00", end: null, time_zone: null },
        { start: "2022-01-01T00:00:00.000+00:00", end: null, time_zone: null },
        { start: "2024-06-27T17:57:00.000+01:00", end: null, time_zone: null },
        { start: "2022-12-16", end: null, time_zone: null },
      ];
      for (const got of [b, await c.blocks.retrieve({ block_id: b.id })] as any[]) {
        assert.deepEqual(got.paragraph.rich_text.map((i: any) => i.mention.date), shown);
        assert.deepEqual(got.paragraph.rich_text.map((i: any) => i.plain_text), shown.map((d) => d.start));
      }
    });
  }
});
