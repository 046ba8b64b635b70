/**
 * The web app's sidebar in real headless Chromium (test/helpers/web.ts), driven as a person does
 * (roles, labels, keys) and checked through the SDK: the page tree loads a row's children when it
 * is expanded, a child page is created, renamed, moved with "Move to" and trashed (undo, and
 * restore from the trash screen); search by keyboard opens a result; a starred page is in
 * Favorites after a reload; the tree by keyboard (arrows, Enter) and the current page's
 * ancestors opened; the sidebar at 390 px. axe finds no WCAG A/AA violation and the console
 * stays clean in each.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { TestQuire } from "./helpers/quire.js";
import { axeViolations, signedInPage, webSuite } from "./helpers/web.js";
import { personWithPassword } from "./helpers/web-session.js";

let q: TestQuire;
let browser: Browser;
/** Pages made through the SDK under "Getting started": Projects (with a child), Archive. */
let projects: string;
let plans: string;
let archive: string;

async function child(parent: string, title: string): Promise<string> {
  return (await q.client().pages.create({ parent: { page_id: parent }, properties: { title: { title: [{ text: { content: title } }] } } })).id;
}

/** Polls `fn` until it answers true (a change made in the browser reaching the server). */
async function until(what: string, fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`never: ${what}`);
}

const page$ = (id: string) => q.client().pages.retrieve({ page_id: id }) as Promise<any>;
const titleOf = (p: any) => (p.properties.title.title as { plain_text: string }[]).map((t) => t.plain_text).join("");
const workspaceOf = (page: Page) => new URL(page.url()).pathname.split("/")[2];

const skip = webSuite({
  ready: async (s) => {
    ({ q, browser } = s);
    projects = await child(q.rootPageId, "Projects");
    plans = await child(projects, "Plans");
    archive = await child(q.rootPageId, "Archive");
  },
});

test("Chromium: the tree loads children when expanded; a child page is created, renamed, moved by the dialog, trashed and restored", { skip, timeout: 180_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    const tree = page.getByRole("tree", { name: "Pages" });
    const root = tree.getByRole("treeitem", { name: "Getting started", exact: true });
    await root.waitFor();
    // Lazy: nothing below a row is read before it is expanded.
    assert.equal(await tree.getByRole("treeitem", { name: "Projects" }).count(), 0);
    assert.equal(await root.getAttribute("aria-expanded"), "false");
    await root.focus();
    await page.keyboard.press("ArrowRight");
    const projectsItem = tree.getByRole("treeitem", { name: "Projects", exact: true });
    await projectsItem.waitFor();
    assert.equal(await root.getAttribute("aria-expanded"), "true");

    // Create a page inside Projects with its "+".
    await projectsItem.hover();
    await page.getByRole("button", { name: "Add a page inside Projects" }).click();
    await page.waitForURL(/\/p\/[0-9a-f-]{36}$/);
    const made = page.url().split("/").pop()!;
    assert.equal((await page$(made)).parent.page_id, projects, "the new page is inside Projects");

    // Rename it from its row's menu.
    const untitled = tree.getByRole("treeitem", { name: "Untitled" });
    await untitled.waitFor();
    await page.getByRole("button", { name: "More actions for Untitled" }).click();
    await page.getByRole("menuitem", { name: "Rename" }).click();
    await page.getByLabel("Page title").fill("Roadmap");
    await page.getByLabel("Page title").press("Enter");
    await until("renamed", async () => titleOf(await page$(made)) === "Roadmap");
    const roadmap = tree.getByRole("treeitem", { name: "Roadmap" });
    await roadmap.waitFor();
    assert.equal(await roadmap.getAttribute("aria-selected"), "true", "the open page is the tree's selected row");

    // Move it into Archive with "Move to…".
    await page.getByRole("button", { name: "More actions for Roadmap" }).click();
    await page.getByRole("menuitem", { name: "Move to…" }).click();
    const dialog = page.getByRole("dialog", { name: "Move “Roadmap” to…" });
    await dialog.getByLabel("Search for a page").fill("Archive");
    await dialog.getByRole("button", { name: "Archive" }).click();
    await until("moved into Archive", async () => (await page$(made)).parent.page_id === archive);
    await dialog.waitFor({ state: "detached" });
    // The tree follows: Archive opened with Roadmap inside (one level down).
    const archiveItem = tree.getByRole("treeitem", { name: "Archive", exact: true });
    await until("Roadmap once in the tree, under Archive", async () => {
      const rows = tree.getByRole("treeitem", { name: "Roadmap" });
      if ((await rows.count()) !== 1 || (await rows.getAttribute("aria-level")) !== "3") return false;
      const order = await tree.getByRole("treeitem").evaluateAll((els) => els.map((e) => e.getAttribute("data-tree-id")));
      return order[order.indexOf(made) - 1] === archive;
    });
    assert.equal(await archiveItem.getAttribute("aria-expanded"), "true");

    // Trash it, undo, trash again and restore it from the trash screen.
    await page.getByRole("button", { name: "More actions for Roadmap" }).click();
    await page.getByRole("menuitem", { name: "Move to trash" }).click();
    await until("trashed", async () => (await page$(made)).in_trash === true);
    await page.getByRole("button", { name: "Undo" }).click();
    await until("restored by undo", async () => (await page$(made)).in_trash === false);
    await tree.getByRole("treeitem", { name: "Roadmap" }).waitFor();
    await page.getByRole("button", { name: "More actions for Roadmap" }).click();
    await page.getByRole("menuitem", { name: "Move to trash" }).click();
    await until("trashed again", async () => (await page$(made)).in_trash === true);
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Trash" }).click();
    await page.getByRole("heading", { level: 1, name: "Trash" }).waitFor();
    await page.getByRole("button", { name: "Restore Roadmap" }).click();
    await until("restored from the trash", async () => (await page$(made)).in_trash === false);
    await page.getByText("The trash is empty.").waitFor();

    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Chromium: search by keyboard (Ctrl+K, type, arrows, Enter) opens the result; the search screen lists it", { skip, timeout: 120_000 }, async () => {
  const zebra = await child(archive, "Zebra crossing notes");
  await child(archive, "Zebra stripes");
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    const base = `/w/${workspaceOf(page)}`;
    await page.getByRole("tree", { name: "Pages" }).getByRole("treeitem").first().waitFor();
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog", { name: "Search" });
    const box = dialog.getByRole("combobox", { name: "Search pages" });
    await box.waitFor();
    await page.keyboard.type("zebra cross");
    const option = dialog.getByRole("option", { name: /Zebra crossing notes/ });
    await option.waitFor();
    await until("the result is the active option", async () => (await box.getAttribute("aria-activedescendant")) === (await option.getAttribute("id")));
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/p/${zebra}$`));
    await dialog.waitFor({ state: "detached" });
    assert.deepEqual(await axeViolations(page), []);

    // Arrows move through several results.
    await page.keyboard.press("Control+k");
    await page.keyboard.type("zebra");
    await dialog.getByRole("option").nth(1).waitFor();
    const first = await dialog.getByRole("option").nth(0).getAttribute("id");
    const second = await dialog.getByRole("option").nth(1).getAttribute("id");
    assert.equal(await box.getAttribute("aria-activedescendant"), first);
    await page.keyboard.press("ArrowDown");
    assert.equal(await box.getAttribute("aria-activedescendant"), second);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    await page.goto(`${q.url}${base}/search?q=zebra`);
    await page.getByRole("heading", { level: 1, name: "Search" }).waitFor();
    await page.getByRole("main").getByRole("link", { name: /Zebra stripes/ }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Chromium: a starred page is in Favorites after a reload, and unstarred leaves it", { skip, timeout: 120_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    const base = `/w/${workspaceOf(page)}`;
    await page.goto(`${q.url}${base}/p/${plans}`);
    const star = page.getByRole("button", { name: "Favorite" });
    await star.waitFor();
    assert.equal(await star.getAttribute("aria-pressed"), "false");
    await star.click();
    await until("starred", async () => (await star.getAttribute("aria-pressed")) === "true");
    await page.reload();
    const favorites = page.getByRole("region", { name: "Favorites" });
    await favorites.getByRole("link", { name: /Plans/ }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Favorite" }).getAttribute("aria-pressed"), "true");
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole("button", { name: "Favorite" }).click();
    await favorites.waitFor({ state: "detached" });
    await page.reload();
    await page.getByRole("button", { name: "Favorite" }).waitFor();
    assert.equal(await page.getByRole("region", { name: "Favorites" }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Chromium: the tree by keyboard (arrows, Enter), a deep page's ancestors opened, a row dragged onto another page", { skip, timeout: 120_000 }, async () => {
  const dragged = await child(projects, "Dragged along");
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    const base = `/w/${workspaceOf(page)}`;
    // Opened by its address, a page two levels down shows in the tree, selected, its ancestors open.
    await page.goto(`${q.url}${base}/p/${plans}`);
    const tree = page.getByRole("tree", { name: "Pages" });
    const plansItem = tree.getByRole("treeitem", { name: "Plans", exact: true });
    await plansItem.waitFor();
    assert.equal(await plansItem.getAttribute("aria-selected"), "true");
    assert.equal(await plansItem.getAttribute("aria-level"), "3");
    assert.equal(await plansItem.getByRole("link").getAttribute("aria-current"), "page");

    const focusedId = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.treeId ?? null);
    // Tab reaches the tree at the selected row.
    await page.getByRole("button", { name: "Trash" }).or(page.getByRole("link", { name: "Trash" })).focus();
    await until("the tree takes focus", async () => {
      await page.keyboard.press("Tab");
      return (await focusedId()) === plans;
    });
    await page.keyboard.press("ArrowLeft"); // Plans has no open children: to its parent.
    assert.equal(await focusedId(), projects);
    await page.keyboard.press("ArrowLeft"); // collapse Projects
    const projectsItem = tree.getByRole("treeitem", { name: "Projects", exact: true });
    assert.equal(await projectsItem.getAttribute("aria-expanded"), "false");
    await page.keyboard.press("ArrowRight"); // expand again
    assert.equal(await projectsItem.getAttribute("aria-expanded"), "true");
    // To the first child. Expanding again reads the children again: a press made before they
    // arrive leaves focus on Projects, so it is pressed again then (on Plans, a leaf, it would do nothing).
    await page.keyboard.press("ArrowRight");
    await until("focus on Plans", async () => {
      const at = await focusedId();
      if (at === projects) await page.keyboard.press("ArrowRight");
      return at === plans;
    });
    await page.keyboard.press("ArrowUp");
    assert.equal(await focusedId(), projects);
    await page.keyboard.press("Home");
    assert.equal(await focusedId(), q.rootPageId);
    // ↓ goes to the row drawn below, and on to Projects: the root's rows besides it (pages the
    // file's other tests made) may be drawn before it — a PostgreSQL CI pass once had one there.
    const drawn = () => tree.locator("[role=treeitem]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.treeId ?? ""));
    for (let i = 0; (await focusedId()) !== projects; i++) {
      assert.ok(i < 10, `Projects reached by ↓: ${await drawn()}`);
      const rows = await drawn();
      const from = await focusedId();
      await page.keyboard.press("ArrowDown");
      assert.equal(await focusedId(), rows[rows.indexOf(from ?? "") + 1], `↓ from ${from} over ${rows}`);
    }
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/p/${projects}$`));
    await until("Projects selected", async () => (await projectsItem.getAttribute("aria-selected")) === "true");
    assert.deepEqual(await axeViolations(page), []);

    // Dragging a row onto another page moves it there.
    const draggedItem = tree.getByRole("treeitem", { name: "Dragged along" });
    await draggedItem.waitFor();
    await draggedItem.dragTo(tree.getByRole("treeitem", { name: "Archive", exact: true }));
    await until("dragged into Archive", async () => (await page$(dragged)).parent.page_id === archive);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Chromium: at 390 px the sidebar opens from the menu with its tree, search and trash", { skip, timeout: 120_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q, undefined, { width: 390, height: 800 });
  try {
    await page.getByRole("button", { name: "Menu" }).click();
    const nav = page.getByRole("navigation", { name: "Workspace" });
    const root = nav.getByRole("treeitem", { name: "Getting started", exact: true });
    await root.waitFor();
    assert.ok(await nav.getByRole("button", { name: "Search" }).isVisible());
    assert.ok(await nav.getByRole("link", { name: "Trash" }).isVisible());
    // Once the sidebar has slid in (a 0.15 s transition), the tree fits the window.
    await until("the tree fits the window", async () => {
      const box = await root.boundingBox();
      return !!box && box.x >= 0 && box.x + box.width <= 390;
    });
    await root.getByRole("link", { name: /Getting started/ }).click();
    await page.getByRole("heading", { level: 1, name: "Getting started" }).waitFor();
    await page.getByRole("button", { name: "Share" }).waitFor();
    // "New page" makes a top-level page (the person's Private section) and opens it, selected in the tree.
    await page.getByRole("button", { name: "Menu" }).click();
    await nav.getByRole("button", { name: "New page" }).click();
    await page.waitForURL((u) => /\/p\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(q.rootPageId));
    const made = page.url().split("/").pop()!;
    const row = nav.locator(`[role=treeitem][data-tree-id="${made}"]`);
    await row.waitFor({ state: "attached" });
    assert.equal(await row.getAttribute("aria-level"), "1");
    await until("the new page selected", async () => (await row.getAttribute("aria-selected")) === "true");
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Chromium: Share — an owner invites, changes and removes a person and connects an integration; a full-access member shares; a can-edit member sees it read-only", { skip, timeout: 240_000 }, async () => {
  const members = (await q.admin("GET", "/_quire/v1/members?page_size=100")).body.results as { user_id: string; email: string; role: string }[];
  const ownerId = members.find((m) => m.email === q.owner!.email)!.user_id;
  const budget = (await q.admin("POST", "/_quire/v1/pages", { title: "Budget", section: "private", created_by: ownerId })).body.id as string;
  const fay = await personWithPassword(q, "Fay Full", { email: `fay-${Date.now()}@example.test` });
  const ed = await personWithPassword(q, "Ed Edits", { email: `ed-${Date.now()}@example.test` });
  const linus = await personWithPassword(q, "Linus Share", { email: `linus-${Date.now()}@example.test` });
  const bot = (await q.admin("POST", "/_quire/v1/integrations", { name: "Ledger sync" })).body.id as string;
  const finance = (await q.admin("POST", "/_quire/v1/groups", { name: "Finance team" })).body.id as string;
  for (const [id, level] of [[fay.id, "full_access"], [ed.id, "can_edit"]])
    assert.equal((await q.admin("PUT", `/_quire/v1/pages/${budget}/permissions`, { principal: { type: "user", id }, level })).status, 200);
  const entry = async (who: string) => ((await q.admin("GET", `/_quire/v1/pages/${budget}/permissions`)).body.explicit as { principal: { id: string }; level: string }[]).find((e) => e.principal.id === who);
  const shares = async () => (await q.admin("GET", `/_quire/v1/integrations/${bot}`)).body.shares as string[];

  // The owner: invite by keyboard (the picker is a real select), change the level, remove; connect and disconnect.
  {
    const { context, page, errors } = await signedInPage(browser, q);
    try {
      await page.goto(`${q.url}/w/${workspaceOf(page)}/p/${budget}`);
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog", { name: "Share “Budget”" });
      const picker = dialog.getByLabel("Add people, groups or the workspace");
      await picker.locator("option", { hasText: "Linus Share" }).waitFor({ state: "attached" });
      await picker.focus();
      await picker.selectOption({ label: "Linus Share" });
      await dialog.getByLabel("Level").selectOption("can_view");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      assert.equal(await dialog.getByRole("button", { name: "Invite" }).evaluate((b) => b === document.activeElement), true);
      await page.keyboard.press("Enter");
      await until("invited at can_view", async () => (await entry(linus.id))?.level === "can_view");
      await dialog.getByLabel("Access of Linus Share").selectOption("can_comment");
      await until("changed to can_comment", async () => (await entry(linus.id))?.level === "can_comment");
      await dialog.getByRole("button", { name: "Remove Linus Share" }).click();
      await until("removed", async () => (await entry(linus.id)) === undefined);
      await dialog.getByLabel("Add a connection").selectOption({ label: "Ledger sync" });
      await dialog.getByRole("button", { name: "Connect" }).click();
      await dialog.getByRole("button", { name: "Disconnect Ledger sync" }).waitFor();
      assert.deepEqual(await shares(), [budget]);
      assert.deepEqual(await axeViolations(page), []);
      await dialog.getByRole("button", { name: "Disconnect Ledger sync" }).click();
      await until("disconnected", async () => (await shares()).length === 0);
      await dialog.getByText("No integration can reach this page.").waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  // A member with full access shares with a person and connects the integration, as Notion lets them.
  {
    const { context, page, errors } = await signedInPage(browser, q, fay);
    try {
      await page.goto(`${q.url}/w/${workspaceOf(page)}/p/${budget}`);
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog", { name: "Share “Budget”" });
      const picker = dialog.getByLabel("Add people, groups or the workspace");
      await picker.locator("option", { hasText: "Linus Share" }).waitFor({ state: "attached" });
      await picker.selectOption({ label: "Linus Share" });
      await dialog.getByLabel("Level").selectOption("can_edit");
      await dialog.getByRole("button", { name: "Invite" }).click();
      await until("Fay invited Linus", async () => (await entry(linus.id))?.level === "can_edit");
      // A group, named to her by the control API's share_groups (Notion's API lists none).
      await picker.locator("option", { hasText: "Group: Finance team" }).waitFor({ state: "attached" });
      await picker.selectOption({ label: "Group: Finance team" });
      await dialog.getByLabel("Level").selectOption("can_view");
      await dialog.getByRole("button", { name: "Invite" }).click();
      await until("Fay invited the group", async () => (await entry(finance))?.level === "can_view");
      await dialog.getByLabel("Add a connection").selectOption({ label: "Ledger sync" });
      await dialog.getByRole("button", { name: "Connect" }).click();
      await dialog.getByRole("button", { name: "Disconnect Ledger sync" }).waitFor();
      assert.deepEqual(await shares(), [budget]);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  // A member who can edit sees who has access and the connection, and nothing to change them with.
  {
    const { context, page, errors } = await signedInPage(browser, q, ed);
    try {
      await page.goto(`${q.url}/w/${workspaceOf(page)}/p/${budget}`);
      await page.getByRole("button", { name: "Share" }).click();
      const dialog = page.getByRole("dialog", { name: "Share “Budget”" });
      await dialog.getByText("Only people with full access to this page change who has access to it.").waitFor();
      await dialog.getByText("Linus Share").waitFor();
      await dialog.getByRole("list", { name: "Connections" }).getByText("Ledger sync").waitFor();
      assert.equal(await dialog.getByRole("button", { name: "Invite" }).count(), 0);
      assert.equal(await dialog.getByRole("combobox").count(), 0, "no level or picker to change");
      assert.equal(await dialog.getByRole("button", { name: /Remove|Disconnect|Connect/ }).count(), 0);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
