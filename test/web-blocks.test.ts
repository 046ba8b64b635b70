/**
 * Notion content in the web app (web/src/blocks/, docs/design/web-app.md "Blocks and rich text"),
 * in real headless Chromium: a page holding one block of every type the API can create (files
 * through file uploads) and rich text with every annotation and mention, seeded through the SDK,
 * opened read-only (`?view=read`) as the signed-in owner. Each block is checked by role, text or
 * element: KaTeX nodes, highlighted code tokens, an image with its signed URL, a table's header
 * and cells, columns side by side (stacked at 390 px), to-do states, list numbers restarting as
 * Notion's do, mentions with names, the table of contents linking to the headings, a toggle read
 * when opened; axe finds no WCAG A/AA violation and the console stays clean. Requests to other
 * hosts (the embed, the video player, external files) are answered by the test, never the network.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { rt, type TestQuire } from "./helpers/quire.js";
import { axeViolations, signedInPage, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
let pageId: string;
let ownerName: string;
const ids: Record<string, string> = {};

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

const text = (content: string, annotations: Record<string, unknown> = {}, link?: string) => ({ type: "text", text: { content, link: link ? { url: link } : null }, annotations });
const para = (content: string) => ({ paragraph: { rich_text: rt(content) } });

async function upload(name: string, type: string, data: Blob): Promise<string> {
  const notion = q.client();
  const created = await notion.fileUploads.create({ filename: name, content_type: type } as any);
  await notion.fileUploads.send({ file_upload_id: created.id, file: { filename: name, data } });
  return created.id;
}

async function seed(): Promise<void> {
  const notion = q.client();
  const users: any = await notion.users.list({});
  const owner = users.results.find((u: any) => u.type === "person" && u.person?.email === q.owner!.email);
  assert.ok(owner, "the seeded owner is a user of the workspace");
  ownerName = owner.name;
  const page: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, icon: { type: "emoji", emoji: "🧱" }, properties: { title: { title: rt("Every block") } } } as any);
  pageId = page.id;
  const image = await upload("pixel.png", "image/png", new Blob([PNG], { type: "image/png" }));
  const file = await upload("notes.txt", "text/plain", new Blob(["some notes"], { type: "text/plain" }));

  const first: any = await notion.blocks.children.append({
    block_id: pageId,
    children: [
      { heading_1: { rich_text: rt("Introduction") } },
      {
        paragraph: {
          rich_text: [
            text("Bold", { bold: true }),
            text(" "),
            text("Italic", { italic: true }),
            text(" "),
            text("Struck", { strikethrough: true }),
            text(" "),
            text("Under", { underline: true }),
            text(" "),
            text("snippet", { code: true }),
            text(" "),
            text("Red words", { color: "red" }),
            text(" "),
            text("Marked", { color: "yellow_background" }),
            text(" "),
            text("Example site", {}, "https://example.com/docs"),
            text(" "),
            { mention: { user: { id: owner.id } } },
            text(" in "),
            { mention: { page: { id: q.rootPageId } } },
            text(" on "),
            { mention: { date: { start: "2025-03-05" } } },
            text(": "),
            { equation: { expression: "E=mc^2" } },
          ],
        },
      },
      { table_of_contents: {} },
      { heading_2: { rich_text: rt("Lists") } },
      { numbered_list_item: { rich_text: rt("First") } },
      { numbered_list_item: { rich_text: rt("Second"), children: [{ numbered_list_item: { rich_text: rt("Nested") } }] } },
      { numbered_list_item: { rich_text: rt("Third") } },
      para("An interruption"),
      { numbered_list_item: { rich_text: rt("Again first") } },
      { numbered_list_item: { rich_text: rt("Again second") } },
      { bulleted_list_item: { rich_text: rt("A bullet") } },
      { to_do: { rich_text: rt("Finished task"), checked: true } },
      { to_do: { rich_text: rt("Open task"), checked: false } },
      { toggle: { rich_text: rt("More details"), children: [para("Hidden inside the toggle")] } },
      { heading_3: { rich_text: rt("Folded heading"), is_toggleable: true, children: [para("Under the folded heading")] } },
      { heading_4: { rich_text: rt("Small heading") } },
      { quote: { rich_text: rt("A wise quote") } },
      { callout: { rich_text: rt("Heads up"), icon: { type: "emoji", emoji: "💡" }, color: "blue_background" } },
      { code: { rich_text: rt("const answer = 42; // the answer"), language: "javascript", caption: rt("Example code") } },
      { equation: { expression: "\\int_0^1 x\\,dx = \\frac{1}{2}" } },
      { divider: {} },
      {
        table: {
          table_width: 2,
          has_column_header: true,
          has_row_header: true,
          children: [{ table_row: { cells: [rt("Name"), rt("Score")] } }, { table_row: { cells: [rt("Ada"), rt("10")] } }, { table_row: { cells: [rt("Alan"), rt("9")] } }],
        },
      },
      { column_list: { children: [{ column: { children: [para("Left column")] } }, { column: { children: [para("Right column")] } }] } },
      { image: { type: "file_upload", file_upload: { id: image }, caption: rt("A pixel") } },
      { video: { type: "external", external: { url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" } } },
      { audio: { type: "external", external: { url: "https://media.example.com/sound.mp3" } } },
      { file: { type: "file_upload", file_upload: { id: file } } },
      { pdf: { type: "external", external: { url: "https://docs.example.com/paper.pdf" } } },
      { bookmark: { url: "https://bookmarked.example.com/article", caption: rt("Worth reading") } },
      { embed: { url: "https://embed.example.com/widget" } },
      { synced_block: { synced_from: null, children: [para("Synced words")] } },
      { link_to_page: { type: "page_id", page_id: q.rootPageId } },
      { breadcrumb: {} },
      { template: { rich_text: rt("Add a meeting") } },
    ],
  } as any);
  for (const b of first.results) ids[b.type] ??= b.id;
  await notion.blocks.children.append({ block_id: pageId, children: [{ synced_block: { synced_from: { block_id: ids.synced_block } } }] } as any);
  const audio = await upload("call.m4a", "audio/mp4", new Blob(["\0\0\0 ftypM4A "], { type: "audio/mp4" }));
  const note: any = await notion.blocks.meetingNotes.create({ source: { type: "file_upload", file_upload_id: audio }, parent: { type: "page_id", page_id: pageId }, title: "Weekly sync" } as any);
  const written = await q.admin("PATCH", `/_quire/v1/meeting_notes/${note.id}`, { status: "notes_ready", summary: "We shipped it", transcript: "A: hello" });
  assert.equal(written.status, 200, JSON.stringify(written.body));
  const child: any = await notion.pages.create({ parent: { page_id: pageId }, icon: { type: "emoji", emoji: "🐣" }, properties: { title: { title: rt("A child page") } } } as any);
  ids.child_page = child.id;
  const db: any = await notion.databases.create({ parent: { type: "page_id", page_id: pageId }, title: rt("A child database"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
  ids.child_database = db.id;
}

const skip = webSuite({
  ready: async (s) => {
    ({ q, browser } = s);
    if (!skip) await seed();
  },
});

/** The page read-only, as the owner; other hosts answered by the test (a blank page, an empty body). */
async function openPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const opened = await signedInPage(browser, q, undefined, viewport);
  const local = new URL(q.url).host;
  await opened.context.route(
    (u) => u.host !== local,
    (route) => route.fulfill({ status: 200, contentType: route.request().resourceType() === "document" ? "text/html" : "application/octet-stream", body: route.request().resourceType() === "document" ? "<!doctype html><title>x</title>" : "" }),
  );
  const ws = new URL(opened.page.url()).pathname.split("/")[2];
  await opened.page.goto(`${q.url}/w/${ws}/p/${pageId}?view=read`);
  await opened.page.getByRole("heading", { level: 1, name: "Every block" }).waitFor();
  return opened;
}

const block = (page: Page, id: string) => page.locator(`[data-block-id="${id}"]`);

test("Chromium: every block type and rich text, as Notion shows them", { skip, timeout: 180_000 }, async () => {
  const { context, page, errors } = await openPage();
  try {
    // Rich text: each annotation its element, colours Notion's classes, links safe, mentions named.
    const p = block(page, ids.paragraph);
    await p.locator("strong", { hasText: "Bold" }).waitFor();
    await p.locator("em", { hasText: "Italic" }).waitFor();
    await p.locator("s", { hasText: "Struck" }).waitFor();
    await p.locator("u", { hasText: "Under" }).waitFor();
    await p.locator("code.nt-inline-code", { hasText: "snippet" }).waitFor();
    await p.locator(".nt-color-red", { hasText: "Red words" }).waitFor();
    await p.locator(".nt-bg-yellow", { hasText: "Marked" }).waitFor();
    const external = p.getByRole("link", { name: "Example site" });
    assert.equal(await external.getAttribute("href"), "https://example.com/docs");
    assert.equal(await external.getAttribute("target"), "_blank");
    assert.equal(await p.locator(".nt-mention-user").innerText(), `@${ownerName}`);
    const mentioned = p.getByRole("link", { name: /Getting started/ });
    assert.match((await mentioned.getAttribute("href"))!, new RegExp(`/p/${q.rootPageId}$`));
    assert.equal(await p.locator(".nt-mention-date").innerText(), "@March 5, 2025");
    await p.locator(".nt-equation .katex").waitFor();

    // Headings and the table of contents linking to them.
    await page.getByRole("heading", { level: 2, name: "Introduction" }).waitFor();
    const toc = page.getByRole("navigation", { name: "Table of contents" });
    const tocLink = toc.getByRole("link", { name: "Lists" });
    const anchor = (await tocLink.getAttribute("href"))!;
    assert.equal(await page.locator(`[id="${anchor.slice(1)}"]`).getAttribute("data-block-type"), "heading_2");
    assert.deepEqual(await toc.getByRole("link").allInnerTexts(), ["Introduction", "Lists", "Folded heading", "Small heading"]);
    await tocLink.click();
    assert.ok(page.url().endsWith(anchor));

    // Numbered lists count from 1 and restart after another block; a nested list counts in letters.
    const markers = await page.locator(".nt-numbered-list > li > .nt-list-marker").allInnerTexts();
    assert.deepEqual(markers, ["1.", "2.", "a.", "3.", "1.", "2."]);
    await page.getByRole("listitem").filter({ hasText: "A bullet" }).waitFor();

    // To-dos: their checkbox state, named by their text.
    assert.equal(await page.getByRole("checkbox", { name: "Finished task" }).isChecked(), true);
    assert.equal(await page.getByRole("checkbox", { name: "Open task" }).isChecked(), false);

    // A toggle: closed, its children read when opened; a toggleable heading likewise.
    const toggle = page.getByRole("button", { name: "More details" });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    assert.equal(await page.getByText("Hidden inside the toggle").count(), 0);
    await toggle.click();
    await page.getByText("Hidden inside the toggle").waitFor();
    await page.getByRole("heading", { level: 4, name: "Folded heading" }).getByRole("button").click();
    await page.getByText("Under the folded heading").waitFor();

    await page.getByRole("heading", { level: 5, name: "Small heading" }).waitFor();
    await page.locator("blockquote", { hasText: "A wise quote" }).waitFor();
    const callout = block(page, ids.callout);
    assert.match(await callout.innerText(), /💡\s*Heads up/);
    assert.match((await callout.getAttribute("class"))!, /nt-bg-blue/);

    // Code: the language named, tokens highlighted (highlight.js loaded when needed), the caption.
    const code = block(page, ids.code);
    await code.getByText("JavaScript").waitFor();
    await code.locator(".hljs-keyword", { hasText: "const" }).waitFor();
    await code.locator(".hljs-comment").waitFor();
    await code.locator("figcaption", { hasText: "Example code" }).waitFor();

    // The equation block: KaTeX in display mode, with MathML for screen readers.
    await block(page, ids.equation).locator(".katex-display math").waitFor();
    await block(page, ids.divider).locator("hr").waitFor();

    // The table: its header row and header column, its cells.
    const table = block(page, ids.table).getByRole("table");
    assert.deepEqual(await table.getByRole("columnheader").allInnerTexts(), ["Name", "Score"]);
    assert.deepEqual(await table.getByRole("rowheader").allInnerTexts(), ["Ada", "Alan"]);
    assert.deepEqual(await table.getByRole("cell").allInnerTexts(), ["10", "9"]);

    // Columns side by side.
    const left = await page.getByText("Left column").boundingBox();
    const right = await page.getByText("Right column").boundingBox();
    assert.ok(left && right && right.x > left.x + left.width && Math.abs(right.y - left.y) < 4, `columns side by side: ${JSON.stringify([left, right])}`);

    // Files: the image from its upload's signed URL, the video player of a known host, audio, the file by name, the PDF framed from https.
    const img = block(page, ids.image).getByRole("img", { name: "A pixel" });
    const src = (await img.getAttribute("src"))!;
    const fetched = await page.request.get(src);
    assert.equal(fetched.status(), 200);
    assert.deepEqual(Buffer.from(await fetched.body()), PNG);
    assert.equal(await img.evaluate((el: HTMLImageElement) => el.naturalWidth), 1);
    assert.equal(await block(page, ids.video).locator("iframe").getAttribute("src"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    assert.equal(await block(page, ids.audio).locator("audio").getAttribute("src"), "https://media.example.com/sound.mp3");
    await block(page, ids.file).getByRole("link", { name: /notes\.txt/ }).waitFor();
    assert.equal(await block(page, ids.pdf).locator("iframe").getAttribute("src"), "https://docs.example.com/paper.pdf");

    // Bookmark and embed: a link card; a sandboxed frame.
    assert.equal(await block(page, ids.bookmark).getByRole("link").getAttribute("href"), "https://bookmarked.example.com/article");
    await block(page, ids.bookmark).getByText("Worth reading").waitFor();
    const frame = block(page, ids.embed).locator("iframe");
    assert.equal(await frame.getAttribute("src"), "https://embed.example.com/widget");
    assert.match((await frame.getAttribute("sandbox"))!, /allow-scripts/);

    // The synced block and its reference both show the original's content.
    assert.equal(await page.getByText("Synced words").count(), 2);

    // Links into the app: link to page, child page and child database with their icons and titles.
    assert.match((await block(page, ids.link_to_page).getByRole("link").getAttribute("href"))!, new RegExp(`/p/${q.rootPageId}$`));
    const childPage = block(page, ids.child_page).getByRole("link", { name: /A child page/ });
    assert.match(await childPage.innerText(), /🐣/);
    assert.match((await block(page, ids.child_database).getByRole("link", { name: /A child database/ }).getAttribute("href"))!, new RegExp(`/d/${ids.child_database}$`));

    // The breadcrumb: the page's ancestors, the page last.
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link");
    await crumbs.nth(1).waitFor();
    assert.deepEqual((await crumbs.allInnerTexts()).map((t) => t.replace(/^\W+/u, "").trim()), ["Getting started", "Every block"]);
    await block(page, ids.template).getByText("Add a meeting").waitFor();

    // AI meeting notes: its title, status and tabs (Summary first; Transcript by keyboard).
    const notes = page.getByRole("region", { name: "Meeting notes" });
    await notes.getByText("Weekly sync").waitFor();
    await notes.getByText("Notes ready").waitFor();
    assert.deepEqual(await notes.getByRole("tab").allInnerTexts(), ["Summary", "Notes", "Transcript"]);
    await notes.getByRole("tabpanel").getByText("We shipped it").waitFor();
    await notes.getByRole("tab", { name: "Summary" }).focus();
    await page.keyboard.press("ArrowLeft");
    assert.equal(await notes.getByRole("tab", { name: "Transcript" }).getAttribute("aria-selected"), "true");
    await notes.getByRole("tabpanel").getByText("A: hello").waitFor();

    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
    // A child page opens inside the app.
    await childPage.click();
    await page.waitForURL(new RegExp(`/p/${ids.child_page}`));
  } finally {
    await context.close();
  }
});

test("Chromium: at 390 px wide columns stack, and the page passes axe", { skip, timeout: 120_000 }, async () => {
  const { context, page, errors } = await openPage({ width: 390, height: 800 });
  try {
    await page.getByText("Left column").waitFor();
    const left = await page.getByText("Left column").boundingBox();
    const right = await page.getByText("Right column").boundingBox();
    assert.ok(left && right && right.y > left.y + left.height - 1, `columns stacked: ${JSON.stringify([left, right])}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `nothing wider than the window: ${width}`);
    await page.locator(".katex").first().waitFor();
    await page.locator(".hljs-keyword").first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
