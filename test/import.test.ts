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
  assert.match(empty.stderr, /not a Notion "Markdown & CSV" export/);
  const after = (await fetch(`${q.url}/_quire/v1/integrations`, { headers: { authorization: `Bearer ${q.adminKey}` } }).then((r) => r.json())) as any;
  assert.equal(after.results.length, before.results.length);
});
