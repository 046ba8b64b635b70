/**
 * The HTML tokenizer and the Notion page conversion of `quire import` (src/import/html.ts), on
 * their own: what the end-to-end test in test/import.test.ts relies on, and the odd inputs a
 * hand-edited or damaged export may hold. Pure functions: no server.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeEntities, notionHtmlPage, parseHtml, textOf, type HtmlElement } from "../src/import/html.js";

const shape = (n: HtmlElement | string): unknown => (typeof n === "string" ? n : [n.tag, n.attrs, ...n.children.map(shape)]);

test("entities: named, decimal, hex; unknown names and invalid code points", () => {
  assert.equal(decodeEntities("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x1F9F3; &nbsp;|"), "a & b <c> \"d\" 'e' 🧳 \u00a0|");
  assert.equal(decodeEntities("&unknown; &#xD800; &#1114112; & alone"), "&unknown; \ufffd \ufffd & alone");
});

test("tags, attributes (quoted, unquoted, bare, with > inside quotes), void and self-closing elements", () => {
  const doc = parseHtml(`<p class="a b" data-x='1>2' id=z hidden>one<br>two<img src="x.png"/><hr/>three</p>`);
  assert.deepEqual(shape(doc.children[0] as HtmlElement), ["p", { class: "a b", "data-x": "1>2", id: "z", hidden: "" }, "one", ["br", {}], "two", ["img", { src: "x.png" }], ["hr", {}], "three"]);
});

test("comments, doctype, style and script contents are not text; title is", () => {
  const doc = parseHtml(`<!DOCTYPE html><html><head><title>A &amp; B</title><style>p > a { color: red }</style><script>if (a < b) {}</script></head><body><!-- <p>no</p> -->x</body></html>`);
  assert.equal(textOf(doc), "A & Bx");
});

test("stray end tags close nothing; an end tag closes what it names and everything open inside it; li and p close their open sibling", () => {
  assert.deepEqual(shape(parseHtml(`<div>a</span>b</div>c`)), ["#document", {}, ["div", {}, "a", "b"], "c"]);
  assert.deepEqual(shape(parseHtml(`<div><b>bold</div>after`)), ["#document", {}, ["div", {}, ["b", {}, "bold"]], "after"]);
  assert.deepEqual(shape(parseHtml(`<ul><li>a<li>b</ul><p>x<p>y`)), ["#document", {}, ["ul", {}, ["li", {}, "a"], ["li", {}, "b"]], ["p", {}, "x"], ["p", {}, "y"]]);
  assert.deepEqual(shape(parseHtml(`a < b <3`)), ["#document", {}, "a ", "<", " b ", "<", "3"]);
  assert.deepEqual(shape(parseHtml(`<p>unclosed`)), ["#document", {}, ["p", {}, "unclosed"]]);
});

test("a Notion page: title, properties, blocks as enhanced Markdown, a full-page database", () => {
  const page = notionHtmlPage(`<html><head><title>T</title></head><body><article class="page sans"><header><img class="page-cover-image" src="c.png"/><h1 class="page-title">Road  map</h1>
<table class="properties"><tbody><tr class="property-row property-row-multi_select"><th>Tags</th><td><span class="selected-value">a</span><span class="selected-value">b</span></td></tr><tr class="property-row property-row-checkbox"><th>Done</th><td><div class="checkbox checkbox-on"></div></td></tr></tbody></table></header>
<div class="page-body"><h3>Q*1</h3><ul class="to-do-list"><li><div class="checkbox checkbox-off"></div> <span class="to-do-children-unchecked">ship</span><div class="indented"><p>detail</p></div></li></ul>
<ul class="toggle"><li><details open=""><summary><h2>Later</h2></summary><p>hidden</p></details></li></ul>
<figure class="equation"><annotation encoding="application/x-tex">a^2</annotation></figure><nav class="table_of_contents"></nav><p><del>old</del> <span class="notion-text-equation-token"><annotation>x</annotation></span></p></div></article></body></html>`);
  assert.equal(page.title, "Road map");
  assert.deepEqual(page.properties, [{ name: "Tags", type: "multi_select", value: "a, b" }, { name: "Done", type: "checkbox", value: "Yes" }]);
  assert.equal(page.markdown, ["### Q\\*1", "- [ ] ship", "\tdetail", '## Later {toggle="true"}', "\thidden", "$$", "a^2", "$$", "<table_of_contents/>", "~~old~~ $x$"].join("\n"));
  assert.deepEqual(page.notes, ["page cover not imported"]);
  assert.equal(page.onlyDatabase, false);

  const db = notionHtmlPage(`<article><header><h1 class="page-title">Tasks</h1></header><div class="page-body"><table class="collection-content"><thead><tr><th>Name</th><th>Owner</th><th>Link</th></tr></thead><tbody>
<tr><td class="cell-title"><a href="Tasks/A%20${"1".repeat(32)}.html">A</a></td><td>Ann</td><td><a href="Other%20${"2".repeat(32)}.html">Other</a></td></tr></tbody></table></div></article>`);
  assert.equal(db.onlyDatabase, true);
  assert.deepEqual(db.databases, [{ title: undefined, header: ["Name", "Owner", "Link"], rows: [["A", "Ann", `Other (Other%20${"2".repeat(32)}.html)`]], rowLinks: [`Tasks/A%20${"1".repeat(32)}.html`] }]);
});
