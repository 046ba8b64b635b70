/**
 * A page in the web app, in real headless Chromium (web/src/page/): a person types a title and
 * blocks with Notion's habits (`# `, `[] `, `- `, Tab), reorders by keyboard, edits a block, pastes
 * an image file; the SDK then finds exactly those blocks (types, text, nesting, order), the edit
 * as a PATCH of the same block, the image as an attached file upload. A second browser sees the
 * edit within a few seconds; a guest with view access cannot type; axe finds nothing and the
 * console stays clean. The load of a ~100-block page is measured (logged, not asserted), and so is
 * reading its blocks' comment counts (one read, not one per block; a comment made elsewhere shows
 * within seconds); a block's marker opens its discussion beside it, a reply and a comment started
 * with Ctrl+Shift+M or the block handle's "Comment" land on that block (comments.list); Ctrl+/
 * opens a block's actions by keyboard (move, turn into, duplicate, delete: checked through the
 * SDK, each said in a live region); and below 720 px the panel is a bottom sheet. Keys pressed
 * while the editor swaps in for the first paint (arrows, Home, End, typing) land in order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { TestQuire } from "./helpers/quire.js";
import { axeViolations, sees, signedInPage, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
const skip = webSuite({ ready: (s) => ({ q, browser } = s) });

/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

interface Tree {
  id: string;
  type: string;
  text: string;
  checked?: boolean;
  children: Tree[];
  raw: any;
}

/** The page's blocks through the SDK, as (type, text, children). */
async function tree(id: string): Promise<Tree[]> {
  const notion = q.client();
  const out: Tree[] = [];
  let cursor: string | undefined;
  do {
    const page: any = await notion.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 });
    for (const b of page.results) {
      const v = b[b.type] ?? {};
      out.push({ id: b.id, type: b.type, text: (v.rich_text ?? []).map((t: any) => t.plain_text).join(""), checked: v.checked, children: b.has_children ? await tree(b.id) : [], raw: b });
    }
    cursor = page.has_more ? page.next_cursor : undefined;
  } while (cursor);
  return out;
}

const shape = (t: Tree[]): unknown[] => t.map((b) => [b.type, b.text, ...(b.children.length ? [shape(b.children)] : [])]);

async function newPage(title: string, children: any[] = []): Promise<string> {
  const page: any = await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: title } }] } }, children });
  return page.id;
}

async function openPage(page: Page, id: string): Promise<void> {
  const ws = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`${q.url}/w/${ws}/p/${id}`);
  await page.locator(".bn-editor").waitFor({ timeout: 60_000 });
}

async function saved(page: Page): Promise<void> {
  await page.locator(".save-state[data-state=saved]").waitFor({ timeout: 60_000 });
}

/** A line in the test's log: where a slow run is. */
const step = (what: string) => console.log(`# ${new Date().toISOString().slice(11, 19)} ${what}`);

test("Chromium: write a page with Notion's keyboard habits, reorder, edit, paste an image; a second browser follows", { skip, timeout: 600_000 }, async () => {
  const id = await newPage("");
  const a = await signedInPage(browser, q);
  const b = await signedInPage(browser, q);
  try {
    const page = a.page;
    const patches: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "PATCH") patches.push(new URL(r.url()).pathname);
    });
    // Reads of the page itself (the header's live poll asks for its title only: `?filter_properties=title`).
    const pageReads: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (r.method() === "GET" && url.pathname === `/v1/pages/${id}` && !url.search) pageReads.push(url.pathname);
    });
    step("opening the page");
    await openPage(page, id);
    // The read-only first paint has given way to the editor, which can be typed in; the page was
    // read once for its view, its header and its actions (page/read.ts).
    assert.equal(await page.locator(".page-first-paint").count(), 0);
    assert.equal(await page.getByRole("textbox", { name: "Page content" }).getAttribute("contenteditable"), "true");
    assert.equal(pageReads.length, 1, `the page was read ${pageReads.length} times`);
    // The title, in place; Enter goes to the body.
    const title = page.getByRole("heading", { level: 1 });
    await title.click();
    await page.keyboard.type("Trip plan");
    await page.keyboard.press("Enter");
    for (const line of ["First paragraph", "# Big heading", "[] Buy milk"]) {
      await page.keyboard.type(line);
      await page.keyboard.press("Enter");
    }
    await page.keyboard.press("Backspace"); // the empty to-do after Enter becomes a paragraph
    await page.keyboard.type("- item one");
    await page.keyboard.press("Enter");
    await page.keyboard.type("item two");
    await page.keyboard.press("Tab");
    await saved(page);

    step("typed; checking through the SDK");
    const want = [["paragraph", "First paragraph"], ["heading_1", "Big heading"], ["to_do", "Buy milk"], ["bulleted_list_item", "item one", [["bulleted_list_item", "item two"]]]];
    let blocks = await sees(() => tree(id), (t) => JSON.stringify(shape(t)) === JSON.stringify(want), "the typed blocks");
    assert.equal(blocks[2].checked, false);
    const titled: any = await sees(() => q.client().pages.retrieve({ page_id: id }), (p: any) => p.properties.title.title[0]?.plain_text === "Trip plan", "the title");
    assert.equal(titled.properties.title.title.length, 1);

    step("second browser");
    // The second browser opens the page now, before the edits below.
    await openPage(b.page, id);
    await b.page.getByText("First paragraph").waitFor();

    step("reorder");
    // Reorder by keyboard: the heading up above the paragraph.
    await page.getByText("Big heading").click();
    await page.keyboard.press("Control+Shift+ArrowUp");
    await saved(page);
    blocks = await sees(() => tree(id), (t) => t[0]?.type === "heading_1", "the heading moved up");
    assert.deepEqual(shape(blocks), [want[1], want[0], want[2], want[3]]);

    step("edit");
    // Edit an existing block: a PATCH of that very block.
    const paragraph = blocks[1];
    await page.getByText("First paragraph").click();
    await page.keyboard.press("End");
    await page.keyboard.type(" edited");
    await saved(page);
    await sees(() => tree(id), (t) => t[1]?.id === paragraph.id && t[1].text === "First paragraph edited", "the edited paragraph, same id");
    assert.ok(patches.includes(`/v1/blocks/${paragraph.id}`), `a PATCH of the paragraph: ${patches.join(", ")}`);

    step("second browser follows");
    // The second browser sees the edit and the new order without reloading.
    await b.page.getByText("First paragraph edited").waitFor({ timeout: 15_000 });
    const order = await b.page.locator(".bn-block-content").evaluateAll((els) => els.map((e) => e.getAttribute("data-content-type")));
    assert.deepEqual(order.slice(0, 2), ["heading", "paragraph"]);

    step("paste");
    // Paste an image file at the end: uploaded through /v1/file_uploads, an image block attaching it.
    await page.getByText("Buy milk").click();
    await page.keyboard.press("End");
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "dot.png", { type: "image/png" }));
      document.querySelector(".bn-editor")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG);
    const withImage = await sees(() => tree(id), (t) => t.some((x) => x.type === "image"), "the pasted image");
    const image = withImage.find((x) => x.type === "image")!.raw.image;
    assert.equal(image.type, "file", JSON.stringify(image));
    assert.match(image.file.url, /dot\.png/);
    // The attached file is the pasted bytes.
    const file = await page.request.get(image.file.url);
    assert.equal(file.status(), 200);
    assert.equal((await file.body()).toString("base64"), PNG);

    step("custom emoji icon");
    // The icon picker lists the workspace's custom emojis after the standard emoji, by name, and
    // narrows them by a search; choosing one sets the page's icon to it.
    const emojiOf = async (name: string) => {
      const sdk = q.client();
      const upload: any = await sdk.fileUploads.create({ filename: `${name}.png`, content_type: "image/png" });
      await sdk.fileUploads.send({ file_upload_id: upload.id, file: { filename: `${name}.png`, data: new Blob([Buffer.from(PNG, "base64")], { type: "image/png" }) } });
      const made = await q.admin("POST", "/_quire/v1/custom_emojis", { name, file_upload: { id: upload.id } });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      return made.body.id as string;
    };
    const parrot = await emojiOf("web_parrot");
    await emojiOf("web_shipit");
    await page.getByRole("button", { name: "Add icon" }).click();
    const picker = page.getByRole("dialog", { name: "Page icon" });
    await picker.getByRole("button", { name: ":web_shipit:" }).waitFor();
    await picker.getByRole("searchbox", { name: "Search workspace emojis" }).fill("parrot");
    assert.equal(await picker.getByRole("button", { name: ":web_shipit:" }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await picker.getByRole("button", { name: ":web_parrot:" }).click();
    const iconed: any = await sees(() => q.client().pages.retrieve({ page_id: id }), (p: any) => p.icon?.type === "custom_emoji", "the custom emoji icon");
    assert.deepEqual([iconed.icon.custom_emoji.id, iconed.icon.custom_emoji.name], [parrot, "web_parrot"]);
    await page.getByRole("img", { name: "Page icon" }).waitFor();
    assert.equal((await page.request.get(iconed.icon.custom_emoji.url)).status(), 200);

    step("axe");
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("Chromium: the page shows read-only while the editor loads (its first level before deeper ones); a click and keys made then land in the editor", { skip, timeout: 240_000 }, async () => {
  const id = await newPage("First paint", [
    { heading_2: { rich_text: [{ text: { content: "Shown at once" } }] } },
    { paragraph: { rich_text: [{ text: { content: "Hello world" } }] } },
    { bulleted_list_item: { rich_text: [{ text: { content: "A list item" } }], children: [{ paragraph: { rich_text: [{ text: { content: "Nested below" } }] } }] } },
  ]);
  const itemId = ((await q.client().blocks.children.list({ block_id: id })).results[2] as { id: string }).id;
  const s = await signedInPage(browser, q);
  try {
    // The editor's chunk and the page's second level are held back until the first paint has been
    // checked and used: no timing involved.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await s.page.route(/\/assets\/Editor-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    let releaseNested!: () => void;
    const nestedHeld = new Promise<void>((r) => (releaseNested = r));
    await s.page.route(new RegExp(`/v1/blocks/${itemId}/children`), async (route) => {
      await nestedHeld;
      await route.continue();
    });
    const children: string[] = [];
    const nested: string[] = [];
    s.page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path === `/v1/blocks/${id}/children`) children.push(r.url());
      if (path === `/v1/blocks/${itemId}/children`) nested.push(r.url());
    });
    const ws = new URL(s.page.url()).pathname.split("/")[2];
    await s.page.goto(`${q.url}/w/${ws}/p/${id}`);
    const paint = s.page.getByRole("region", { name: "Page content (the editor is loading)" });
    await paint.getByRole("heading", { name: "Shown at once" }).waitFor({ timeout: 60_000 });
    // The first level is shown while the second is still being read (once, by the page: the renderer does not read it again).
    await paint.getByText("A list item").waitFor();
    assert.equal(await paint.getByText("Nested below").count(), 0);
    await s.page.waitForFunction(() => document.querySelector('[aria-label="Page content (the editor is loading)"] .nt-loading[aria-busy="true"]'));
    assert.equal(nested.length, 1);
    releaseNested();
    await paint.getByText("Nested below").waitFor({ timeout: 60_000 });
    assert.equal(nested.length, 1);
    assert.equal(await s.page.locator(".bn-editor").count(), 0);
    const line = paint.getByText("Hello world");
    const box = (await line.boundingBox())!;
    await line.click({ position: { x: box.width - 1, y: box.height / 2 } });
    await s.page.keyboard.type(" again");
    // The blocks were read once, for the first paint; the editor is handed them (it has not loaded yet).
    assert.equal(children.length, 1);
    release();
    // The editor took its place, with the caret where the click was and the keys typed there.
    const editor = s.page.getByRole("textbox", { name: "Page content" });
    await editor.getByText(/again/).waitFor({ timeout: 60_000 });
    assert.equal(await paint.count(), 0);
    assert.equal(await editor.getAttribute("contenteditable"), "true");
    await saved(s.page);
    const blocks = await sees(() => tree(id), (t) => t[1]?.text.includes("again"), "the keys typed before the editor was ready");
    assert.equal(blocks[1].text.replace(" again", ""), "Hello world");
    assert.equal(blocks[0].text, "Shown at once");
    // The nested block came to the editor with the rest, and is edited there.
    const nestedLine = editor.getByText("Nested below");
    await nestedLine.click();
    await s.page.keyboard.press("End");
    await s.page.keyboard.type(" and edited");
    await saved(s.page);
    await sees(() => tree(id), (t) => t[2]?.children[0]?.text === "Nested below and edited", "the nested block edited in the editor");
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});

test("Chromium: a guest with view access reads the page and cannot type", { skip, timeout: 240_000 }, async () => {
  const id = await newPage("Guest view", [{ paragraph: { rich_text: [{ text: { content: "Read me" } }] } }]);
  const email = `guest-${Date.now()}@example.com`;
  const password = "guest password 123";
  const guest = await q.admin("POST", "/_quire/v1/users", { name: "Gus", email, password, role: "guest" });
  assert.equal(guest.status, 200, JSON.stringify(guest.body));
  const put = await q.admin("PUT", `/_quire/v1/pages/${id}/permissions`, { principal: { type: "user", id: guest.body.id }, level: "can_view" });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const g = await signedInPage(browser, q, { email, password });
  try {
    const writes: string[] = [];
    g.page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (r.method() !== "GET" && path !== "/v1/search" && !path.endsWith("/query")) writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await openPage(g.page, id);
    await g.page.getByText("Read me").waitFor();
    assert.equal(await g.page.locator(".bn-editor").getAttribute("contenteditable"), "false");
    assert.equal(await g.page.getByRole("heading", { level: 1 }).getAttribute("contenteditable"), "false");
    assert.equal(await g.page.getByRole("button", { name: "Add icon" }).count(), 0);
    await g.page.getByText("Read me").click();
    await g.page.keyboard.type("typed by a guest");
    assert.equal(await g.page.getByText("typed by a guest").count(), 0);
    assert.deepEqual(writes, []);
    const blocks = await tree(id);
    assert.deepEqual(shape(blocks), [["paragraph", "Read me"]]);
    assert.deepEqual(await axeViolations(g.page), []);
    assert.deepEqual(g.errors, []);
  } finally {
    await g.context.close();
  }
});

test("Chromium: a page of 100 blocks loads into the editor (time logged); comments beside its blocks", { skip, timeout: 360_000 }, async () => {
  const children = Array.from({ length: 100 }, (_, i) =>
    i % 10 === 0 ? { heading_2: { rich_text: [{ text: { content: `Section ${i / 10 + 1}` } }] } } : i % 3 === 0 ? { to_do: { rich_text: [{ text: { content: `Task ${i}` } }], checked: i % 2 === 0 } } : { paragraph: { rich_text: [{ text: { content: `Line ${i} with `, }, annotations: { bold: true } }, { text: { content: "a link", link: { url: "https://example.com" } } }] } },
  );
  const id = await newPage("Long page", children);
  const notion = q.client();
  const blocks = await tree(id);
  // A discussion an integration started on line 5, before the page opens.
  const started: any = await notion.comments.create({ parent: { block_id: blocks[5].id }, rich_text: [{ text: { content: "Is this right?" } }] } as any);
  const s = await signedInPage(browser, q);
  try {
    const ws = new URL(s.page.url()).pathname.split("/")[2];
    const t0 = Date.now();
    await s.page.goto(`${q.url}/w/${ws}/p/${id}`);
    // In the editor (the read-only first paint shows the text before it).
    await s.page.getByRole("textbox", { name: "Page content" }).getByText("Line 98 with").waitFor({ timeout: 90_000 });
    const ms = Date.now() - t0;
    assert.equal(await s.page.locator(".bn-block-content").count(), 100);
    console.log(`# a 100-block page: ${ms} ms from navigation to the editor holding every block`);
    // Nothing was saved by loading: the page is exactly as the SDK wrote it.
    await saved(s.page);
    assert.equal((await tree(id)).length, 100);

    step("comment counts");
    // Every block's counts in one read (…/pages/{id}/discussions), not a list per block: what it cost is logged.
    const reads: string[] = [];
    s.page.on("request", (r) => {
      if (r.url().includes("/v1/comments?block_id=")) reads.push(r.url());
    });
    const counts = await s.page.waitForFunction(() => (window as any).__quireCommentCounts, undefined, { timeout: 60_000 }).then((h) => h.jsonValue());
    console.log(`# comment counts of a 100-block page: one read (${counts.blocks} commented block) in ${counts.ms} ms`);
    assert.equal(counts.blocks, 1);

    step("kept live: a comment made elsewhere shows beside line 2");
    await notion.comments.create({ parent: { block_id: blocks[2].id }, rich_text: [{ text: { content: "Made elsewhere" } }] } as any);
    await s.page.getByRole("button", { name: "1 comment on “Line 2 with a link”" }).waitFor({ timeout: 30_000 });
    assert.deepEqual(reads, [], "no block's comments were listed one by one");

    step("a marker beside line 5; reply in its panel");
    const marker = s.page.getByRole("button", { name: "1 comment on “Line 5 with a link”" });
    await marker.click();
    const panel = s.page.getByRole("dialog", { name: "Comments on “Line 5 with a link”" });
    await panel.getByText("Is this right?").waitFor();
    await panel.getByRole("button", { name: "Reply" }).click();
    await panel.getByRole("textbox", { name: "Reply" }).fill("Yes, checked");
    await panel.getByRole("textbox", { name: "Reply" }).press("Enter");
    await panel.getByText("Yes, checked").waitFor();
    await s.page.getByRole("button", { name: "2 comments on “Line 5 with a link”" }).waitFor();
    const onFive: any = await notion.comments.list({ block_id: blocks[5].id });
    assert.deepEqual(onFive.results.map((c: any) => [c.discussion_id, c.rich_text.map((r: any) => r.plain_text).join("")]), [[started.discussion_id, "Is this right?"], [started.discussion_id, "Yes, checked"]]);
    assert.deepEqual(await axeViolations(s.page), []);
    await s.page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });

    step("Ctrl+Shift+M on line 7");
    await s.page.getByText("Line 7 with").click();
    await s.page.keyboard.press("Control+Shift+M");
    const seven = s.page.getByRole("dialog", { name: "Comments on “Line 7 with a link”" });
    const field = seven.getByRole("textbox", { name: "Comment on this block" });
    await field.waitFor();
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, "the new comment's field has focus");
    await s.page.keyboard.type("Reword this line");
    await s.page.keyboard.press("Enter");
    await s.page.getByRole("button", { name: "1 comment on “Line 7 with a link”" }).waitFor();
    const onSeven: any = await notion.comments.list({ block_id: blocks[7].id });
    assert.deepEqual(onSeven.results.map((c: any) => c.rich_text.map((r: any) => r.plain_text).join("")), ["Reword this line"]);
    assert.equal(onSeven.results[0].parent.block_id, blocks[7].id);

    await s.page.keyboard.press("Escape");
    await seven.waitFor({ state: "detached" });

    step("Ctrl+/ on line 8, keyboard only: move up, turn into, duplicate, delete");
    const texts = async () => (await tree(id)).map((b) => `${b.type}:${b.text}`);
    const said = s.page.locator(".page-editor [role=status][aria-live=polite]").first();
    // The cursor is back in line 7 (Escape returned focus to the editor): one line down.
    await s.page.keyboard.press("End");
    await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("Control+/");
    const menu = s.page.getByRole("menu", { name: "Actions for “Line 8 with a link”" });
    await menu.waitFor();
    assert.deepEqual(await menu.getByRole("menuitem").allTextContents(), ["Delete", "Duplicate", "Turn into ›", "Comment", "Move up", "Move down"]);
    assert.equal(await menu.getByRole("menuitem", { name: "Delete" }).evaluate((el) => el === document.activeElement), true, "the first action has focus");
    assert.deepEqual(await axeViolations(s.page), []);
    for (let i = 0; i < 4; i++) await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("Enter"); // Move up
    await menu.waitFor({ state: "detached" });
    assert.equal(await said.textContent(), "Moved “Line 8 with a link” up.");
    await sees(texts, (t) => t[7] === "paragraph:Line 8 with a link" && t[8] === "paragraph:Line 7 with a link", "line 8 above line 7");
    await saved(s.page);

    await s.page.keyboard.press("Control+/");
    await menu.waitFor();
    await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("Enter"); // Turn into
    const into = s.page.getByRole("menu", { name: "Turn “Line 8 with a link” into" });
    await into.waitFor();
    await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("Enter"); // Heading 1
    await into.waitFor({ state: "detached" });
    assert.equal(await said.textContent(), "Turned “Line 8 with a link” into Heading 1.");
    await sees(texts, (t) => t[7] === "heading_1:Line 8 with a link", "line 8 a heading");
    await saved(s.page);

    await s.page.keyboard.press("Control+/");
    await menu.waitFor();
    await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("Enter"); // Duplicate
    await sees(texts, (t) => t[7] === "heading_1:Line 8 with a link" && t[8] === "heading_1:Line 8 with a link" && t.length === 101, "line 8 twice");
    assert.equal(await said.textContent(), "Duplicated “Line 8 with a link”.");
    await saved(s.page);

    await s.page.keyboard.press("Control+/");
    await menu.waitFor();
    await s.page.keyboard.press("Enter"); // Delete
    await sees(texts, (t) => t[7] === "heading_1:Line 8 with a link" && t[8] === "paragraph:Line 7 with a link" && t.length === 100, "the copy deleted");
    assert.equal(await said.textContent(), "Deleted “Line 8 with a link”.");
    await saved(s.page);
    // Escape closes the menu and puts the cursor back in the block.
    await s.page.keyboard.press("Control+/");
    await menu.waitFor();
    await s.page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    assert.equal(await s.page.evaluate(() => !!document.activeElement?.closest(".bn-editor")), true, "the editor has focus again");
    assert.deepEqual(((await notion.comments.list({ block_id: blocks[7].id })) as any).results.map((c: any) => c.rich_text[0].plain_text), ["Reword this line"], "line 7 (and its comment) stayed");

    step("Comment in the block handle's menu");
    await s.page.getByText("Task 9", { exact: true }).hover();
    await s.page.getByRole("button", { name: "Open block menu" }).click();
    await s.page.getByRole("menuitem", { name: "Comment" }).click();
    const nine = s.page.getByRole("dialog", { name: "Comments on “Task 9”" });
    await nine.getByRole("textbox", { name: "Comment on this block" }).fill("Due Friday");
    await nine.getByRole("button", { name: "Comment", exact: true }).click();
    await s.page.getByRole("button", { name: "1 comment on “Task 9”" }).waitFor();
    assert.deepEqual(((await notion.comments.list({ block_id: blocks[9].id })) as any).results.map((c: any) => c.rich_text[0].plain_text), ["Due Friday"]);
    await s.page.keyboard.press("Escape");
    await nine.waitFor({ state: "detached" });

    step("a sub-page cannot be dragged among blocks: refused, said, nothing moves");
    const sub: any = await notion.pages.create({ parent: { page_id: id }, properties: { title: { title: [{ text: { content: "Sub page" } }] } } });
    const subBlock = s.page.locator('.opaque-block[data-notion-type="child_page"]');
    await subBlock.waitFor({ timeout: 30_000 }); // the 2 s live poll brings it in
    // A drag starting on its handle (dispatched: a pointer drag across the re-rendering side menu is
    // not stable under load). The side menu follows the pointer and a live refresh can redraw it for
    // another block between the hover and the drag, so the hover and the drag are tried again.
    const refused = s.page.getByRole("status").filter({ hasText: "A sub-page stays where it is" });
    for (let attempt = 1; ; attempt++) {
      await subBlock.hover();
      await s.page.getByRole("button", { name: "Open block menu" }).dispatchEvent("dragstart");
      try {
        await refused.waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
    await saved(s.page);
    const after = await tree(id);
    assert.equal(after.length, 101);
    assert.equal(after[100].id, sub.id, "the sub-page is still last");

    step("narrow window: the panel is a bottom sheet");
    await s.page.setViewportSize({ width: 390, height: 800 });
    await s.page.getByRole("button", { name: "1 comment on “Line 7 with a link”" }).click();
    const box = await seven.boundingBox();
    assert.ok(box && Math.abs(box.y + box.height - 800) < 2 && box.width >= 388, `a bottom sheet: ${JSON.stringify(box)}`);
    assert.deepEqual(await axeViolations(s.page), []);
    await s.page.keyboard.press("Escape");
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});

test("Chromium: caret keys (arrows, Home, End) and typing made while the editor swaps in are kept, in order, where the caret went", { skip, timeout: 240_000 }, async () => {
  const id = await newPage("Keys during the swap", [
    { paragraph: { rich_text: [{ text: { content: "First line" } }] } },
    { paragraph: { rich_text: [{ text: { content: "Hello world" } }] } },
  ]);
  const s = await signedInPage(browser, q);
  try {
    // The editor's last chunk is held until every key has been pressed: the swap comes after them, deterministically.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await s.page.route(/\/assets\/Editor-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const ws = new URL(s.page.url()).pathname.split("/")[2];
    await s.page.goto(`${q.url}/w/${ws}/p/${id}`);
    const paint = s.page.getByRole("region", { name: "Page content (the editor is loading)" });
    const line = paint.getByText("Hello world");
    await line.waitFor({ timeout: 60_000 });
    const box = (await line.boundingBox())!;
    await line.click({ position: { x: box.width - 1, y: box.height / 2 } });
    const kb = s.page.keyboard;
    await kb.type("!"); // Hello world!|
    for (let i = 0; i < 6; i++) await kb.press("ArrowLeft"); // Hello |world!
    await kb.type("big "); // Hello big |world!
    await kb.press("ArrowUp"); // up to the first line
    await kb.press("End");
    await kb.type(" up"); // First line up|
    await kb.press("Home");
    await kb.type("A "); // A |First line up
    await kb.press("ArrowDown");
    await kb.press("End");
    await kb.type("?"); // Hello big world!?
    assert.equal(await s.page.locator(".bn-editor").count(), 0, "the keys were all pressed before the editor came");
    release();
    const editor = s.page.getByRole("textbox", { name: "Page content" });
    await editor.getByText("Hello big world!?").waitFor({ timeout: 60_000 });
    await saved(s.page);
    const blocks = await sees(() => tree(id), (t) => t[1]?.text === "Hello big world!?" && t[0]?.text === "A First line up", "the keys made during the swap, in order");
    assert.equal(blocks.length, 2);
    // The caret is still where the last key left it: typing now goes on from there.
    await kb.type(" yes");
    await saved(s.page);
    await sees(() => tree(id), (t) => t[1]?.text === "Hello big world!? yes", "typing after the swap continues at the caret");
    assert.deepEqual(await axeViolations(s.page), []);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});
