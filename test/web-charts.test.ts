/**
 * Chart and timeline settings in the web app, in real headless Chromium (test/helpers/web.ts), on a
 * "Sales" database made through the SDK, every view made and changed through the Views API
 * (`/v1/views`): a line chart with `stack_by` (one line per group, its legend, its figures per
 * group; `cumulative`, `smooth_line` and `hide_line_fill_area`), a donut (counts and sums, empty
 * groups shown and hidden, `donut_labels`, `legend_position`, its shares), and a timeline's side table taking the
 * widths `table_properties` stores, resized by drag and by keyboard. axe finds no WCAG A/AA
 * violation, the console stays clean, and a 390 px window does not scroll sideways.
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
let sourceId: string;

const skip = webSuite({
  ready: async (s) => {
    ({ q, browser } = s);
    notion = q.client();
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Sales"),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Region: { select: { options: [{ name: "North", color: "blue" }, { name: "South", color: "green" }, { name: "East", color: "red" }] } },
          Quarter: { select: { options: [{ name: "Q1", color: "gray" }, { name: "Q2", color: "gray" }, { name: "Q3", color: "gray" }] } },
          Amount: { number: {} },
          Start: { date: {} },
        },
      },
    } as any);
    databaseId = db.id;
    sourceId = db.data_sources[0].id;
    // North: Q1 10, Q2 20; South: Q1 5, Q3 7; East: none.
    for (const [title, region, quarter, amount, start] of [
      ["Deal 1", "North", "Q1", 10, 0],
      ["Deal 2", "South", "Q1", 5, 1],
      ["Deal 3", "North", "Q2", 20, 2],
      ["Deal 4", "South", "Q3", 7, 3],
    ] as const) {
      await notion.pages.create({
        parent: { type: "data_source_id", data_source_id: sourceId },
        properties: { Name: { title: rt(title) }, Region: { select: { name: region } }, Quarter: { select: { name: quarter } }, Amount: { number: amount }, Start: { date: { start: day(start) } } },
      } as any);
    }
  },
});

/** A view of the database made through the Views API. */
async function makeView(name: string, configuration: Record<string, unknown>): Promise<string> {
  const res = await q.raw("POST", "/v1/views", { body: JSON.stringify({ database_id: databaseId, data_source_id: sourceId, name, type: configuration.type, configuration }) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.id;
}

async function patchView(id: string, configuration: Record<string, unknown>) {
  const res = await q.raw("PATCH", `/v1/views/${id}`, { body: JSON.stringify({ configuration }) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** A signed-in page at the database's view `view`. */
async function openView(view: string, viewport?: { width: number; height: number }) {
  const s = await signedInPage(browser, q, undefined, viewport);
  const ws = new URL(s.page.url()).pathname.split("/")[2];
  await s.page.goto(`${q.url}/w/${ws}/d/${databaseId}?view=${view}`);
  await s.page.getByRole("heading", { level: 1, name: "Sales" }).waitFor();
  return s;
}

/** The figures table's body cells, row by row. */
async function figureRows(page: Page, name: string): Promise<string[][]> {
  const details = page.locator("details.db-chart-data");
  if (!(await details.evaluate((d: any) => d.open))) await page.getByText("Show the figures as a table").click();
  return page.getByRole("table", { name }).locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
}

test("line chart stacked by a select: one line per group with its legend and figures; cumulative, smooth and without fill areas after a PATCH; usable 390 px wide", { skip, timeout: 180_000 }, async () => {
  const view = await makeView("Line", {
    type: "chart",
    chart_type: "line",
    x_axis: { type: "select", property_id: "Quarter", sort: { type: "manual" } },
    y_axis: { aggregator: "sum", property_id: "Amount" },
    // East has no rows: hidden from the groups.
    stack_by: { type: "select", property_id: "Region", sort: { type: "manual" }, hide_empty_groups: true },
  });
  const { context, page, errors } = await openView(view);
  try {
    await page.getByRole("img", { name: "Sum of Amount by Quarter: North: Q1 10, Q2 20, Q3 0; South: Q1 5, Q2 0, Q3 7", exact: true }).waitFor();
    assert.deepEqual((await page.getByRole("list", { name: "Lines by Region" }).getByRole("listitem").allTextContents()).map((t) => t.trim()), ["North", "South"]);
    // One line per group, each with a point per quarter; North's Q2 the highest point, South's at zero.
    const series = await page.locator(".db-chart-svg g[data-series]").evaluateAll((gs) =>
      gs.map((g) => ({ name: g.getAttribute("data-series"), ys: [...g.querySelectorAll("circle")].map((c) => Number(c.getAttribute("cy"))), stroke: g.querySelector(".db-chart-line")?.getAttribute("stroke"), curved: /C/.test(g.querySelector(".db-chart-line")?.getAttribute("d") ?? ""), areas: g.querySelectorAll(".db-chart-area").length })),
    );
    assert.deepEqual(series.map((s) => s.name), ["North", "South"]);
    assert.notEqual(series[0].stroke, series[1].stroke);
    assert.deepEqual(series.map((s) => [s.areas, s.curved]), [[1, false], [1, false]]);
    const [north, south] = series.map((s) => s.ys);
    assert.ok(north[1] < north[0] && north[0] < south[0] && south[1] === north[2] && south[1] > south[2], JSON.stringify(series));
    assert.deepEqual(await figureRows(page, "Sum of Amount by Quarter"), [["Q1", "15", "10", "5"], ["Q2", "20", "20", "0"], ["Q3", "7", "0", "7"]]);
    assert.deepEqual(await page.getByRole("table", { name: "Sum of Amount by Quarter" }).getByRole("columnheader").allTextContents(), ["Quarter", "Sum of Amount", "Region: North", "Region: South"]);
    assert.deepEqual(await axeViolations(page), []);

    // Cumulative, smooth, lines only, legend beside: read again on reload.
    await patchView(view, { type: "chart", chart_type: "line", cumulative: true, hide_line_fill_area: true, smooth_line: true, legend_position: "side" });
    await page.reload();
    await page.getByRole("img", { name: "Cumulative sum of Amount by Quarter: North: Q1 10, Q2 30, Q3 30; South: Q1 5, Q2 5, Q3 12", exact: true }).waitFor();
    assert.equal(await page.locator(".db-chart-svg .db-chart-area").count(), 0);
    assert.deepEqual(await page.locator(".db-chart-svg .db-chart-line").evaluateAll((ls) => ls.map((l) => (l.getAttribute("d") ?? "").split("C").length - 1)), [2, 2]);
    await page.getByRole("list", { name: "Lines by Region" }).waitFor();
    assert.deepEqual(await figureRows(page, "Cumulative sum of Amount by Quarter"), [["Q1", "15", "10", "5"], ["Q2", "35", "30", "5"], ["Q3", "42", "30", "12"]]);
    assert.deepEqual(await axeViolations(page), []);

    // No legend: the figures stay in the image's name and the table.
    await patchView(view, { type: "chart", chart_type: "line", legend_position: "off" });
    await page.reload();
    await page.getByRole("img", { name: /^Cumulative sum of Amount by Quarter: North: / }).waitFor();
    assert.equal(await page.getByRole("list", { name: "Lines by Region" }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  const narrow = await openView(view, { width: 390, height: 800 });
  try {
    await narrow.page.getByRole("img", { name: /^Cumulative sum of Amount by Quarter/ }).waitFor();
    await noSidewaysScroll(narrow.page);
    assert.deepEqual(await axeViolations(narrow.page), []);
    assert.deepEqual(narrow.errors, []);
  } finally {
    await narrow.context.close();
  }
});

test("donut: counts by a select with its empty group, then sums with empty groups hidden, slice labels and no legend; shares in its name and table; stack_by ignored; usable 390 px wide", { skip, timeout: 180_000 }, async () => {
  const view = await makeView("Donut", {
    type: "chart",
    chart_type: "donut",
    x_axis: { type: "select", property_id: "Region", sort: { type: "manual" } },
    donut_labels: "name_and_value",
  });
  const { context, page, errors } = await openView(view);
  try {
    await page.getByRole("img", { name: "Count by Region: North 2 (50%), South 2 (50%), East 0 (0%); total 4", exact: true }).waitFor();
    // A slice per group with rows (East's is empty: not drawn), each labelled with its name and count.
    assert.deepEqual(await page.locator(".db-chart-donut g[data-slice]").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-slice"))), ["North", "South"]);
    assert.deepEqual(await page.locator(".db-chart-donut g[data-slice] text").allTextContents(), ["North 2", "South 2"]);
    assert.equal(await page.locator(".db-chart-donut-total").textContent(), "4");
    assert.deepEqual((await page.getByRole("list", { name: "Region" }).getByRole("listitem").allTextContents()).map((t) => t.trim()), ["North · 2 · 50%", "South · 2 · 50%", "East · 0 · 0%"]);
    assert.deepEqual(await figureRows(page, "Count by Region"), [["North", "2", "50%"], ["South", "2", "50%"], ["East", "0", "0%"]]);
    assert.deepEqual(await axeViolations(page), []);

    // Sum of Amount, East hidden (the group-by's hide_empty_groups), values on the slices, no legend;
    // a stack_by (bars, columns and lines only) changes nothing.
    await patchView(view, {
      type: "chart",
      chart_type: "donut",
      x_axis: { type: "select", property_id: "Region", sort: { type: "manual" }, hide_empty_groups: true },
      y_axis: { aggregator: "sum", property_id: "Amount" },
      donut_labels: "value",
      legend_position: "off",
      stack_by: { type: "select", property_id: "Quarter", sort: { type: "manual" } },
    });
    await page.reload();
    await page.getByRole("img", { name: "Sum of Amount by Region: North 30 (71.4%), South 12 (28.6%); total 42", exact: true }).waitFor();
    assert.deepEqual(await page.locator(".db-chart-donut g[data-slice] text").allTextContents(), ["30", "12"]);
    assert.equal(await page.getByRole("list", { name: "Region" }).count(), 0);
    assert.deepEqual(await figureRows(page, "Sum of Amount by Region"), [["North", "30", "71.4%"], ["South", "12", "28.6%"]]);
    // Sorted by value, smallest first, with no labels: slices follow the order.
    await patchView(view, { type: "chart", chart_type: "donut", sort: "y_ascending", donut_labels: "none", legend_position: "bottom" });
    await page.reload();
    await page.getByRole("img", { name: "Sum of Amount by Region: South 12 (28.6%), North 30 (71.4%); total 42", exact: true }).waitFor();
    assert.equal(await page.locator(".db-chart-donut g[data-slice] text").count(), 0);
    assert.deepEqual((await page.getByRole("list", { name: "Region" }).getByRole("listitem").allTextContents()).map((t) => t.trim()), ["South · 12 · 28.6%", "North · 30 · 71.4%"]);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  const narrow = await openView(view, { width: 390, height: 800 });
  try {
    await narrow.page.getByRole("img", { name: /^Sum of Amount by Region/ }).waitFor();
    await noSidewaysScroll(narrow.page);
    assert.deepEqual(await axeViolations(narrow.page), []);
    assert.deepEqual(narrow.errors, []);
  } finally {
    await narrow.context.close();
  }
});

test("timeline: its side table's columns in the widths table_properties stores; an edge dragged and one moved by keyboard saved through the Views API; usable 390 px wide", { skip, timeout: 180_000 }, async () => {
  const view = await makeView("Timeline", {
    type: "timeline",
    date_property_id: "Start",
    preference: { zoom_level: "day" },
    table_properties: [
      { property_id: "Name", visible: true, width: 250 },
      { property_id: "Amount", visible: true, width: 180 },
      { property_id: "Region", visible: true, width: 90 },
    ],
  });
  /** The side table as any integration reads it: property name → width. */
  const stored = async () => Object.fromEntries(((await q.raw("GET", `/v1/views/${view}`)).body.configuration.table_properties as any[]).map((c) => [c.property_name, c.width]));
  const { context, page, errors } = await openView(view);
  const width = async (selector: string) => Math.round((await page.locator(selector).first().boundingBox())!.width);
  try {
    await page.locator(".db-tl-cell[data-prop=Amount]").filter({ hasText: "10" }).waitFor();
    // The header's and every row's cells in the stored widths; the title's column too.
    assert.equal(await width(".db-tl-head .db-tl-title"), 250);
    for (const [name, w] of [["Amount", 180], ["Region", 90]] as const) {
      assert.equal(await width(`.db-tl-rows .db-tl-cell[data-prop=${name}]`), w);
      assert.equal(await page.getByRole("separator", { name: `Width of ${name}` }).getAttribute("aria-valuenow"), String(w));
    }
    const rowSide = await width(".db-tl-rows .db-tl-side");
    assert.equal(rowSide, await width(".db-tl-head .db-tl-side"));

    // → on Amount's edge: 16 px wider, saved; Region's edge dragged 40 px wider, saved.
    await page.getByRole("separator", { name: "Width of Amount" }).focus();
    await page.keyboard.press("ArrowRight");
    await eventually(async () => assert.deepEqual(await stored(), { Name: 250, Amount: 196, Region: 90 }));
    await eventually(async () => assert.equal(await width(".db-tl-rows .db-tl-cell[data-prop=Amount]"), 196));
    const edge = (await page.getByRole("separator", { name: "Width of Region" }).boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 + 20, edge.y + edge.height / 2, { steps: 3 });
    await page.mouse.move(edge.x + edge.width / 2 + 40, edge.y + edge.height / 2, { steps: 3 });
    await page.mouse.up();
    await eventually(async () => {
      const s = await stored();
      assert.ok(Math.abs(s.Region - 130) <= 3 && s.Amount === 196 && s.Name === 250, JSON.stringify(s));
    });
    // The rest of the view's configuration is as it was.
    const config = (await q.raw("GET", `/v1/views/${view}`)).body.configuration;
    assert.equal(config.preference.zoom_level, "day");
    // The title's edge, by keyboard; after a reload the side table is laid out as saved.
    await page.getByRole("separator", { name: "Width of Name" }).focus();
    await page.keyboard.press("ArrowLeft");
    await eventually(async () => assert.equal((await stored()).Name, 234));
    await page.reload();
    await page.locator(".db-tl-cell[data-prop=Amount]").filter({ hasText: "10" }).waitFor();
    assert.equal(await width(".db-tl-head .db-tl-title"), 234);
    assert.equal(await width(".db-tl-rows .db-tl-cell[data-prop=Amount]"), 196);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  const narrow = await openView(view, { width: 390, height: 800 });
  try {
    await narrow.page.locator(".db-tl-cell[data-prop=Amount]").filter({ hasText: "10" }).waitFor();
    await noSidewaysScroll(narrow.page);
    // The side table takes at most 70% of a narrow window: the bars stay in sight.
    const side = (await narrow.page.locator(".db-tl-rows .db-tl-side").first().boundingBox())!.width;
    assert.ok(side <= 390 * 0.7 + 1, `side ${side}px`);
    assert.deepEqual(await axeViolations(narrow.page), []);
    assert.deepEqual(narrow.errors, []);
  } finally {
    await narrow.context.close();
  }
});
