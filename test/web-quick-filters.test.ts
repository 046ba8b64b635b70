/**
 * A view's quick filters made in the web app, and a calendar day's "+N more", in real headless
 * Chromium (test/helpers/web.ts) on a "Chores" database of their own: "+ Add filter" lists the
 * properties, picking one opens its condition editor, Apply saves it into the view (checked
 * through the Views API) and the rows narrow; a chip opens its condition to change it; all by
 * keyboard, axe-clean, on a narrow window too. A day with more items than its cell shows says
 * "+N more", which lists them all (Escape closes it, focus returns) and opens one as a row page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Client } from "@notionhq/client";
import { rt, type TestQuire } from "./helpers/quire.js";
import { axeViolations, day, eventually, signedInPage, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
let notion: Client;
let databaseId: string;
let dataSourceId: string;
const rows: Record<string, string> = {};

const skip = webSuite({ ready: async (s) => {
  ({ q, browser } = s);
  notion = q.client();
  const db: any = await notion.databases.create({
    parent: { type: "page_id", page_id: q.rootPageId },
    title: rt("Chores"),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Stage: { select: { options: [{ name: "A", color: "green" }, { name: "B", color: "blue" }] } },
        Points: { number: {} },
        Due: { date: {} },
      },
    },
  } as any);
  databaseId = db.id;
  dataSourceId = db.data_sources[0].id;
  // Five rows on today: more than a calendar cell shows.
  const made: [string, Record<string, unknown>][] = [
    ["Alpha", { Stage: { select: { name: "A" } }, Points: { number: 1 } }],
    ["Beta", { Stage: { select: { name: "B" } }, Points: { number: 5 } }],
    ["Gamma", { Stage: { select: { name: "A" } }, Points: { number: 9 } }],
    ["Delta", {}],
    ["Epsilon", {}],
  ];
  for (const [title, props] of made) {
    const page = await notion.pages.create({ parent: { type: "data_source_id", data_source_id: dataSourceId }, properties: { Name: { title: rt(title) }, Due: { date: { start: day(0) } }, ...props } } as any);
    rows[title] = page.id;
  }
} });

async function openDatabase(view?: string, viewport?: { width: number; height: number }) {
  const s = await signedInPage(browser, q, undefined, viewport);
  const ws = new URL(s.page.url()).pathname.split("/")[2];
  await s.page.goto(`${q.url}/w/${ws}/d/${databaseId}${view ? `?view=${view}` : ""}`);
  await s.page.getByRole("heading", { level: 1, name: "Chores" }).waitFor();
  return s;
}

/** The titles of the table's rows, sorted. */
async function tableTitles(page: Page): Promise<string[]> {
  return (await page.locator(".db-table tbody tr .db-row-title span:last-child").allTextContents()).sort();
}

/** The table view's id (the database's first view). */
async function tableView(): Promise<string> {
  const list = await q.raw("GET", `/v1/views?database_id=${databaseId}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  return list.body.results[0].id;
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? "");

test("quick filters: added from the bar's property list and edited from a chip, by keyboard, saved into the view; axe; narrow window", { skip, timeout: 180_000 }, async () => {
  const viewId = await tableView();
  const { context, page, errors } = await openDatabase(viewId);
  try {
    await eventually(async () => assert.deepEqual(await tableTitles(page), ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"]));
    // "+ Add filter": the data source's properties; Stage picked, its condition editor opens.
    await page.getByRole("button", { name: "+ Add filter" }).focus();
    await page.keyboard.press("Enter");
    const picker = page.getByRole("dialog", { name: "Add a quick filter" });
    await picker.waitFor();
    assert.deepEqual(await picker.getByRole("button").allTextContents(), ["Name", "Stage", "Points", "Due"]);
    await picker.getByRole("button", { name: "Stage" }).focus();
    await page.keyboard.press("Enter");
    await picker.waitFor({ state: "detached" });
    const stage = page.getByRole("dialog", { name: "Quick filter: Stage" });
    await stage.waitFor();
    assert.deepEqual(await stage.getByLabel("Condition").locator("option").allTextContents(), ["is", "is not", "is empty", "is not empty"]);
    // Apply without a value: said, nothing saved.
    await stage.getByRole("button", { name: "Apply" }).click();
    assert.equal(await stage.getByRole("alert").textContent(), "Enter a value to filter Stage by.");
    assert.deepEqual(await axeViolations(page), []);
    await stage.getByLabel("Value").selectOption("A");
    assert.equal(await stage.getByRole("alert").count(), 0);
    await stage.getByRole("button", { name: "Apply" }).focus();
    await page.keyboard.press("Enter");
    await stage.waitFor({ state: "detached" });
    await eventually(async () => assert.deepEqual((await q.raw("GET", `/v1/views/${viewId}`)).body.quick_filters, { Stage: { select: { equals: "A" } } }));
    await eventually(async () => assert.deepEqual(await tableTitles(page), ["Alpha", "Gamma"]));

    // A second one, on a number: its own operators.
    await page.getByRole("button", { name: "+ Add filter" }).click();
    await page.getByRole("dialog", { name: "Add a quick filter" }).getByRole("button", { name: "Points" }).click();
    const points = page.getByRole("dialog", { name: "Quick filter: Points" });
    await points.getByLabel("Condition").selectOption("greater_than");
    await points.getByLabel("Value").fill("3");
    await points.getByLabel("Value").press("Enter");
    await points.waitFor({ state: "detached" });
    await eventually(async () => assert.deepEqual(await tableTitles(page), ["Gamma"]));
    const chips = page.getByRole("list", { name: "Quick filters" });
    assert.deepEqual(await chips.locator(".db-quick-edit").allTextContents(), ["Stage: equals A", "Points: greater than 3"]);

    // A chip opens its condition as saved; a change is saved over it. Escape closes without saving.
    await chips.getByRole("button", { name: "Stage: equals A" }).focus();
    await page.keyboard.press("Enter");
    await stage.waitFor();
    assert.equal(await stage.getByLabel("Value").inputValue(), "A");
    await page.keyboard.press("Escape");
    await stage.waitFor({ state: "detached" });
    assert.equal(await focused(page), "Stage: equals A");
    await page.keyboard.press("Enter");
    await stage.getByLabel("Value").selectOption("B");
    await stage.getByRole("button", { name: "Apply" }).click();
    await stage.waitFor({ state: "detached" });
    await eventually(async () => assert.deepEqual(await tableTitles(page), ["Beta"]));
    const saved = await q.raw("GET", `/v1/views/${viewId}`);
    assert.deepEqual(saved.body.quick_filters, { Stage: { select: { equals: "B" } }, Points: { number: { greater_than: 3 } } });
    // The view query (any integration's read) answers the same row.
    const query = await q.raw("POST", `/v1/views/${viewId}/queries`, { body: "{}" });
    assert.deepEqual(query.body.results.map((r: any) => r.id), [rows.Beta]);
    // Properties already filtered are not offered again.
    await page.getByRole("button", { name: "+ Add filter" }).click();
    assert.deepEqual(await page.getByRole("dialog", { name: "Add a quick filter" }).getByRole("button").allTextContents(), ["Name", "Due"]);
    await page.keyboard.press("Escape");
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  // A narrow window: the bar wraps, the editor fits, nothing scrolls sideways.
  const narrow = await openDatabase(viewId, { width: 390, height: 800 });
  try {
    const chips = narrow.page.getByRole("list", { name: "Quick filters" });
    await chips.getByRole("button", { name: "Points: greater than 3" }).click();
    const editor = narrow.page.getByRole("dialog", { name: "Quick filter: Points" });
    await editor.waitFor();
    const box = (await editor.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the editor spans ${box.x}–${box.x + box.width}px`);
    await editor.getByLabel("Value").fill("0");
    await editor.getByRole("button", { name: "Apply" }).click();
    await editor.waitFor({ state: "detached" });
    await eventually(async () => assert.deepEqual((await q.raw("GET", `/v1/views/${viewId}`)).body.quick_filters.Points, { number: { greater_than: 0 } }));
    const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    assert.deepEqual(await axeViolations(narrow.page), []);
    assert.deepEqual(narrow.errors, []);
  } finally {
    await narrow.context.close();
    await q.raw("PATCH", `/v1/views/${viewId}`, { body: JSON.stringify({ quick_filters: null }) });
  }
});

test("calendar: a day with more items than its cell shows says +N more, which lists them all (Escape closes it, focus returns) and opens one as a row page", { skip, timeout: 180_000 }, async () => {
  const made = await q.raw("POST", "/v1/views", { body: JSON.stringify({ database_id: databaseId, data_source_id: dataSourceId, name: "Calendar", type: "calendar", configuration: { type: "calendar", date_property_id: "Due" } }) });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const { context, page, errors } = await openDatabase(made.body.id);
  try {
    const cell = page.locator(`td[data-day="${day(0)}"]`);
    const label = new Date(`${day(0)}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });
    const more = cell.getByRole("button", { name: `+3 more on ${label}` });
    await more.waitFor();
    // Two items drawn, the other three behind "+3 more".
    assert.equal(await cell.locator(".db-day-row").count(), 2);
    await more.focus();
    await page.keyboard.press("Enter");
    const list = page.getByRole("dialog", { name: label });
    await list.waitFor();
    assert.deepEqual((await list.locator(".db-row-title span:last-child").allTextContents()).sort(), ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"]);
    assert.deepEqual(await axeViolations(page), []);
    await page.keyboard.press("Escape");
    await list.waitFor({ state: "detached" });
    assert.equal(await focused(page), `+3 more on ${label}`);

    // Each is a link to its row page; choosing one opens it (the side peek) and closes the list.
    await page.keyboard.press("Enter");
    const drawn = await cell.locator(".db-day-row .db-row-title span:last-child").allTextContents();
    const hidden = ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"].find((t) => !drawn.includes(t))!;
    const link = list.getByRole("link", { name: hidden });
    assert.ok((await link.getAttribute("href"))!.endsWith(`/p/${rows[hidden]}`), await link.getAttribute("href") ?? "");
    await link.click();
    await list.waitFor({ state: "detached" });
    await page.getByRole("dialog", { name: hidden }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  const narrow = await openDatabase(made.body.id, { width: 390, height: 800 });
  try {
    await narrow.page.locator(`td[data-day="${day(0)}"]`).getByRole("button", { name: /^\+3 more/ }).click();
    const list = narrow.page.getByRole("dialog").filter({ has: narrow.page.getByRole("link", { name: "Epsilon" }) });
    const box = (await list.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the list spans ${box.x}–${box.x + box.width}px`);
    assert.deepEqual(await axeViolations(narrow.page), []);
    assert.deepEqual(narrow.errors, []);
  } finally {
    await narrow.context.close();
  }
});
