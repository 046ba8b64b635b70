/**
 * The page editor's pure parts (web/src/page/mapping.ts, diff.ts) without a browser: Notion
 * blocks → BlockNote blocks → Notion bodies gives back what was loaded (annotations, colours,
 * links, mentions, to-do state, code language, toggleable headings, callout icons, tables,
 * media, opaque blocks), and the diff of two documents is the fewest /v1 calls in a safe order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPayload, toEditor, toInline, toNotion, toRich, type EBlock, type Extras, type NotionTree } from "../web/src/page/mapping.js";
import { diff, lcs, snapshot } from "../web/src/page/diff.js";

const ann = (o: Record<string, unknown> = {}) => ({ bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default", ...o });
const text = (content: string, o: Record<string, unknown> = {}, url: string | null = null) => ({ type: "text", text: { content, link: url ? { url } : null }, annotations: ann(o), plain_text: content, href: url });
const mention = { type: "mention", mention: { type: "user", user: { object: "user", id: "7c0e5a5e-0000-4000-8000-000000000001" } }, annotations: ann(), plain_text: "@Ada", href: null };
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
const block = (type: string, value: Record<string, unknown>, children?: NotionTree[]): NotionTree => ({ object: "block", id: id(), type, [type]: value, has_children: !!children?.length, children });
/** What the server would answer for a body as sent (plain_text, href filled in). */
const served = (rich: any[]) => rich.map((t) => (t.type === "text" ? { ...t, plain_text: t.text.content, href: t.text.link?.url ?? null } : t));

test("rich text: annotations, colours, links and mentions round-trip", () => {
  const rich = [text("bold ", { bold: true }), text("red", { color: "red", italic: true }), text(" on yellow", { color: "yellow_background", underline: true, strikethrough: true }), text("link", {}, "https://example.com/a"), mention, text("code", { code: true })];
  assert.deepEqual(served(toRich(toInline(rich))), rich);
});

test("rich text: adjacent items with one look merge, text over 2000 characters splits", () => {
  const merged = toRich([{ type: "text", text: "a", styles: { bold: true } }, { type: "text", text: "b", styles: { bold: true } }]);
  assert.deepEqual(merged, [{ type: "text", text: { content: "ab", link: null }, annotations: ann({ bold: true }) }]);
  const long = toRich([{ type: "text", text: "x".repeat(4500), styles: {} }]);
  assert.deepEqual(long.map((t) => t.text.content.length), [2000, 2000, 500]);
});

test("every mapped block type maps back to the body it was loaded from", () => {
  const blocks: NotionTree[] = [
    block("paragraph", { rich_text: [text("p")], color: "blue" }),
    block("heading_1", { rich_text: [text("h1")], color: "default", is_toggleable: false }),
    block("heading_3", { rich_text: [text("h3")], color: "red_background", is_toggleable: true }, [block("paragraph", { rich_text: [text("inside")], color: "default" })]),
    block("bulleted_list_item", { rich_text: [text("b")], color: "default" }, [block("numbered_list_item", { rich_text: [text("n")], color: "default" })]),
    block("to_do", { rich_text: [text("t")], checked: true, color: "default" }),
    block("toggle", { rich_text: [text("tg")], color: "default" }),
    block("quote", { rich_text: [text("q")], color: "default" }),
    block("code", { rich_text: [text("let x = 1;")], language: "typescript", caption: [text("cap")] }),
    block("divider", {}),
    block("callout", { rich_text: [text("c")], color: "yellow_background", icon: { type: "emoji", emoji: "🚀" } }),
    block("image", { type: "external", external: { url: "https://example.com/i.png" }, caption: [text("an image")] }),
    block("pdf", { type: "external", external: { url: "https://example.com/d.pdf" }, caption: [] }),
  ];
  const extras: Extras = new Map();
  const editor = toEditor(blocks, extras);
  const back = (b: NotionTree) => toNotion(editor.flatMap(flat).find((e) => e.id === b.id)!, extras);
  for (const b of [...blocks, blocks[2].children![0], blocks[3].children![0]]) {
    const body = back(b);
    assert.equal(body.type, b.type, b.type);
    const want = { ...b[b.type] };
    if (want.rich_text) want.rich_text = want.rich_text.map(({ plain_text, href, ...t }: any) => t);
    if (want.caption) want.caption = want.caption.map(({ plain_text, href, ...t }: any) => t);
    assert.deepEqual(body.value, want, b.type);
  }
  assert.equal(editor[2].type, "heading");
  assert.equal(editor[2].props.isToggleable, true);
  assert.equal(editor[2].children[0].type, "paragraph");
});

function flat(b: EBlock): EBlock[] {
  return [b, ...b.children.flatMap(flat)];
}

test("a table keeps its rows and header flags; opaque blocks keep their JSON", () => {
  const table = block("table", { table_width: 2, has_column_header: true, has_row_header: false });
  table.has_children = true;
  table.children = [block("table_row", { cells: [[text("a")], [text("b")]] }), block("table_row", { cells: [[], [text("d", { bold: true })]] })];
  const eq = block("equation", { expression: "e=mc^2" });
  const child = block("child_page", { title: "Sub" });
  const extras: Extras = new Map();
  const [t, e, c] = toEditor([table, eq, child], extras);
  assert.equal(t.type, "table");
  assert.deepEqual(extras.get(t.id)!.rowIds, table.children.map((r) => r.id));
  const body = toNotion(t, extras);
  assert.deepEqual(body.value, { table_width: 2, has_column_header: true, has_row_header: false });
  assert.deepEqual(body.rows, [[[text("a")].map(({ plain_text, href, ...x }) => x), [text("b")].map(({ plain_text, href, ...x }) => x)], [[], [{ type: "text", text: { content: "d", link: null }, annotations: ann({ bold: true }) }]]]);
  assert.equal(e.type, "notion");
  assert.deepEqual(toNotion(e, extras), { type: "equation", value: { expression: "e=mc^2" } });
  assert.deepEqual(createPayload(toNotion(e, extras)), { object: "block", type: "equation", equation: { expression: "e=mc^2" } });
  assert.equal(c.type, "notion");
});

test("lcs keeps the longest run in order", () => {
  assert.deepEqual([...lcs(["a", "c", "b", "d"], ["a", "b", "c", "d"])].length, 3);
});

/** A document as the editor would hold it, and its snapshot as the saver takes it. */
function snap(doc: EBlock[], extras: Extras, known: (id: string) => boolean = () => true) {
  return snapshot(doc, extras, new Map(), known);
}
const p = (bid: string, t: string, children: EBlock[] = []): EBlock => ({ id: bid, type: "paragraph", props: { textColor: "default", backgroundColor: "default" }, content: [{ type: "text", text: t, styles: {} }], children });

test("diff: nothing changed → no call; text changed → one PATCH", () => {
  const extras: Extras = new Map();
  const base = snap([p("a", "one"), p("b", "two")], extras);
  assert.deepEqual(diff(base, snap([p("a", "one"), p("b", "two")], extras)).ops, []);
  const { ops } = diff(base, snap([p("a", "one"), p("b", "two!")], extras));
  assert.equal(ops.length, 1);
  assert.equal(ops[0].kind, "update");
  assert.equal((ops[0] as any).id, "b");
  assert.equal((ops[0] as any).body.value.rich_text[0].text.content, "two!");
});

test("diff: new siblings are one append after the block before them; a trailing empty paragraph is not saved", () => {
  const extras: Extras = new Map();
  const base = snap([p("a", "one"), p("b", "two")], extras);
  const cur = snap([p("a", "one"), p("x", "new 1"), p("y", "new 2"), p("b", "two"), p("z", "")], extras, (i) => base.nodes.has(i));
  const { ops } = diff(base, cur);
  assert.deepEqual(ops.map((o) => o.kind), ["create"]);
  assert.deepEqual(ops[0], { kind: "create", parent: null, after: "a", ids: ["x", "y"], bodies: [cur.nodes.get("x")!.body, cur.nodes.get("y")!.body] });
  const first = diff(base, snap([p("w", "first"), p("a", "one"), p("b", "two")], extras)).ops;
  assert.equal((first[0] as any).after, null); // position: start
});

test("diff: a nested new block is created after its parent; deleting a parent deletes only it", () => {
  const extras: Extras = new Map();
  const base = snap([p("a", "one", [p("a1", "child")]), p("b", "two")], extras);
  const cur = snap([p("b", "two", [p("n", "nested")])], extras);
  const { ops } = diff(base, cur);
  assert.deepEqual(ops.map((o) => [o.kind, (o as any).id ?? (o as any).ids]), [["delete", "a"], ["create", ["n"]]]);
  assert.equal((ops[1] as any).parent, "b");
});

test("diff: a block moved up is deleted and re-created with its children at its new place", () => {
  const extras: Extras = new Map();
  const base = snap([p("a", "one"), p("b", "two"), p("c", "three", [p("c1", "kid")])], extras);
  const cur = snap([p("c", "three", [p("c1", "kid")]), p("a", "one"), p("b", "two")], extras);
  const { ops } = diff(base, cur);
  assert.deepEqual(ops.map((o) => [o.kind, (o as any).id ?? (o as any).ids, (o as any).after]), [["delete", "c", undefined], ["create", ["c"], null], ["create", ["c1"], null]]);
});

test("diff: a paragraph turned into a heading is re-created; a child page is never deleted to move it", () => {
  const extras: Extras = new Map();
  const base = snap([p("a", "one"), p("b", "two")], extras);
  const heading: EBlock = { id: "b", type: "heading", props: { level: 1 }, content: [{ type: "text", text: "two", styles: {} }], children: [] };
  const { ops } = diff(base, snap([p("a", "one"), heading], extras));
  assert.deepEqual(ops.map((o) => o.kind), ["delete", "create"]);
  assert.equal((ops[1] as any).bodies[0].type, "heading_1");

  const page: EBlock = { id: "cp", type: "notion", props: { json: JSON.stringify({ id: "cp", type: "child_page", child_page: { title: "S" } }) }, children: [] };
  const base2 = snap([p("a", "one"), page], extras);
  const moved = diff(base2, snap([page, p("a", "one")], extras));
  assert.deepEqual(moved.ops.map((o) => o.kind), ["delete", "create"]); // the paragraph moves, not the page
  assert.equal((moved.ops[0] as any).id, "a");
});
