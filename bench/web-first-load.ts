/**
 * `npm run bench:web` — the web app's first load in real headless Chromium (Debian's, as the tests
 * use), from a Quire in memory seeded with docs/screenshots/seed.yaml: for each screen, a new
 * browser context with an empty cache (signed in: only its cookies are carried over) opens the
 * address and the clock stops when the screen's content is there. Issue 16's goal: "first load of
 * a workspace under one second on this machine".
 *
 * Ceiling in the same run: the signed-in `/login` page (server-rendered HTML, no script) opened the
 * same way — what any page of this server costs the browser before the app's own work.
 * Options: --runs N (5 per screen). Prints per screen the median and slowest time in ms, the
 * ratio of the median to the ceiling's, and the bytes the browser fetched (decoded, and as sent).
 * A screen with a `paint` step (the page) also prints when its content was first visible (the
 * read-only first paint, issue 16's figure) before the time it was ready to edit, and how many
 * times the browser read the whole page (`GET /v1/pages/<id>` without a query) by each.
 * `--only <text>`: the ceiling and the screens whose name contains it (`--only database`).
 * `--breakdown`: after each app screen's runs, one more run prints its timeline from Chromium's
 * performance entries — each request's start and end (ms from navigation), the main thread's long
 * tasks, and when the content was visible and ready — to see which request waits on which.
 */
import { parseArgs } from "node:util";
import { loadavg } from "node:os";
import type { Browser, Page } from "playwright-core";
import { startQuire } from "../src/index.js";
import { launchBrowser } from "../test/helpers/browser.js";
import { OWNER, SEED, WS, signedInState } from "./web-seed.js";

const { values: opt } = parseArgs({ options: { runs: { type: "string", default: "5" }, breakdown: { type: "boolean", default: false }, only: { type: "string" } } });
const RUNS = Number(opt.runs);

interface Screen {
  name: string;
  path: string;
  /** Resolves when the screen shows its content. */
  ready: (page: Page) => Promise<unknown>;
  /** Resolves when the content is first visible, before `ready` (the page: read-only, the editor still loading). */
  paint?: (page: Page) => Promise<unknown>;
  /**
   * Text whose first appearance in `main` is the paint's time, taken in the page (a MutationObserver,
   * then the next frame): a long task right after the paint (the editor's chunk being run) would
   * otherwise delay Playwright's own check, which runs on the same thread.
   */
  paintText?: string;
  /** The screen's own object: its `GET /v1/pages/<id>` reads are counted. */
  pageId?: string;
}

const SCREENS: Screen[] = [
  { name: "ceiling: /login (server HTML)", path: "/login", ready: (p) => p.waitForLoadState("load") },
  { name: "home (shell, sidebar tree)", path: `/w/${WS}`, ready: (p) => p.getByRole("treeitem", { name: /Team handbook/ }).waitFor() },
  {
    name: "page in the editor (22 blocks)",
    path: `/w/${WS}/p/5c0e0000-0000-4000-8000-000000000010`,
    pageId: "5c0e0000-0000-4000-8000-000000000010",
    paint: (p) => p.locator("main").getByText("Questions go to").waitFor(),
    paintText: "Questions go to",
    ready: (p) => p.getByRole("textbox", { name: "Page content" }).getByText("Questions go to").waitFor(),
  },
  { name: "database, table view (5 rows)", path: `/w/${WS}/d/5c0e0000-0000-4000-8000-000000000020`, ready: (p) => p.getByText("Release notes").first().waitFor() },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In the page: notes (`window.__painted`) the frame after `text` first appears in `main`. */
function watchPaint(text: string) {
  const w = window as unknown as { __painted?: number };
  const seen = new MutationObserver(() => {
    if (!document.querySelector("main")?.textContent?.includes(text)) return;
    seen.disconnect();
    requestAnimationFrame(() => (w.__painted = performance.now()));
  });
  seen.observe(document, { childList: true, subtree: true, characterData: true });
}

/** One more cold run of `screen`, its timeline printed: requests (start → end), long tasks, paint and ready. */
async function breakdown(browser: Browser, state: Awaited<ReturnType<typeof signedInState>>, url: string, screen: Screen) {
  const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __long: [number, number][] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push([e.startTime, e.duration]))).observe({ type: "longtask", buffered: true });
  });
  if (screen.paintText) await page.addInitScript(watchPaint, screen.paintText);
  await page.goto(`${url}${screen.path}`, { waitUntil: "commit" });
  const now = () => page.evaluate(() => performance.now());
  const marks: [string, number][] = [];
  if (screen.paint) {
    await screen.paint(page);
    marks.push(["content visible", await page.evaluate(() => (window as unknown as { __painted?: number }).__painted ?? performance.now())]);
  }
  await screen.ready(page);
  marks.push(["ready", await now()]);
  const timeline = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const rows: [number, number, string][] = [[nav.startTime, nav.responseEnd, "document"]];
    for (const e of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
      const u = new URL(e.name);
      rows.push([e.startTime, e.responseEnd, `${e.initiatorType} ${u.pathname.replace(/[0-9a-f-]{36}/g, ":id")}${u.search}`]);
    }
    const long = (window as unknown as { __long: [number, number][] }).__long;
    return { rows, long, dcl: nav.domContentLoadedEventEnd };
  });
  const out = [
    ...timeline.rows.map(([s, e, n]) => `    ${s.toFixed(0).padStart(5)} → ${e.toFixed(0).padStart(5)}  ${n}`),
    `    long tasks: ${timeline.long.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(", ") || "none"}; DOMContentLoaded ${timeline.dcl.toFixed(0)}`,
    ...marks.map(([n, t]) => `    ${t.toFixed(0).padStart(5)}  ${n}`),
  ];
  process.stdout.write(`  timeline of ${screen.name} (one cold run):\n${out.join("\n")}\n`);
  await context.close();
}

async function main() {
  const q = await startQuire({ memory: true, port: 0, seed: SEED, ownerEmail: OWNER.email, ownerPassword: OWNER.password });
  const browser = await launchBrowser();
  try {
    const state = await signedInState(browser, q.url);
    process.stdout.write(`Web app first load — ${new Date().toISOString()}; load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}; ${RUNS} runs per screen, cold cache\n`);
    let ceiling = 0;
    for (const screen of SCREENS.filter((s, i) => i === 0 || !opt.only || s.name.includes(opt.only))) {
      const times: number[] = [];
      const paints: number[] = [];
      let pageReads = 0;
      let paintReads = 0;
      let bytes = 0;
      let wireBytes = 0;
      for (let i = 0; i < RUNS + 1; i++) {
        const context = await browser.newContext({ storageState: state, viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        let fetched = 0;
        let wire = 0;
        page.on("response", (r) => void r.body().then((b) => (fetched += b.length), () => undefined));
        // Bytes as sent (compressed where the server compressed them).
        page.on("requestfinished", (r) => void r.sizes().then((s) => (wire += s.responseBodySize), () => undefined));
        let reads = 0;
        // Whole reads only: the header's live poll asks for the title alone (`?filter_properties=title`).
        page.on("request", (r) => {
          const url = new URL(r.url());
          if (screen.pageId && url.pathname === `/v1/pages/${screen.pageId}` && !url.search) reads++;
        });
        if (screen.paintText) await page.addInitScript(watchPaint, screen.paintText);
        const t0 = performance.now();
        await page.goto(`${q.url}${screen.path}`, { waitUntil: "commit" });
        if (screen.paint) {
          await screen.paint(page);
          // In-page time from navigation start; t0 is taken just before it (a few ms early at most).
          const inPage = await page.evaluate(() => (window as unknown as { __painted?: number }).__painted);
          if (i > 0) paints.push(inPage ?? performance.now() - t0);
          paintReads = reads;
        }
        await screen.ready(page);
        const ms = performance.now() - t0;
        pageReads = reads;
        // The first run warms the server's own caches (and Chromium's process): not counted.
        if (i > 0) times.push(ms);
        bytes = fetched;
        wireBytes = wire;
        await context.close();
      }
      if (opt.breakdown && screen.path !== "/login") await breakdown(browser, state, q.url, screen);
      const m = median(times);
      if (ceiling === 0) ceiling = m;
      process.stdout.write(
        `  ${screen.name.padEnd(34)} median ${m.toFixed(0).padStart(5)} ms  slowest ${Math.max(...times).toFixed(0).padStart(5)} ms  ×ceiling ${(m / ceiling).toFixed(1).padStart(5)}  fetched ${(bytes / 1024).toFixed(0)} KiB (${(wireBytes / 1024).toFixed(0)} KiB sent)\n`,
      );
      if (screen.paint) {
        const p = median(paints);
        process.stdout.write(
          `  ${"  content visible (first paint)".padEnd(34)} median ${p.toFixed(0).padStart(5)} ms  slowest ${Math.max(...paints).toFixed(0).padStart(5)} ms  ×ceiling ${(p / ceiling).toFixed(1).padStart(5)}  page read whole ${paintReads}× by first paint, ${pageReads}× by editor ready\n`,
        );
      }
    }
    process.stdout.write(`load average at the end ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
  } finally {
    await browser.close();
    await q.close();
  }
}

await main();
