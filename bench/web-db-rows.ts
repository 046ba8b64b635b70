/**
 * `npm run bench:web-rows` — a database view of 5,000 rows in real headless Chromium (issue 16:
 * "more than 1,000 rows"): the rows made over the SDK in a Quire in memory, then the table opened
 * signed in. Prints the time until the first rows show and until the count ("5,000 rows") shows,
 * the page's JS heap and DOM nodes with the first page, then after "Load more" to 1,000 rows (what
 * the app used to fetch, in ten requests, before it showed anything) and to all 5,000.
 * Options: --rows N (5000).
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import type { Page } from "playwright-core";
import { rt, startTestQuire } from "../test/helpers/quire.js";
import { launchBrowser } from "../test/helpers/browser.js";
import { signedInPage } from "../test/helpers/web.js";

const { values: opt } = parseArgs({ options: { rows: { type: "string", default: "5000" } } });
const ROWS = Number(opt.rows);

/** JS heap in use (MB) and DOM nodes, from the DevTools protocol. */
async function metrics(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics: m } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  const get = (n: string) => m.find((x) => x.name === n)?.value ?? 0;
  await cdp.detach();
  return `heap ${(get("JSHeapUsedSize") / 1048576).toFixed(1)} MB, ${get("Nodes")} DOM nodes`;
}

/** Rows loaded: the table's `data-loaded` (a windowed table draws only some), else its rows (an older build). */
const LOADED = () => {
  const t = document.querySelector<HTMLElement>(".db-table");
  return Number(t?.dataset.loaded ?? document.querySelectorAll(".db-table tbody tr").length);
};

/** Loads pages until `n` rows are loaded; the milliseconds the last page took to arrive and show. */
async function loadTo(page: Page, n: number): Promise<number> {
  let last = 0;
  while ((await page.evaluate(LOADED)) < n) {
    const had = await page.evaluate(LOADED);
    const t = performance.now();
    // The button reads "Loading…" while a page is on its way (scrolling may have asked already); a click then does nothing.
    // Focus and Enter, not a click: a click can land on a row drawn over the button mid-scroll (and follow its link).
    await page.locator(".db-load-more").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      (h) => Number(document.querySelector<HTMLElement>(".db-table")?.dataset.loaded ?? document.querySelectorAll(".db-table tbody tr").length) > h,
      had,
      { timeout: 120_000 },
    );
    last = performance.now() - t;
  }
  return last;
}

/** How many table rows are in the page (drawn), of those loaded. */
const drawn = (page: Page) => page.evaluate(() => `${document.querySelectorAll(".db-table tbody tr[data-index], .db-table tbody tr:not(.db-spacer)").length} rows drawn`);

async function main() {
  const q = await startTestQuire();
  const browser = await launchBrowser();
  try {
    const notion = q.client();
    const db: any = await notion.databases.create({
      parent: { type: "page_id", page_id: q.rootPageId },
      title: rt("Big"),
      initial_data_source: { properties: { Name: { title: {} }, N: { number: {} }, Tag: { select: { options: [{ name: "a" }, { name: "b" }] } }, Notes: { rich_text: {} } } },
    } as any);
    const source = db.data_sources[0].id;
    const seedStart = performance.now();
    for (let i = 0; i < ROWS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, ROWS - i) }, (_, k) =>
          notion.pages.create({ parent: { type: "data_source_id", data_source_id: source }, properties: { Name: { title: rt(`Row ${i + k}`) }, N: { number: i + k }, Tag: { select: { name: (i + k) % 2 ? "a" : "b" } }, Notes: { rich_text: rt(`note ${i + k}`) } } } as any),
        ),
      );
    }
    console.log(`${ROWS} rows made in ${Math.round(performance.now() - seedStart)} ms (load average ${loadavg()[0].toFixed(1)})`);

    const { context, page } = await signedInPage(browser, q);
    const ws = new URL(page.url()).pathname.split("/")[2];
    const t0 = performance.now();
    await page.goto(`${q.url}/w/${ws}/d/${db.id}`);
    await page.locator(".db-table tbody tr").first().waitFor();
    const first = performance.now() - t0;
    await page.locator(".db-count").filter({ hasText: ROWS.toLocaleString("en-US") }).waitFor();
    const counted = performance.now() - t0;
    console.log(`first rows shown ${Math.round(first)} ms; count "${await page.locator(".db-count").textContent()}" at ${Math.round(counted)} ms`);
    console.log(`with ${await page.evaluate(LOADED)} rows (${await drawn(page)}): ${await metrics(page)}`);
    const t1 = performance.now();
    const page10 = await loadTo(page, Math.min(1000, ROWS));
    console.log(`to 1,000 rows by "Load more": ${Math.round(performance.now() - t1)} ms (the last page added in ${Math.round(page10)} ms); ${await drawn(page)}; ${await metrics(page)}`);
    const t2 = performance.now();
    const pageN = await loadTo(page, ROWS);
    console.log(`to ${ROWS} rows: ${Math.round(performance.now() - t2)} ms more (the last page added in ${Math.round(pageN)} ms); ${await drawn(page)}; ${await metrics(page)}`);
    await context.close();
  } finally {
    await browser.close();
    await q.close();
  }
}

await main();
