/**
 * The web app by keyboard alone (issue 16: "keyboard-only use of every main flow"), in real
 * headless Chromium: no click, no `fill` — only `page.keyboard` (Tab, Shift+Tab, Enter, Escape,
 * arrows, typing). Sign in; the skip link; a new page named and written (a heading, a to-do);
 * a database found through search, a cell edited and a filter added; the page found again through
 * search. Every control reached by Tab shows a focus ring. Each change is checked through the SDK
 * or the Views API; axe finds no WCAG A/AA violation and the console stays clean.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Locator, Page } from "playwright-core";
import { rt, type TestQuire } from "./helpers/quire.js";
import { axeViolations, collectErrors, tabTo, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
let databaseId: string;
let rowId: string;

const skip = webSuite({
  ready: async (s) => {
    ({ q, browser } = s);
    const notion = q.client();
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Chores"),
      initial_data_source: { properties: { Name: { title: {} }, Notes: { rich_text: {} } } },
    } as any);
    databaseId = db.id;
    const dataSourceId = db.data_sources[0].id;
    for (const name of ["Water plants", "Sweep floor"]) {
      const row: any = await notion.pages.create({ parent: { type: "data_source_id", data_source_id: dataSourceId }, properties: { Name: { title: rt(name) } } } as any);
      if (name === "Water plants") rowId = row.id;
    }
  },
});

/** Polls `fn` until it answers true (a change made in the browser reaching the server). */
async function until(what: string, fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the search's first (active) option is `option`: the answer to what was typed, not the recent pages. */
async function activeOption(page: Page, options: Locator): Promise<void> {
  const option = options.first();
  await option.waitFor();
  const box = page.getByRole("combobox", { name: "Search pages" });
  await until("the result is the active option", async () => (await box.getAttribute("aria-activedescendant")) === (await option.getAttribute("id")));
}

test("keyboard only: sign in, skip link, a new page written, a database cell edited and filtered, search; axe; no console errors", { skip, timeout: 240_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    // The person's own token (the app's private pages are theirs, not the dev integration's).
    const users: any = await q.client().users.list({});
    const me = users.results.find((u: any) => u.type === "person" && u.person?.email === q.owner!.email);
    const made = await q.admin("POST", `/_quire/v1/users/${me.id}/tokens`, { name: "keyboard test" });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const notion = q.client({ auth: made.body.token });
    // Sign in: the form by Tab and typing, sent by Enter.
    await page.goto(`${q.url}/`);
    await tabTo(page, page.getByLabel("Email"));
    await page.keyboard.type(q.owner!.email);
    await tabTo(page, page.getByLabel("Password"));
    await page.keyboard.type(q.owner!.password!);
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/w/")), page.keyboard.press("Enter")]);
    const sidebar = page.getByRole("navigation", { name: "Workspace" });
    await sidebar.getByRole("tree", { name: "Pages" }).getByRole("treeitem").first().waitFor();

    // The first Tab stop skips the sidebar: Enter puts focus on the main landmark.
    await tabTo(page, page.getByRole("link", { name: "Skip to content" }));
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");

    // A new page: "New page" in the sidebar opens it with its title focused; Enter goes to the body.
    await tabTo(page, sidebar.getByRole("button", { name: "New page", exact: true }), { back: true });
    await Promise.all([page.waitForURL(/\/p\/[0-9a-f-]+$/), page.keyboard.press("Enter")]);
    const pageId = new URL(page.url()).pathname.split("/").pop()!;
    const title = page.getByRole("heading", { level: 1 });
    await until("the title focused", () => title.evaluate((el) => el === document.activeElement));
    // (The body's editor is a chunk of its own: Enter moves into it once it is shown.)
    await page.locator(".bn-editor").waitFor();
    await page.keyboard.type("Keyboard notes");
    await page.keyboard.press("Enter");
    await until("the body focused", () => page.evaluate(() => !!document.activeElement?.closest(".bn-editor")));
    await page.keyboard.type("# Plan");
    await page.keyboard.press("Enter");
    await page.keyboard.type("[] Buy milk");
    await until("the heading and the to-do saved", async () => {
      const blocks: any[] = (await notion.blocks.children.list({ block_id: pageId })).results;
      const text = (b: any) => (b[b.type]?.rich_text ?? []).map((r: any) => r.plain_text).join("");
      return blocks.some((b) => b.type === "heading_1" && text(b) === "Plan") && blocks.some((b) => b.type === "to_do" && text(b) === "Buy milk" && b.to_do.checked === false);
    });
    const named: any = await notion.pages.retrieve({ page_id: pageId });
    assert.equal(named.properties.title.title.map((r: any) => r.plain_text).join(""), "Keyboard notes");

    // The database through search (Ctrl+K, type, Enter).
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+k");
    const search = page.getByRole("dialog", { name: "Search" });
    await search.getByRole("combobox", { name: "Search pages" }).waitFor();
    await page.keyboard.type("Chores");
    await activeOption(page, search.getByRole("option", { name: /Chores/ }));
    await Promise.all([page.waitForURL(new RegExp(`/d/${databaseId}`)), page.keyboard.press("Enter")]);
    await page.getByRole("heading", { level: 1, name: "Chores" }).waitFor();

    // A cell: Tab to it, Enter opens its editor, typing and Enter save it; focus comes back to the cell.
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Water plants", exact: true }) });
    const cell = row.getByRole("button", { name: /^Notes:/ });
    await tabTo(page, cell);
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Edit Notes" }).waitFor();
    await page.keyboard.type("twice a week");
    await page.keyboard.press("Enter");
    await until("the cell saved", async () => {
      const p: any = await notion.pages.retrieve({ page_id: rowId });
      return p.properties.Notes.rich_text.map((r: any) => r.plain_text).join("") === "twice a week";
    });
    await page.getByRole("dialog", { name: "Edit Notes" }).waitFor({ state: "detached" });
    await until("focus back on the cell", () => row.getByRole("button", { name: /^Notes:/ }).evaluate((el) => el === document.activeElement));

    // A filter: the toolbar's Filter button, a rule added, its value typed, saved; Escape-free.
    await tabTo(page, page.getByRole("button", { name: /^Filter/ }), { back: true });
    await page.keyboard.press("Enter");
    const filters = page.getByRole("dialog", { name: "Filters" });
    await filters.waitFor();
    await tabTo(page, filters.getByRole("button", { name: "+ Add filter rule" }), { max: 5 });
    await page.keyboard.press("Enter");
    await tabTo(page, filters.getByRole("listitem", { name: "Rule 1" }).getByLabel("Value"), { back: true, max: 5 });
    await page.keyboard.type("Water plants");
    await tabTo(page, filters.getByRole("button", { name: "Save filters" }), { max: 10 });
    await page.keyboard.press("Enter");
    await filters.waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Sweep floor", exact: true }).waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Water plants", exact: true }).waitFor();
    const views = await q.raw("GET", `/v1/views?database_id=${databaseId}`);
    const view = await q.raw("GET", `/v1/views/${views.body.results[0].id}`);
    assert.deepEqual(view.body.filter, { and: [{ property: "Name", title: { equals: "Water plants" } }] });

    // The page again, through search: its heading and to-do shown.
    await page.keyboard.press("Control+k");
    await search.getByRole("combobox", { name: "Search pages" }).waitFor();
    await page.keyboard.type("Keyboard notes");
    await activeOption(page, search.getByRole("option", { name: /Keyboard notes/ }));
    await Promise.all([page.waitForURL(new RegExp(`/p/${pageId}$`)), page.keyboard.press("Enter")]);
    await page.getByRole("heading", { name: "Plan" }).waitFor();

    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
