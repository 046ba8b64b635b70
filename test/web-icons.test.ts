/**
 * Icons of databases and callouts in the web app, in real headless Chromium: the picker a page's
 * header has (page/IconPicker.tsx, one component) sets a database's icon (PATCH /v1/databases/:id)
 * and a callout's (PATCH /v1/blocks/:id `callout.icon`) to an emoji, a workspace custom emoji, an
 * image URL, an uploaded file (/v1/file_uploads), and removes it; each step is checked through the
 * SDK, and the icon is shown where the database appears (its header, the sidebar, the page's child
 * database block, a link mention, a sub-page's breadcrumbs). axe finds nothing; the console stays clean.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import type { TestQuire } from "./helpers/quire.js";
import { axeViolations, sees, signedInPage, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
const skip = webSuite({ ready: (s) => ({ q, browser } = s) });

/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const rt = (content: string) => [{ type: "text" as const, text: { content } }];

/** A workspace custom emoji made through the admin API from the PNG: its id. */
async function customEmoji(name: string): Promise<string> {
  const sdk = q.client();
  const upload: any = await sdk.fileUploads.create({ filename: `${name}.png`, content_type: "image/png" });
  await sdk.fileUploads.send({ file_upload_id: upload.id, file: { filename: `${name}.png`, data: new Blob([Buffer.from(PNG, "base64")], { type: "image/png" }) } });
  const made = await q.admin("POST", "/_quire/v1/custom_emojis", { name, file_upload: { id: upload.id } });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  return made.body.id as string;
}

/** The PNG as a file on disk, for the picker's file input. */
function pngFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), "quire-icons-")), "icon.png");
  writeFileSync(path, Buffer.from(PNG, "base64"));
  return path;
}

/**
 * Every kind of icon through one picker: `open` opens it (its dialog is named `label`), `read`
 * answers the icon the server holds. Returns after Remove.
 */
async function everyKind(page: Page, open: () => Promise<void>, label: string, read: () => Promise<any>, emojiId: string): Promise<void> {
  const picker = page.getByRole("dialog", { name: label });
  const step = async (act: (p: Locator) => Promise<void>, want: (icon: any) => boolean, what: string) => {
    await open();
    await picker.waitFor();
    await act(picker);
    await picker.waitFor({ state: "detached", timeout: 30_000 });
    return sees(read, want, `${label}: ${what}`);
  };
  await step(
    async (p) => {
      await p.getByRole("textbox", { name: "Emoji" }).fill("🦊");
      assert.deepEqual(await axeViolations(page), []);
      await p.getByRole("button", { name: "Use emoji" }).click();
    },
    (i) => i?.type === "emoji" && i.emoji === "🦊",
    "emoji",
  );
  const custom = await step(
    async (p) => {
      await p.getByRole("searchbox", { name: "Search workspace emojis" }).fill("fox");
      await p.getByRole("button", { name: ":icons_fox:" }).click();
    },
    (i) => i?.type === "custom_emoji",
    "custom emoji",
  );
  assert.equal(custom.custom_emoji.id, emojiId);
  const url = custom.custom_emoji.url as string; // an image this server serves: used as "an image URL"
  await step(
    async (p) => {
      await p.getByRole("textbox", { name: "Image URL" }).fill(url);
      await p.getByRole("button", { name: "Use link" }).click();
    },
    (i) => i?.type === "external" && i.external.url === url,
    "image URL",
  );
  const uploaded = await step(
    async (p) => {
      await p.getByLabel("Upload an image").setInputFiles(pngFile());
    },
    (i) => i?.type === "file",
    "uploaded file",
  );
  assert.equal((await page.request.get(uploaded.file.url)).status(), 200);
}

test("Chromium: a database's icon through the page's picker (emoji, custom emoji, URL, upload, remove), shown in the sidebar, the child database block, a mention and breadcrumbs", { skip, timeout: 600_000 }, async () => {
  const notion = q.client();
  const emojiId = await customEmoji("icons_fox");
  const holder: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Icon holder") } } });
  const db: any = await notion.databases.create({ parent: { type: "page_id", page_id: holder.id }, title: rt("Iconed"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
  const row: any = await notion.pages.create({ parent: { type: "database_id", database_id: db.id } as any, properties: { Name: { title: rt("A row") } } as any });
  await notion.blocks.children.append({ block_id: holder.id, children: [{ paragraph: { rich_text: [{ type: "mention", mention: { database: { id: db.id } } } as any, ...rt(" mentioned")] } }] });
  const s = await signedInPage(browser, q);
  try {
    const ws = new URL(s.page.url()).pathname.split("/")[2];
    await s.page.goto(`${q.url}/w/${ws}/d/${db.id}`);
    await s.page.getByRole("heading", { name: "Iconed", level: 1 }).waitFor({ timeout: 60_000 });
    const read = async () => ((await notion.databases.retrieve({ database_id: db.id })) as any).icon;
    const open = async () => {
      await s.page.getByRole("button", { name: /^(Add|Change) icon$/ }).click();
    };
    await everyKind(s.page, open, "Database icon", read, emojiId);
    // The header shows the uploaded image.
    await s.page.getByRole("img", { name: "Database icon" }).waitFor();
    assert.equal(await s.page.getByRole("img", { name: "Database icon" }).evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth), 1);

    // Where the database is shown: the holder page's child database block and link mention, the
    // sidebar under the holder, and the breadcrumbs of a row.
    const icon = ((await notion.databases.retrieve({ database_id: db.id })) as any).icon;
    await s.page.goto(`${q.url}/w/${ws}/p/${holder.id}`);
    await s.page.locator(".bn-editor").waitFor({ timeout: 60_000 });
    const content = s.page.getByRole("textbox", { name: "Page content" });
    const iconImgs = (where: Locator) => where.locator("img.nt-icon-img");
    await sees(async () => await iconImgs(content).count(), (n) => n >= 2, "the child database block and the mention show the database's image icon");
    const tree = s.page.getByRole("tree", { name: "Pages" });
    const holderRow = tree.getByRole("treeitem", { name: "Icon holder", exact: true });
    await holderRow.waitFor({ timeout: 30_000 });
    if ((await holderRow.getAttribute("aria-expanded")) === "false") {
      await holderRow.focus();
      await s.page.keyboard.press("ArrowRight");
    }
    await tree.getByRole("treeitem", { name: "Iconed", exact: true }).locator("img.tree-icon").waitFor({ timeout: 30_000 });
    assert.deepEqual(await axeViolations(s.page), []);
    await s.page.goto(`${q.url}/w/${ws}/p/${row.id}`);
    const crumbs = s.page.getByRole("navigation", { name: "Breadcrumb" });
    await crumbs.getByRole("link", { name: "Iconed" }).locator("img").waitFor({ timeout: 60_000 });
    assert.ok(icon.file.url);

    // Remove.
    await s.page.goto(`${q.url}/w/${ws}/d/${db.id}`);
    await s.page.getByRole("button", { name: "Change icon" }).click();
    await s.page.getByRole("dialog", { name: "Database icon" }).getByRole("button", { name: "Remove" }).click();
    await sees(read, (i) => i === null, "the database icon removed");
    await s.page.getByRole("button", { name: "Add icon" }).waitFor();
    assert.deepEqual(await axeViolations(s.page), []);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});

test("Chromium: a callout's icon through the same picker, in the editor (emoji, custom emoji, URL, upload, remove)", { skip, timeout: 600_000 }, async () => {
  const notion = q.client();
  const emojiId = await customEmoji("icons_fox2");
  const page: any = await notion.pages.create({
    parent: { page_id: q.rootPageId },
    properties: { title: { title: rt("Callouts") } },
    children: [{ callout: { rich_text: rt("Mind the gap"), icon: { emoji: "💡" } } }],
  });
  const calloutId = ((await notion.blocks.children.list({ block_id: page.id })).results[0] as any).id;
  const read = async () => ((await notion.blocks.retrieve({ block_id: calloutId })) as any).callout.icon;
  const s = await signedInPage(browser, q);
  try {
    const ws = new URL(s.page.url()).pathname.split("/")[2];
    await s.page.goto(`${q.url}/w/${ws}/p/${page.id}`);
    await s.page.locator(".bn-editor").waitFor({ timeout: 60_000 });
    const open = async () => {
      await s.page.getByRole("button", { name: /^(Add|Change) callout icon$/ }).click();
    };
    // The custom emoji's name differs from the database test's: the search for "fox" lists both, the button is by name.
    await everyKindCallout(s.page, open, read, emojiId);
    await s.page.getByRole("button", { name: "Change callout icon" }).locator("img").waitFor();
    await open();
    await s.page.getByRole("dialog", { name: "Callout icon" }).getByRole("button", { name: "Remove" }).click();
    await sees(read, (i) => i === null, "the callout icon removed");
    await s.page.getByRole("button", { name: "Add callout icon" }).waitFor();
    // The text was not touched, and a reload shows the callout without icon.
    assert.equal(((await notion.blocks.retrieve({ block_id: calloutId })) as any).callout.rich_text[0].plain_text, "Mind the gap");
    await s.page.reload();
    await s.page.getByRole("button", { name: "Add callout icon" }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await axeViolations(s.page), []);

    // By keyboard: Ctrl+/ in the callout, its "Icon" action, an emoji typed and Enter.
    await s.page.getByRole("textbox", { name: "Page content" }).getByText("Mind the gap").click();
    await s.page.keyboard.press("End");
    await s.page.keyboard.press("Control+/");
    const menu = s.page.getByRole("menu", { name: /^Actions for/ });
    await menu.waitFor();
    assert.deepEqual(await menu.getByRole("menuitem").allTextContents(), ["Delete", "Duplicate", "Turn into ›", "Icon", "Comment", "Move up", "Move down"]);
    for (let i = 0; i < 3; i++) await s.page.keyboard.press("ArrowDown");
    await s.page.keyboard.press("Enter");
    const picker = s.page.getByRole("dialog", { name: "Callout icon" });
    await picker.waitFor();
    await s.page.waitForFunction(() => document.activeElement?.closest("[role=dialog]")?.getAttribute("aria-label") === "Callout icon");
    await s.page.keyboard.type("🐢");
    await s.page.keyboard.press("Enter");
    await picker.waitFor({ state: "detached" });
    await sees(read, (i) => i?.type === "emoji" && i.emoji === "🐢", "the callout icon chosen by keyboard");
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});

/** `everyKind` for a callout, whose custom emoji is `icons_fox2`. */
async function everyKindCallout(page: Page, open: () => Promise<void>, read: () => Promise<any>, emojiId: string): Promise<void> {
  const picker = page.getByRole("dialog", { name: "Callout icon" });
  const step = async (act: (p: Locator) => Promise<void>, want: (icon: any) => boolean, what: string) => {
    await open();
    await picker.waitFor();
    await act(picker);
    await picker.waitFor({ state: "detached", timeout: 30_000 });
    return sees(read, want, `callout icon: ${what}`);
  };
  await step(
    async (p) => {
      await p.getByRole("textbox", { name: "Emoji" }).fill("🦊");
      assert.deepEqual(await axeViolations(page), []);
      await p.getByRole("button", { name: "Use emoji" }).click();
    },
    (i) => i?.type === "emoji" && i.emoji === "🦊",
    "emoji",
  );
  const custom = await step((p) => p.getByRole("button", { name: ":icons_fox2:" }).click(), (i) => i?.type === "custom_emoji", "custom emoji");
  assert.equal(custom.custom_emoji.id, emojiId);
  const url = custom.custom_emoji.url as string;
  await step(
    async (p) => {
      await p.getByRole("textbox", { name: "Image URL" }).fill(url);
      await p.getByRole("button", { name: "Use link" }).click();
    },
    (i) => i?.type === "external" && i.external.url === url,
    "image URL",
  );
  const uploaded = await step((p) => p.getByLabel("Upload an image").setInputFiles(pngFile()), (i) => i?.type === "file", "uploaded file");
  assert.equal((await page.request.get(uploaded.file.url)).status(), 200);
}
