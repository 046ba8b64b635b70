/**
 * Notion-flavored Markdown (`markdown_version: "v2"`) and the Notion-Version 2026-12-01 markdown
 * rules, over HTTP: raw requests where SDK 5.26 cannot send `markdown_version` (it arrives with
 * @notionhq/client 5.29), the SDK everywhere else.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "@notionhq/client";
import fc from "fast-check";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { append, assertErrorBody, childrenOf, newPage, text } from "./helpers/api.js";

let q: TestQuire;
let notion: Client;
let botId: string;

const V = "2026-03-11";
const NEXT = "2026-12-01";
const hex = (id: string) => id.replace(/-/g, "");
const slug = (title: string) => title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
const pageUrl = (id: string, title: string) => `${q.url}/${slug(title) ? slug(title) + "-" : ""}${hex(id)}`;
const page = (title = "Markdown v2") => newPage(notion, q.rootPageId, title);
const para = (content: string, extra: Record<string, unknown> = {}) => ({ paragraph: { rich_text: text(content), ...extra } });

/** GET /markdown, `markdown_version` in the query when given. */
async function read(id: string, dialect?: string, version = V): Promise<any> {
  const res = await q.raw("GET", `/v1/pages/${id}/markdown${dialect ? `?markdown_version=${dialect}` : ""}`, { version });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}
const md2 = async (id: string) => (await read(id, "v2")).markdown as string;
const patch = (id: string, body: unknown, version = V) => q.raw("PATCH", `/v1/pages/${id}/markdown`, { version, body: JSON.stringify(body) });
const create = (body: Record<string, unknown>, version = V) =>
  q.raw("POST", "/v1/pages", { version, body: JSON.stringify({ parent: { page_id: q.rootPageId }, properties: { title: text("v2 page") }, ...body }) });

before(async () => {
  q = await startTestQuire();
  notion = q.client({ version: V });
  botId = (await notion.users.me({})).id;
});
after(() => q.close());

/** Blocks of a page as a comparable tree (type, payload, children), ids and times left out. */
async function tree(id: string): Promise<unknown[]> {
  const out = [];
  for (const b of await childrenOf(notion, id)) out.push({ type: b.type, payload: { ...b[b.type] }, children: b.has_children && b.type !== "child_page" ? await tree(b.id) : [] });
  return out;
}

describe("blocks → Notion-flavored Markdown", () => {
  test("blank lines between blocks, tabs only in lists, tag forms for children and colors", async () => {
    const id = await page("Every type v2");
    await append(notion, id, [
      para("Plain paragraph"),
      para("Red paragraph", { color: "red" }),
      { paragraph: { rich_text: [] } },
      { paragraph: { rich_text: text("Parent"), children: [para("child")] } },
      { heading_1: { rich_text: text("Heading one") } },
      { heading_2: { rich_text: text("Heading two"), color: "blue_background" } },
      { heading_3: { rich_text: text("Toggle heading"), is_toggleable: true, children: [para("under the heading")] } },
      { bulleted_list_item: { rich_text: text("bullet"), children: [{ bulleted_list_item: { rich_text: text("nested bullet") } }, para("paragraph in the bullet")] } },
      { numbered_list_item: { rich_text: text("first") } },
      { numbered_list_item: { rich_text: text("second") } },
      { to_do: { rich_text: text("done"), checked: true } },
      { to_do: { rich_text: text("colored task"), checked: true, color: "green" } },
      { quote: { rich_text: [{ text: { content: "line one\nline two" } }] } },
      { quote: { rich_text: text("Quote"), children: [para("quoted child")] } },
      { toggle: { rich_text: text("Toggle"), color: "gray", children: [para("hidden")] } },
      { callout: { rich_text: text("Callout text"), icon: { emoji: "🎯" }, color: "blue_background", children: [para("callout child")] } },
      { callout: { rich_text: text("Short callout"), icon: { emoji: "💡" } } },
      { code: { rich_text: text("def f(x):\n\n    return x * 2"), language: "python" } },
      { equation: { expression: "E = mc^2" } },
      { divider: {} },
      { table: { table_width: 2, has_column_header: true, children: [{ table_row: { cells: [text("a"), text("b")] } }, { table_row: { cells: [text("1"), text("2")] } }] } },
      { column_list: { children: [{ column: { children: [para("left")] } }, { column: { children: [para("right")] } }] } },
      { image: { external: { url: "https://example.com/cat.png" }, caption: text("A cat") } },
      { audio: { external: { url: "https://example.com/a.mp3" }, caption: text("Sound") } },
      { table_of_contents: { color: "gray" } },
    ]);
    const res = await read(id, "v2");
    assert.deepEqual({ ...res, markdown: undefined, request_id: undefined }, { object: "page_markdown", id, markdown: undefined, truncated: false, unknown_block_ids: [], request_id: undefined });
    assert.equal(
      res.markdown,
      [
        "Plain paragraph",
        "",
        '<p color="red">Red paragraph</p>',
        "",
        "<empty-block/>",
        "",
        "<p>",
        "Parent",
        "",
        "child",
        "",
        "</p>",
        "",
        "# Heading one",
        "",
        '<h2 color="blue_bg">Heading two</h2>',
        "",
        '<h3 toggle="true">',
        "Toggle heading",
        "",
        "under the heading",
        "",
        "</h3>",
        "",
        "- bullet",
        "\t- nested bullet",
        "",
        "\tparagraph in the bullet",
        "1. first",
        "2. second",
        "- [x] done",
        "",
        '<to_do checked="true" color="green">colored task</to_do>',
        "",
        "> line one<br>line two",
        "",
        "<quote>",
        "Quote",
        "",
        "quoted child",
        "",
        "</quote>",
        "",
        '<toggle color="gray">',
        "Toggle",
        "",
        "hidden",
        "",
        "</toggle>",
        "",
        '<callout icon="🎯" color="blue_bg">',
        "Callout text",
        "",
        "callout child",
        "",
        "</callout>",
        "",
        '<callout icon="💡">Short callout</callout>',
        "",
        "```python",
        "def f(x):",
        "",
        "    return x * 2",
        "```",
        "",
        "$$",
        "E = mc^2",
        "$$",
        "",
        "---",
        "",
        '<table header-row="true">',
        "<tr>",
        "<td>a</td>",
        "<td>b</td>",
        "</tr>",
        "<tr>",
        "<td>1</td>",
        "<td>2</td>",
        "</tr>",
        "</table>",
        "",
        "<columns>",
        "",
        "<column>",
        "",
        "left",
        "",
        "</column>",
        "",
        "<column>",
        "",
        "right",
        "",
        "</column>",
        "",
        "</columns>",
        "",
        "![A cat](https://example.com/cat.png)",
        "",
        '<audio src="https://example.com/a.mp3">Sound</audio>',
        "",
        '<table_of_contents color="gray"/>',
      ].join("\n"),
    );
    // Without markdown_version, 2026-03-11 answers enhanced markdown (v1), as before.
    const v1 = (await notion.pages.retrieveMarkdown({ page_id: id })) as any;
    assert.equal(v1.markdown.split("\n").slice(0, 5).join("\n"), 'Plain paragraph\nRed paragraph {color="red"}\n<empty-block/>\nParent\n\tchild');
    assert.equal((await read(id, "v1")).markdown, v1.markdown);
  });

  test("sub-pages, databases, synced blocks and <unknown> blocks; rich text as in v1", async () => {
    const id = await page("Tags v2");
    const sub = await newPage(notion, id, "Sub page");
    const db: any = await notion.databases.create({ parent: { page_id: id }, title: text("Tasks"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const [synced] = await append(notion, id, [{ synced_block: { synced_from: null, children: [para("shared"), para("twice")] } }]);
    const [, bookmark] = await append(notion, id, [
      { synced_block: { synced_from: { block_id: synced.id } } },
      { bookmark: { url: "https://example.com" } },
      {
        paragraph: {
          rich_text: [
            { text: { content: "bold" }, annotations: { bold: true } },
            { text: { content: " {color=\"red\"} " } },
            { mention: { user: { id: botId } } },
            { text: { content: " " } },
            { equation: { expression: "x^2" } },
          ],
        },
      },
    ]);
    const base = pageUrl(id, "Tags v2");
    const res = await read(id, "v2");
    assert.equal(
      res.markdown,
      [
        `<page url="${pageUrl(sub, "Sub page")}">Sub page</page>`,
        "",
        `<database url="${q.url}/${hex(db.id)}">Tasks</database>`,
        "",
        `<synced_block url="${base}#${hex(synced.id)}">`,
        "",
        "shared",
        "",
        "twice",
        "",
        "</synced_block>",
        "",
        `<synced_block_reference url="${base}#${hex(synced.id)}">`,
        "",
        "shared",
        "",
        "twice",
        "",
        "</synced_block_reference>",
        "",
        `<unknown url="${base}#${hex(bookmark.id)}" alt="bookmark"/>`,
        "",
        `**bold** \\{color="red"\\} <mention-user url="user://${botId}">Quire Dev</mention-user> $x^2$`,
      ].join("\n"),
    );
    assert.deepEqual(res.unknown_block_ids, [bookmark.id]);
    // An id from unknown_block_ids (or any block) reads as its subtree, in the dialect asked for.
    assert.equal(await md2(synced.id), `<synced_block url="${base}#${hex(synced.id)}">\n\nshared\n\ntwice\n\n</synced_block>`);
  });
});

describe("Notion-flavored Markdown → blocks", () => {
  test("a single newline does not start a block; blank lines do; {color} is text; tags carry colors and children", async () => {
    const res = await create({
      markdown_version: "v2",
      markdown: [
        "line one",
        "line two",
        "",
        'Colored? {color="red"}',
        "",
        "# Heading",
        "right after the heading",
        "",
        "- one",
        "- two",
        "\t- nested",
        "",
        "\tunder two",
        "- three",
        "continued",
        "1. first",
        "",
        "> quoted",
        "> still the same quote",
        "",
        '<p color="yellow_bg">',
        "Parent",
        "",
        "Child one",
        "",
        "Child two",
        "</p>",
        "",
        "<toggle>",
        "- a list straight inside",
        "</toggle>",
        "",
        '<callout icon="⚠️" color="red_bg">Careful</callout>',
        "",
        '<h2 toggle="true" color="purple">',
        "Folded",
        "",
        "inside",
        "</h2>",
        "",
        '<to_do checked="true">finished</to_do>',
        "",
        "<details>",
        "<summary>Old style</summary>",
        "\tstill a toggle",
        "</details>",
      ].join("\n"),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const blocks = await childrenOf(notion, res.body.id);
    assert.deepEqual(
      blocks.map((b) => b.type),
      ["paragraph", "paragraph", "heading_1", "paragraph", "bulleted_list_item", "bulleted_list_item", "bulleted_list_item", "numbered_list_item", "quote", "paragraph", "toggle", "callout", "heading_2", "to_do", "toggle"],
    );
    const plain = (b: any) => b[b.type].rich_text.map((r: any) => r.plain_text).join("");
    assert.equal(plain(blocks[0]), "line one\nline two", "one paragraph, the newline a line break");
    assert.equal(plain(blocks[1]), 'Colored? {color="red"}', "v2 keeps {color=…} as text");
    assert.equal(blocks[1].paragraph.color, "default");
    assert.equal(plain(blocks[3]), "right after the heading");
    const two = await childrenOf(notion, blocks[5].id);
    assert.deepEqual(two.map((b) => [b.type, plain(b)]), [["bulleted_list_item", "nested"], ["paragraph", "under two"]]);
    assert.equal(plain(blocks[6]), "three\ncontinued");
    assert.equal(plain(blocks[8]), "quoted\nstill the same quote");
    assert.equal(blocks[9].paragraph.color, "yellow_background");
    assert.equal(plain(blocks[9]), "Parent");
    assert.deepEqual((await childrenOf(notion, blocks[9].id)).map(plain), ["Child one", "Child two"]);
    assert.equal(plain(blocks[10]), "", "a list right after <toggle> is its first child, not its text");
    assert.deepEqual((await childrenOf(notion, blocks[10].id)).map((b) => b.type), ["bulleted_list_item"]);
    assert.deepEqual([blocks[11].callout.icon, blocks[11].callout.color, plain(blocks[11])], [{ type: "emoji", emoji: "⚠️" }, "red_background", "Careful"]);
    assert.deepEqual([blocks[12].heading_2.is_toggleable, blocks[12].heading_2.color], [true, "purple"]);
    assert.deepEqual((await childrenOf(notion, blocks[12].id)).map(plain), ["inside"]);
    assert.equal(blocks[13].to_do.checked, true);
    assert.deepEqual([plain(blocks[14]), (await childrenOf(notion, blocks[14].id)).map(plain)], ["Old style", ["still a toggle"]]);
  });

  test("round trip: blocks → v2 → blocks keeps content and formatting, and the markdown is a fixed point", async () => {
    const source = await page("Round trip v2");
    const target = await newPage(notion, source, "Mentioned");
    await append(notion, source, [
      { heading_1: { rich_text: text("Title") } },
      {
        paragraph: {
          rich_text: [
            { text: { content: "Mixed " } },
            { text: { content: "bold italic" }, annotations: { bold: true, italic: true } },
            { text: { content: " and " } },
            { text: { content: "linked code", link: { url: "https://example.com/" } }, annotations: { code: true } },
            { text: { content: " " } },
            { text: { content: "blue under" }, annotations: { color: "blue", underline: true, strikethrough: true } },
            { text: { content: "\nsecond line " } },
            { equation: { expression: "\\frac{a}{b}" } },
            { text: { content: " " } },
            { mention: { page: { id: target } } },
            { text: { content: " 1 < 2 > 0 {x} [y] *z*" } },
          ],
          color: "purple_background",
          children: [para("child of a colored paragraph")],
        },
      },
      { heading_3: { rich_text: text("Toggled"), is_toggleable: true, color: "green", children: [para("inside"), { toggle: { rich_text: text("deeper"), children: [para("deepest")] } }] } },
      { bulleted_list_item: { rich_text: text("one"), color: "red", children: [{ numbered_list_item: { rich_text: text("deep") } }, { to_do: { rich_text: text("task"), checked: true } }] } },
      { bulleted_list_item: { rich_text: text("two"), children: [{ quote: { rich_text: text("quoted"), children: [para("q child")] } }, { code: { rich_text: text("a\n\n\tb"), language: "javascript" } }] } },
      { quote: { rich_text: text("two\nlines"), color: "orange" } },
      { toggle: { rich_text: [], children: [para("untitled toggle")] } },
      { toggle: { rich_text: text("Empty toggle") } },
      { callout: { rich_text: [], icon: { emoji: "⚠️" }, color: "red_background", children: [{ bulleted_list_item: { rich_text: text("point") } }] } },
      { table: { table_width: 3, has_column_header: true, has_row_header: true, children: [{ table_row: { cells: [text("h1"), text("h2"), [{ text: { content: "h3" }, annotations: { bold: true } }]] } }, { table_row: { cells: [text("x"), [], text("z")] } }] } },
      { column_list: { children: [{ column: { children: [para("L1"), para("L2")] } }, { column: { children: [{ heading_2: { rich_text: text("R") } }] } }] } },
      { paragraph: { rich_text: [], color: "blue" } },
      { paragraph: { rich_text: [] } },
      para("- not a list"),
      para("# not a heading"),
      para("1. not numbered"),
      para("  leading spaces"),
      para("---"),
      para("<toggle> is text"),
    ]);
    const first = await md2(source);
    const withoutSubPage = first.split("\n\n").filter((l) => !l.startsWith("<page ")).join("\n\n");
    const copy = await create({ markdown: withoutSubPage, markdown_version: "v2" });
    assert.equal(copy.status, 200, JSON.stringify(copy.body));
    const original = (await tree(source)).filter((b: any) => b.type !== "child_page");
    assert.deepEqual(await tree(copy.body.id), original);
    assert.equal(await md2(copy.body.id), withoutSubPage);
  });
});

describe("limits in v2", () => {
  test("a long multi-line paragraph is one block of merged text; tags nested past the limit are refused at once", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}`);
    const res = await create({ markdown: lines.join("\n"), markdown_version: "v2" });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [only, ...rest] = await childrenOf(notion, res.body.id);
    assert.equal(rest.length, 0);
    assert.equal(only.paragraph.rich_text.length, 2, "runs of plain text join (2,000 characters an item), not one item per line");
    assert.equal(only.paragraph.rich_text.map((r: any) => r.plain_text).join(""), lines.join("\n"));
    const t0 = performance.now();
    const deep = await create({ markdown: "<toggle>\n".repeat(40_000), markdown_version: "v2" });
    assertErrorBody(deep, { status: 400, code: "validation_error", message: "The markdown nests blocks more than 100 levels deep." });
    assert.ok(performance.now() - t0 < 5_000, "found in one pass, not level by level");
  });
});

describe("markdown_version where Notion takes it", () => {
  test("GET query, PATCH body, pages.create next to markdown, allow_async tasks: the whole request in one dialect", async () => {
    const id = await page("Dialects");
    let res = await patch(id, { type: "replace_content", markdown_version: "v2", replace_content: { new_str: "first\nstill first\n\nsecond" } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.markdown, "first<br>still first\n\nsecond", "read as v2, answered in v2");
    res = await patch(id, { type: "insert_content", insert_content: { content: "third {color=\"red\"}" } });
    assert.equal(res.body.markdown, "first<br>still first\nsecond\nthird {color=\"red\"}", "without markdown_version: v1 on 2026-03-11");
    assert.equal((await childrenOf(notion, id))[2].paragraph.color, "red");
    res = await patch(id, { type: "update_content", markdown_version: "v1", update_content: { content_updates: [{ old_str: "second", new_str: "2nd" }] } });
    assert.equal(res.body.markdown, "first<br>still first\n2nd\nthird {color=\"red\"}");
    const task = await patch(id, { type: "insert_content", allow_async: true, markdown_version: "v2", insert_content: { content: "<toggle>\nasync\n\nchild\n</toggle>" } });
    assert.equal(task.status, 202);
    const done = await settle(task.body.id);
    assert.equal(done.status, "succeeded", JSON.stringify(done));
    assert.equal(done.result.markdown, 'first<br>still first\n\n2nd\n\n<p color="red">third</p>\n\n<toggle>\nasync\n\nchild\n\n</toggle>');
    const created = await create({ properties: undefined, markdown: "# From v2\nparagraph", markdown_version: "v2", allow_async: true });
    const made = await settle(created.body.id);
    assert.equal(made.result.properties.title.title[0].plain_text, "From v2");
    assert.equal(await md2(made.result.id), "# From v2\n\nparagraph");
  });

  test("bad values, and markdown_version without markdown, are 400 validation_error", async () => {
    const id = await page("Dialect errors");
    assertErrorBody(await q.raw("GET", `/v1/pages/${id}/markdown?markdown_version=v3`, { version: V }), {
      status: 400,
      code: "validation_error",
      message: 'query failed validation: query.markdown_version should be `"v1"` or `"v2"`, instead was `"v3"`.',
    });
    assertErrorBody(await patch(id, { type: "replace_content", markdown_version: 2, replace_content: { new_str: "x" } }), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.markdown_version should be `"v1"` or `"v2"`, instead was `2`.',
    });
    assertErrorBody(await create({ markdown: "x", markdown_version: "V2" }), { status: 400, code: "validation_error", message: /body\.markdown_version should be `"v1"` or `"v2"`, instead was `"V2"`/ });
    assertErrorBody(await create({ children: [para("x")], markdown_version: "v2" }), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.markdown_version should be not present when `children` is given (it goes with `markdown`), instead was `"v2"`.',
    });
    const comment = (body: Record<string, unknown>) => q.raw("POST", "/v1/comments", { version: V, body: JSON.stringify({ parent: { page_id: id }, ...body }) });
    assertErrorBody(await comment({ rich_text: text("x"), markdown_version: "v2" }), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.markdown_version should be not present when `rich_text` is given (it goes with `markdown`), instead was `"v2"`.',
    });
    assertErrorBody(await comment({ markdown: "x", markdown_version: "v9" }), { status: 400, code: "validation_error", message: /body\.markdown_version should be `"v1"` or `"v2"`/ });
    const ok = await comment({ markdown: "**both** dialects read *inline* alike", markdown_version: "v2" });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.rich_text.map((r: any) => [r.plain_text, r.annotations.bold, r.annotations.italic]), [["both", true, false], [" dialects read ", false, false], ["inline", false, true], [" alike", false, false]]);
    const updated = await q.raw("PATCH", `/v1/comments/${ok.body.id}`, { version: V, body: JSON.stringify({ markdown: "~~edited~~", markdown_version: "v2" }) });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.rich_text[0].annotations.strikethrough, true);
    assert.equal(await md2(id), "", "nothing was written by the refused requests");
  });

  test("access is checked whatever the dialect: unshared → 404, no read_content → 403", async () => {
    const id = await page("Dialect access");
    const outsider = await q.integration("v2 outsider");
    assertErrorBody(await q.raw("GET", `/v1/pages/${id}/markdown?markdown_version=v2`, { version: V, auth: outsider.token }), { status: 404, code: "object_not_found" });
    const writer = await q.integration("v2 writer", ["insert_content", "update_content"], [id]);
    assertErrorBody(await q.raw("GET", `/v1/pages/${id}/markdown?markdown_version=v2`, { version: V, auth: writer.token }), { status: 403, code: "restricted_resource" });
    const res = await q.raw("PATCH", `/v1/pages/${id}/markdown`, { version: V, auth: writer.token, body: JSON.stringify({ type: "replace_content", markdown_version: "v2", replace_content: { new_str: "written" } }) });
    assert.deepEqual({ ...res.body, request_id: undefined }, { object: "page_markdown", id, request_id: undefined }, "a writer that cannot read gets the partial answer");
  });
});

describe("Notion-Version 2026-12-01", () => {
  test("v2 is the default and markdown_version v1 is refused everywhere", async () => {
    const created = await create({ markdown: "# Next\nline\nsame paragraph" }, NEXT);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal((await read(id, undefined, NEXT)).markdown, "# Next\n\nline<br>same paragraph", "read and written as v2 by default");
    assert.equal((await read(id, "v2", NEXT)).markdown, "# Next\n\nline<br>same paragraph");
    const refused = 'should be `"v2"`, instead was `"v1"`.';
    assertErrorBody(await q.raw("GET", `/v1/pages/${id}/markdown?markdown_version=v1`, { version: NEXT }), { status: 400, code: "validation_error", message: `query failed validation: query.markdown_version ${refused}` });
    assertErrorBody(await patch(id, { type: "replace_content", markdown_version: "v1", replace_content: { new_str: "x" } }, NEXT), { status: 400, code: "validation_error", message: `body failed validation: body.markdown_version ${refused}` });
    assertErrorBody(await create({ markdown: "x", markdown_version: "v1" }, NEXT), { status: 400, code: "validation_error", message: `body failed validation: body.markdown_version ${refused}` });
    assertErrorBody(await q.raw("POST", "/v1/comments", { version: NEXT, body: JSON.stringify({ parent: { page_id: id }, markdown: "x", markdown_version: "v1" }) }), {
      status: 400,
      code: "validation_error",
      message: `body failed validation: body.markdown_version ${refused}`,
    });
    // The same requests are fine on 2026-03-11.
    assert.equal((await read(id, "v1")).markdown, "# Next\nline<br>same paragraph");
  });

  test("replace_content_range returns an error; insert_content.after must match the start of one block", async () => {
    const id = (await create({ markdown: "# Notes\n\nalpha\n\nbeta\n\n<toggle>\nBox\n\nalpha inside\n</toggle>" }, NEXT)).body.id;
    assertErrorBody(await patch(id, { type: "replace_content_range", replace_content_range: { content: "x", content_range: "alpha...beta" } }, NEXT), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.type should be `"insert_content"`, `"update_content"`, or `"replace_content"`, instead was `"replace_content_range"`.',
    });
    const insert = (after: string, content = "inserted") => patch(id, { type: "insert_content", insert_content: { content, after } }, NEXT);
    assertErrorBody(await insert("# Notes...beta"), { status: 400, code: "validation_error", message: "The after anchor `\"# Notes...beta\"` does not match the start of any block in the page." });
    assertErrorBody(await insert("alpha"), { status: 400, code: "validation_error", message: "The after anchor `\"alpha\"` matches the start of 2 blocks in the page; it must match the start of one block." });
    assertErrorBody(await insert("lpha"), { status: 400, code: "validation_error", message: /does not match the start of any block/ });
    const res = await insert("alpha i", "- new item");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.markdown, "# Notes\n\nalpha\n\nbeta\n\n<toggle>\nBox\n\nalpha inside\n\n- new item\n\n</toggle>", "after the block, in its container");
    // Both still work on 2026-03-11: the ellipsis selection and replace_content_range.
    assert.equal((await patch(id, { type: "insert_content", markdown_version: "v2", insert_content: { content: "gamma", after: "# Notes...beta" } })).status, 200);
    const range = await patch(id, { type: "replace_content_range", markdown_version: "v2", replace_content_range: { content: "BETA", content_range: "beta" } });
    assert.equal(range.status, 200, JSON.stringify(range.body));
    assert.match(range.body.markdown, /^# Notes\n\nalpha\n\nBETA\n\ngamma\n\n<toggle>/);
  });
});

describe("insert_content position after_content (every version)", () => {
  test("after the one block whose markdown starts with the anchor, at any depth, in both dialects", async () => {
    const id = await page("Anchors");
    const [, toggle] = await append(notion, id, [
      { heading_2: { rich_text: text("Agenda") } },
      { toggle: { rich_text: text("Box"), children: [para("inner one"), para("inner two")] } },
      { bulleted_list_item: { rich_text: text("item"), children: [{ bulleted_list_item: { rich_text: text("sub") } }] } },
      para("tail"),
    ]);
    const before = (await childrenOf(notion, toggle.id)).map((b) => b.id);
    const at = (anchor: string, content: string, dialect?: string, version = V) =>
      patch(id, { type: "insert_content", ...(dialect ? { markdown_version: dialect } : {}), insert_content: { content, position: { type: "after_content", anchor } } }, version);
    let res = await at("\tinner one", "between");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.markdown, "## Agenda\n<details>\n<summary>Box</summary>\n\tinner one\n\tbetween\n\tinner two\n</details>\n- item\n\t- sub\ntail", "v1: an indented anchor, as pasted from the page, names the nested block");
    const after = await childrenOf(notion, toggle.id);
    assert.deepEqual([after[0].id, after[2].id], before, "the blocks around keep their ids");
    res = await at("- item", "- next item", "v2");
    assert.equal(res.body.markdown, "## Agenda\n\n<toggle>\nBox\n\ninner one\n\nbetween\n\ninner two\n\n</toggle>\n\n- item\n\t- sub\n- next item\n\ntail", "v2: after the item and its children, in the same list");
    res = await at("## Agenda", "Intro line one\nline two", undefined, "2025-09-03");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await childrenOf(notion, id))[1].paragraph.rich_text[0].plain_text, "Intro line one", "v1 on 2025-09-03: one block per line");
    res = await at("## Agenda", "in v2 one\nparagraph", "v2", NEXT);
    assert.equal((await childrenOf(notion, id))[1].paragraph.rich_text.map((r: any) => r.plain_text).join(""), "in v2 one\nparagraph");
    res = await at("<toggle>\nBox\n\ninner one", "after the toggle", "v2");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.markdown, /\n<\/toggle>\n\nafter the toggle\n\n- item\n/, "a multi-line anchor names the block it starts");
    assertErrorBody(await at("nowhere", "x"), { status: 400, code: "validation_error", message: "The position anchor `\"nowhere\"` does not match the start of any block in the page." });
    assertErrorBody(await at("", "x"), { status: 400, code: "validation_error", message: "body failed validation: body.insert_content.position.anchor.length should be ≥ `1`, instead was `0`." });
    assertErrorBody(await patch(id, { type: "insert_content", insert_content: { content: "x", after: "tail", position: { type: "after_content", anchor: "tail" } } }), {
      status: 400,
      code: "validation_error",
      message: /body\.insert_content\.position should be not present when `after` is given/,
    });
    assertErrorBody(await patch(id, { type: "insert_content", insert_content: { content: "x", position: { type: "after_block", anchor: "tail" } } }), {
      status: 400,
      code: "validation_error",
      message: 'body failed validation: body.insert_content.position.type should be `"start"`, `"end"`, `"after_content"`, instead was `"after_block"`.',
    });
  });
});

describe("edits in v2", () => {
  test("update_content edits in place: untouched blocks keep their ids, and so does the edited one", async () => {
    const id = await page("Edits v2");
    const blocks = await append(notion, id, [para("alpha"), { toggle: { rich_text: text("box"), children: [para("beta")] } }, para("gamma")]);
    const kid = (await childrenOf(notion, blocks[1].id))[0].id;
    const res = await patch(id, { type: "update_content", markdown_version: "v2", update_content: { content_updates: [{ old_str: "beta", new_str: "**BETA**" }, { old_str: "\n\ngamma", new_str: "\ngamma" }] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.markdown, "alpha\n\n<toggle>\nbox\n\n**BETA**\n\n</toggle>\n\ngamma", "a closing tag then a single newline: still its own block");
    assert.deepEqual((await childrenOf(notion, id)).map((b) => b.id), blocks.map((b) => b.id));
    assert.equal((await childrenOf(notion, blocks[1].id))[0].id, kid);
  });

  test("removing the blank line between two paragraphs makes them one (the first keeps its id)", async () => {
    const id = await page("Join v2");
    const [one] = await append(notion, id, [para("one"), para("two")]);
    const res = await patch(id, { type: "update_content", markdown_version: "v2", update_content: { content_updates: [{ old_str: "one\n\ntwo", new_str: "one\ntwo" }] } });
    assert.equal(res.body.markdown, "one<br>two");
    assert.deepEqual((await childrenOf(notion, id)).map((b) => b.id), [one.id]);
  });
});

/** Polls a task until it is done. */
async function settle(id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const t: any = await notion.asyncTasks.retrieve({ task_id: id });
    if (t.status === "succeeded" || t.status === "failed") return t;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("task did not finish");
}

describe("any Notion-flavored Markdown", () => {
  // Pieces of both dialects glued at random: never a 500, and what the server renders in v2 reads
  // back in v2 as itself (render ∘ parse is idempotent).
  const piece = fc.constantFrom(
    "# ", "## ", "#### ", "- ", "1. ", "- [ ] ", "- [x] ", "> ", "\t", "\n", "\n\n", "**", "*", "~~", "`", "$", "$$", "```", "---", "[", "](https://example.com/a)", "<br>",
    '<span color="red">', "</span>", "<callout>", "</callout>", '<callout icon="🎯" color="red_bg">', "<toggle>", "</toggle>", '<toggle color="red">', "<p>", "</p>", '<p color="blue_bg">', "<quote>",
    "</quote>", '<h2 toggle="true">', "</h2>", "<h3>", "</h3>", '<to_do checked="true" color="red">', "</to_do>", '<bulleted_list_item color="red">', "</bulleted_list_item>", "<details>",
    "<summary>", "</summary>", "</details>", "<columns>", "<column>", "</column>", "</columns>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "| a | b |\n|---|---|\n| 1 | 2 |",
    "<empty-block/>", '{color="blue"}', '<mention-date start="2026-01-02"/>', '<mention-user url="user://nobody">x</mention-user>', '<page url="x">p</page>', '<unknown url="x#y"/>', "\\", "<", ">", "{", "}", "|", "text", "more words", " ", "é ✓ 🎯", "![c](https://example.com/i.png)", '<video src="https://example.com/v.mp4">v</video>',
    "<table_of_contents/>",
  );
  const markdownArb = fc.array(piece, { maxLength: 40 }).map((a) => a.join(""));
  const make = (parent: string, m: string) => q.raw("POST", "/v1/pages", { version: V, body: JSON.stringify({ parent: { page_id: parent }, properties: { title: text("p") }, markdown: m, markdown_version: "v2" }) });

  test("never a 500; the rendered v2 markdown reads back as itself", { timeout: 120_000 }, async () => {
    const parent = await page("Property v2");
    await fc.assert(
      fc.asyncProperty(markdownArb, async (markdown) => {
        const first = await make(parent, markdown);
        assert.ok(first.status === 200 || (first.status === 400 && first.body.code === "validation_error"), JSON.stringify(first.body));
        if (first.status !== 200) return;
        const m1 = await md2(first.body.id);
        const second = await make(parent, m1);
        assert.equal(second.status, 200, JSON.stringify(second.body));
        assert.equal(await md2(second.body.id), m1);
      }),
      { numRuns: Number(process.env.MD_RUNS ?? 150), seed: Number(process.env.MD_SEED ?? 20261201) },
    );
  });

  test("replace_content in v2 over any content ends where creating from scratch does", { timeout: 120_000 }, async () => {
    const parent = await page("Property replace v2");
    await fc.assert(
      fc.asyncProperty(markdownArb, markdownArb, async (from, to) => {
        const a = await make(parent, from);
        const b = await make(parent, to);
        if (a.status !== 200 || b.status !== 200) return;
        const target = await md2(b.body.id);
        const res = await patch(a.body.id, { type: "replace_content", markdown_version: "v2", replace_content: { new_str: target, allow_deleting_content: true } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.markdown, target);
        assert.equal(await md2(a.body.id), target);
      }),
      { numRuns: Number(process.env.MD_RUNS ?? 100), seed: Number(process.env.MD_SEED ?? 20261201) },
    );
  });
});
