/**
 * `quire import export.zip`: fixture zips built here with fflate in the layout Notion documents
 * for its "Markdown & CSV" export (ids in names, a folder per page, `_all.csv` beside the view's
 * CSV, a BOM, row pages in the database's folder, a nested Part zip), imported by the real CLI
 * into a test server and read back through the SDK.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, strToU8 } from "fflate";
import { Client } from "@notionhq/client";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const dir = mkdtempSync(join(tmpdir(), "quire-import-"));

const P = "0123456789abcdef0123456789abcdef";
const N = "11111111111111111111111111111111";
const T = "22222222222222222222222222222222";
const R = "33333333333333333333333333333333";
const enc = (s: string) => s.replace(/ /g, "%20");
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** The files of a small workspace export: a page with a subpage, a database with rows, an image. */
function exportFiles(): Record<string, Uint8Array> {
  const projects = `Projects ${P}`;
  const tasks = `${projects}/Tasks ${T}`;
  const header = "Name,Status,Tags,Due,Done,Estimate,Link,Owner,Related\n";
  const rows = [
    `Write spec,Doing,"api, docs","June 27, 2026",Yes,3,https://example.com/spec,ann@example.com,Notes (${enc(`Notes ${N}`)}.md)`,
    `Review,Done,api,"June 28, 2026 2:30 PM → June 29, 2026",No,1.5,https://example.com/r,bob@example.com,`,
    `"Ship, finally",Doing,docs,2026/07/01,No,8,https://example.com/s,ann@example.com,`,
  ].join("\n");
  return {
    [`${projects}.md`]: strToU8(
      [
        "# Projects",
        "",
        `Intro with **bold** text and a link to [the notes](${enc(`${projects}/Notes ${N}`)}.md).`,
        "",
        `[Notes](${enc(`${projects}/Notes ${N}`)}.md)`,
        "",
        `[Tasks](${enc(tasks)}.csv)`,
        "",
        `![diagram.png](${enc(`${projects}/diagram.png`)})`,
        "",
        `After the image, a [dead link](${enc(`Gone ${"f".repeat(32)}`)}.md).`,
        "",
      ].join("\n"),
    ),
    [`${projects}/Notes ${N}.md`]: strToU8(`# Notes\n\nBack to [Projects](../${enc(projects)}.md).\n`),
    [`${projects}/diagram.png`]: PNG,
    [`${tasks}.csv`]: strToU8("\uFEFFName,Status\nWrite spec,Doing\n"),
    [`${tasks}_all.csv`]: strToU8("\uFEFF" + header + rows + "\n"),
    [`${tasks}/Write spec ${R}.md`]: strToU8("# Write spec\n\nStatus: Doing\nTags: api, docs\n\nThe spec's body.\n"),
  };
}

/** The export as Notion ships a large one: Export-….zip holding Part-1.zip. */
function writeExportZip(name: string, files: Record<string, Uint8Array>): string {
  const file = join(dir, name);
  writeFileSync(file, zipSync({ "Export-9f8e-Part-1.zip": zipSync(files) }));
  return file;
}

async function children(notion: Client, id: string): Promise<any[]> {
  return (await notion.blocks.children.list({ block_id: id, page_size: 100 })).results;
}

const plain = (b: any) => b[b.type].rich_text.map((t: any) => t.plain_text).join("");

test("a Markdown & CSV export becomes pages, a database with typed properties, rows, an image, and rewritten links", async () => {
  const { run, q, cli } = suite;
  const zip = writeExportZip("Export-9f8e.zip", exportFiles());
  const r = await run("import", zip);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.pages, report.databases, report.rows, report.files], [2, 1, 3, 1]);
  assert.deepEqual(JSON.parse(readFileSync(zip.replace(/\.zip$/, ".import-report.json"), "utf8")), report);
  const messages = report.problems.map((p: any) => p.message).join("\n");
  assert.match(messages, /column "Related" looks like a relation: kept as text/);
  assert.match(messages, /link to "Gone f+\.md", which is not in the export/);
  assert.match(r.stderr, /\[\d+\/\d+\] Projects/);

  await cli("share", q.devIntegrationId, report.root_page_id);
  const notion = new Client({ auth: q.token, baseUrl: q.url });
  const [projectsBlock] = await children(notion, report.root_page_id);
  assert.equal(projectsBlock.child_page.title, "Projects");
  const blocks = await children(notion, projectsBlock.id);
  assert.deepEqual(
    blocks.map((b) => b.type),
    ["paragraph", "image", "paragraph", "child_page", "child_database"],
  );
  const notes = blocks[3];
  assert.equal(notes.child_page.title, "Notes");
  const intro = blocks[0].paragraph.rich_text;
  assert.equal(plain(blocks[0]), "Intro with bold text and a link to the notes.");
  assert.ok(intro.some((t: any) => t.annotations.bold && t.plain_text === "bold"));
  const notesPage: any = await notion.pages.retrieve({ page_id: notes.id });
  assert.equal(intro.find((t: any) => t.plain_text === "the notes").href, notesPage.url);
  assert.equal(blocks[1].image.type, "file");
  assert.equal(plain(blocks[2]), "After the image, a dead link.");
  const back = (await children(notion, notes.id))[0].paragraph.rich_text.find((t: any) => t.plain_text === "Projects");
  assert.equal(back.href, ((await notion.pages.retrieve({ page_id: projectsBlock.id })) as any).url);

  const db: any = await notion.databases.retrieve({ database_id: blocks[4].id });
  assert.equal(db.title[0].plain_text, "Tasks");
  const ds: any = await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
  const types = Object.fromEntries(Object.entries(ds.properties).map(([k, v]: [string, any]) => [k, v.type]));
  assert.deepEqual(types, { Name: "title", Status: "select", Tags: "multi_select", Due: "date", Done: "checkbox", Estimate: "number", Link: "url", Owner: "email", Related: "rich_text" });
  const rows: any[] = (await notion.dataSources.query({ data_source_id: ds.id, sorts: [{ property: "Estimate", direction: "ascending" }] })).results;
  assert.deepEqual(rows.map((p) => p.properties.Name.title.map((t: any) => t.plain_text).join("")), ["Review", "Write spec", "Ship, finally"]);
  const [review, spec, ship] = rows.map((p) => p.properties);
  assert.deepEqual(review.Due.date, { start: "2026-06-28T14:30:00.000+00:00", end: "2026-06-29", time_zone: null });
  assert.equal(review.Done.checkbox, false);
  assert.equal(review.Estimate.number, 1.5);
  assert.deepEqual(spec.Tags.multi_select.map((o: any) => o.name), ["api", "docs"]);
  assert.equal(spec.Status.select.name, "Doing");
  assert.equal(spec.Done.checkbox, true);
  assert.equal(spec.Due.date.start, "2026-06-27");
  assert.equal(spec.Link.url, "https://example.com/spec");
  assert.equal(spec.Owner.email, "ann@example.com");
  assert.match(spec.Related.rich_text[0].plain_text, /^Notes \(/);
  assert.equal(ship.Due.date.start, "2026-07-01");
  const specBody = await children(notion, rows[1].id);
  assert.deepEqual(specBody.map(plain), ["The spec's body."]);
});

test("--parent puts the import under an existing page", async () => {
  const { run, q, cli } = suite;
  const zip = writeExportZip("parent.zip", { [`Solo ${N}.md`]: strToU8("# Solo\n\nJust text.\n") });
  const r = await run("import", zip, "--parent", q.gettingStartedPageId!, "--report", join(dir, "solo.json"));
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.root_page_id, q.gettingStartedPageId);
  assert.deepEqual(report.problems, []);
  await cli("share", q.devIntegrationId, q.gettingStartedPageId!);
  const notion = new Client({ auth: q.token, baseUrl: q.url });
  const solo = (await children(notion, q.gettingStartedPageId!)).find((b) => b.type === "child_page" && b.child_page.title === "Solo");
  assert.ok(solo);
  assert.deepEqual((await children(notion, solo.id)).map(plain), ["Just text."]);
});

test("zip bombs, too many entries and files that are not exports are refused before anything is written", async () => {
  const { run, q } = suite;
  const before = (await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: `Bearer ${q.adminKey}` } }).then((r) => r.json())) as any;
  const bomb = join(dir, "bomb.zip");
  writeFileSync(bomb, zipSync({ "Page.md": strToU8("# Page\n"), "zeros.bin": new Uint8Array(3 * 1024 * 1024) }, { level: 9 }));
  assert.ok(readFileSync(bomb).length < 10_000);
  const big = await run("import", bomb, "--max-unzipped-mb", "2");
  assert.equal(big.code, 2);
  assert.match(big.stderr, /unpacks to more than 2097152 bytes: refused as a possible zip bomb/);
  const many = await run("import", writeExportZip("many.zip", { "a.md": strToU8("# a"), "b.md": strToU8("# b"), "c.md": strToU8("# c") }), "--max-entries", "2");
  assert.equal(many.code, 2);
  assert.match(many.stderr, /more than 2 files/);
  // A header that understates an entry's size: refused while it inflates, past the declared bytes
  // (pages are read before anything is written; an attachment, when it is uploaded).
  const lying = zipSync({ "Page.md": strToU8("# Page\n"), "big.md": strToU8("# Big\n" + " ".repeat(300_000)) }, { level: 9 });
  const view = Buffer.from(lying);
  for (let i = 0; i + 4 <= view.length; i++) {
    const sig = view.readUInt32LE(i);
    const nameAt = sig === 0x02014b50 ? i + 46 : sig === 0x04034b50 ? i + 30 : -1;
    if (nameAt < 0 || view.toString("utf8", nameAt, nameAt + 6) !== "big.md") continue;
    view.writeUInt32LE(1000, sig === 0x02014b50 ? i + 24 : i + 22);
  }
  const liar = join(dir, "liar.zip");
  writeFileSync(liar, view);
  const lied = await run("import", liar);
  assert.equal(lied.code, 2, lied.stderr);
  assert.match(lied.stderr, /big\.md inflates to more than the 1000 bytes it declares: refused as a possible zip bomb/);
  const notZip = join(dir, "not.zip");
  writeFileSync(notZip, "hello");
  const bad = await run("import", notZip);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Not a readable zip file/);
  const empty = await run("import", writeExportZip("empty.zip", { "x.txt": strToU8("x") }));
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /holds no .md, .csv or .html file: not a Notion export/);
  const after = (await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: `Bearer ${q.adminKey}` } }).then((r) => r.json())) as any;
  assert.equal(after.results.length, before.results.length);
});

/** Notion's HTML export of a small workspace, built by hand in its shape (docs/design/import-mirror.md, "HTML"). */
function htmlExportFiles(): Record<string, Uint8Array> {
  const trip = `Trip ${P}`;
  const tasks = `${trip}/Tasks ${T}`;
  const page = (title: string, body: string, header = "") =>
    strToU8(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/><title>${title}</title><style>
/* cspell:disable-file */ .page-title { font-size: 2.5rem; } a > b { }</style></head><body><article id="${"a".repeat(8)}-0000-0000-0000-000000000000" class="page sans"><header><div class="page-header-icon undefined"><span class="icon">🧳</span></div><h1 class="page-title">${title}</h1><p class="page-description"></p>${header}</header><div class="page-body">${body}</div></article><span class="sans" style="font-size:14px;padding-top:2em"></span></body></html>`);
  const tripBody = [
    `<p id="p1" class="">Plain <strong>bold</strong> <em>it</em> <code>x &lt; y</code> <span style="border-bottom:0.05em solid">under</span> <mark class="highlight-red">red</mark> &amp; a <a href="${enc(`${trip}/Day ${N}`)}.html">link to Day</a>.</p>`,
    `<h2 id="h" class="">Plan</h2>`,
    `<ul id="b1" class="bulleted-list"><li style="list-style-type:disc">Rome<ul id="b2" class="bulleted-list"><li style="list-style-type:circle">Colosseum</li></ul></li></ul>`,
    `<ol type="1" id="n1" class="numbered-list" start="1"><li>Book</li></ol>`,
    `<ul id="t1" class="to-do-list"><li><div class="checkbox checkbox-on"></div> <span class="to-do-children-checked">Passport</span></li></ul><ul id="t2" class="to-do-list"><li><div class="checkbox checkbox-off"></div> <span class="to-do-children-unchecked">Visa</span></li></ul>`,
    `<ul id="g1" class="toggle"><li><details open=""><summary>Packing</summary><p id="g2" class="">Socks</p></details></li></ul>`,
    `<figure class="block-color-gray_background callout" style="white-space:pre-wrap;display:flex" id="c1"><div style="font-size:1.5em"><span class="icon">💡</span></div><div style="width:100%">Check the <strong>visas</strong></div></figure>`,
    `<pre id="k1" class="code"><code class="language-JavaScript">let x = 1;\nif (x &gt; 0) x--;</code></pre>`,
    `<blockquote id="q1" class="">Travel light</blockquote>`,
    `<figure id="i1" class="image"><a href="${enc(`${trip}/photo.png`)}"><img style="width:240px" src="${enc(`${trip}/photo.png`)}"/></a></figure>`,
    `<table id="s1" class="simple-table"><thead class="simple-table-header"><tr id="r0"><th class="simple-table-header-color simple-table-header">City</th><th class="simple-table-header-color simple-table-header">Nights</th></tr></thead><tbody><tr id="r1"><td class="">Rome</td><td class="">3</td></tr></tbody></table>`,
    `<div id="cl" class="column-list"><div id="c2" style="width:50%" class="column"><p id="l" class="">Left</p></div><div id="c3" style="width:50%" class="column"><p id="r" class="">Right</p></div></div>`,
    `<hr id="hr"/>`,
    `<figure id="lp" class="link-to-page"><a href="${enc(`${trip}/Day ${N}`)}.html"><span class="icon">📄</span>Day</a></figure>`,
    `<figure id="lt" class="link-to-page"><a href="${enc(tasks)}.html">Tasks</a></figure>`,
  ].join("\n");
  const cell = (cls: string, inner: string) => `<td class="${cls}">${inner}</td>`;
  const row = (id: string, title: string, status: string, tags: string[], done: boolean, due: string) =>
    `<tr id="${id}">${cell("cell-title", `<a href="${enc(`Tasks ${T}/${title} ${id}`)}.html">${title}</a>`)}${cell("cell-status", `<span class="selected-value select-value-color-blue">${status}</span>`)}${cell("cell-tags", tags.map((t) => `<span class="selected-value select-value-color-red">${t}</span>`).join(""))}${cell("cell-done", `<div class="checkbox checkbox-${done ? "on" : "off"}"></div>`)}${cell("cell-due", `<time>@${due}</time>`)}</tr>`;
  const th = (name: string) => `<th><span class="icon property-icon"><svg role="graphics-symbol" viewBox="0 0 16 16"><path d="M1 1"></path></svg></span>${name}</th>`;
  const tasksBody = `<table class="collection-content"><thead><tr>${["Name", "Status", "Tags", "Done", "Due"].map(th).join("")}</tr></thead><tbody>${row(R, "Write spec", "Doing", ["api", "docs"], true, "June 27, 2026")}${row("4".repeat(32), "Review", "Done", ["api"], false, "June 28, 2026")}${row("5".repeat(32), "Ship", "Doing", ["docs"], false, "July 1, 2026")}</tbody></table>`;
  const props = `<table class="properties"><tbody><tr class="property-row property-row-select"><th>Status</th><td><span class="selected-value select-value-color-blue">Doing</span></td></tr></tbody></table>`;
  return {
    "index.html": strToU8(`<html><body><a href="${enc(trip)}.html">Trip</a></body></html>`),
    [`${trip}.html`]: page("Trip", tripBody),
    [`${trip}/photo.png`]: PNG,
    [`${trip}/Day ${N}.html`]: page("Day", `<p class="">Back to <a href="../${enc(trip)}.html">Trip</a>.</p>`),
    [`${tasks}.html`]: page("Tasks", tasksBody),
    [`${tasks}/Write spec ${R}.html`]: page("Write spec", `<p class="">Status: the spec's body.</p>`, props),
  };
}

test("an HTML export (detected by itself) becomes the same pages, blocks, database and rows, with what was not mapped reported", async () => {
  const { run, q, cli } = suite;
  const zip = writeExportZip("html-export.zip", htmlExportFiles());
  const r = await run("import", zip);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.pages, report.databases, report.rows, report.files], [2, 1, 3, 1]);
  const messages = report.problems.map((p: any) => p.message);
  assert.ok(messages.includes("page icon not imported"), messages.join("\n"));
  assert.ok(messages.includes("text colours and highlights not imported"), messages.join("\n"));

  await cli("share", q.devIntegrationId, report.root_page_id);
  const notion = new Client({ auth: q.token, baseUrl: q.url });
  const [tripBlock] = await children(notion, report.root_page_id);
  assert.equal(tripBlock.child_page.title, "Trip");
  const blocks = await children(notion, tripBlock.id);
  assert.deepEqual(blocks.map((b) => b.type), [
    "paragraph", "heading_2", "bulleted_list_item", "numbered_list_item", "to_do", "to_do", "toggle", "callout", "code", "quote",
    "image", "table", "column_list", "divider", "child_page", "child_database",
  ]);
  const [para, heading, bullet, numbered, todo1, todo2, toggle, callout, code, quote, image, table, columns] = blocks;
  assert.equal(plain(para), "Plain bold it x < y under red & a link to Day.");
  const rt = para.paragraph.rich_text;
  assert.ok(rt.find((t: any) => t.plain_text === "bold").annotations.bold);
  assert.ok(rt.find((t: any) => t.plain_text === "it").annotations.italic);
  assert.ok(rt.find((t: any) => t.plain_text === "x < y").annotations.code);
  assert.ok(rt.find((t: any) => t.plain_text === "under").annotations.underline);
  const day = blocks.find((b) => b.type === "child_page");
  assert.equal(day.child_page.title, "Day");
  assert.equal(rt.find((t: any) => t.plain_text === "link to Day").href, ((await notion.pages.retrieve({ page_id: day.id })) as any).url);
  assert.equal(plain(heading), "Plan");
  assert.equal(plain(bullet), "Rome");
  assert.deepEqual((await children(notion, bullet.id)).map((b) => [b.type, plain(b)]), [["bulleted_list_item", "Colosseum"]]);
  assert.equal(plain(numbered), "Book");
  assert.deepEqual([todo1.to_do.checked, plain(todo1), todo2.to_do.checked, plain(todo2)], [true, "Passport", false, "Visa"]);
  assert.equal(plain(toggle), "Packing");
  assert.deepEqual((await children(notion, toggle.id)).map(plain), ["Socks"]);
  assert.equal(plain(callout), "Check the visas");
  assert.deepEqual(callout.callout.icon, { type: "emoji", emoji: "💡" });
  assert.equal(code.code.language, "javascript");
  assert.equal(plain(code), "let x = 1;\nif (x > 0) x--;");
  assert.equal(plain(quote), "Travel light");
  assert.equal(image.image.type, "file");
  assert.equal(table.table.has_column_header, true);
  assert.deepEqual((await children(notion, table.id)).map((row) => row.table_row.cells.map((c: any) => c.map((t: any) => t.plain_text).join(""))), [["City", "Nights"], ["Rome", "3"]]);
  const cols = await children(notion, columns.id);
  assert.deepEqual(await Promise.all(cols.map(async (c) => (await children(notion, c.id)).map(plain))), [["Left"], ["Right"]]);
  const back = (await children(notion, day.id))[0].paragraph.rich_text.find((t: any) => t.plain_text === "Trip");
  assert.equal(back.href, ((await notion.pages.retrieve({ page_id: tripBlock.id })) as any).url);

  const dbBlock = blocks.find((b) => b.type === "child_database");
  const db: any = await notion.databases.retrieve({ database_id: dbBlock.id });
  assert.equal(db.title[0].plain_text, "Tasks");
  const ds: any = await notion.dataSources.retrieve({ data_source_id: db.data_sources[0].id });
  const types = Object.fromEntries(Object.entries(ds.properties).map(([k, v]: [string, any]) => [k, v.type]));
  assert.deepEqual(types, { Name: "title", Status: "select", Tags: "multi_select", Done: "checkbox", Due: "date" });
  const rows: any[] = (await notion.dataSources.query({ data_source_id: ds.id, sorts: [{ property: "Due", direction: "ascending" }] })).results;
  assert.deepEqual(rows.map((p) => p.properties.Name.title.map((t: any) => t.plain_text).join("")), ["Write spec", "Review", "Ship"]);
  const spec = rows[0].properties;
  assert.deepEqual([spec.Status.select.name, spec.Tags.multi_select.map((o: any) => o.name), spec.Done.checkbox, spec.Due.date.start], ["Doing", ["api", "docs"], true, "2026-06-27"]);
  // The row page's body, without its properties table (a line like "Status: …" in the body stays).
  assert.deepEqual((await children(notion, rows[0].id)).map(plain), ["Status: the spec's body."]);
});
