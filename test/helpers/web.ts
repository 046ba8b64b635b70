/**
 * The web app in a real browser (test/helpers/browser.ts): one Quire and one browser for a test
 * file (`webSuite`), a browser context signed in through the real /login form, axe-core's
 * accessibility checks run inside the page, and the page's console errors collected. The app is
 * built by test/run.ts before any test starts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { startTestQuire, type TestQuire } from "./quire.js";
import { browserSkip, launchBrowser } from "./browser.js";
import { webAppBuilt } from "../../src/routes/web-app.js";

/** False when the app is built here, else why a browser test of it cannot run. */
export const webSkip: string | false = webAppBuilt() ? false : "the web app is not built (npm run build:web; test/run.ts builds it)";

/** What `webSuite` started, handed to its `ready` callback. */
export interface WebSuiteStarted {
  q: TestQuire;
  /** The browser; not launched when the suite skips (its tests do not run then). */
  browser: Browser;
}

/**
 * One Quire and one headless Chromium for a test file's browser tests. `before` starts Quire
 * (with `quire`'s options), launches the browser unless the suite skips, and hands both to
 * `ready` (where the file keeps them and seeds its data); `after` runs `cleanup`, then closes
 * the browser (every context a test left open goes with it) and Quire. Returns the tests' `skip`:
 * why a browser test cannot run here, or false.
 */
export function webSuite(opts: { quire?: Parameters<typeof startTestQuire>[0]; ready: (started: WebSuiteStarted) => unknown; cleanup?: () => Promise<void> }): string | false {
  const skip = browserSkip || webSkip;
  let q: TestQuire | undefined;
  let browser: Browser | undefined;
  before(async () => {
    q = await startTestQuire(opts.quire);
    if (!skip) browser = await launchBrowser();
    await opts.ready({ q, browser: browser as Browser });
  });
  after(async () => {
    await opts.cleanup?.();
    await browser?.close();
    await q?.close();
  });
  return skip;
}

/** A page signed in as `who` (default: the server's seeded owner), at `/` once the app has loaded. */
export async function signedInPage(browser: Browser, q: TestQuire, who?: { email: string; password: string }, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const person = who ?? { email: q.owner!.email, password: q.owner!.password! };
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${q.url}/`);
  // Not signed in: the app's address sends the browser to /login?next=/.
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/w/")), page.getByRole("button", { name: "Sign in" }).click()]);
  return { context, page, errors };
}

/** Console errors and uncaught exceptions of `page` (a test asserts the list stays empty). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

let axeSource: string | null = null;

/** axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules), one line each. */
export async function axeViolations(page: Page, opts: { exclude?: string[] } = {}): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  // Injected through the DevTools protocol, not a <script>: the app's CSP allows only its own scripts.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (exclude) => {
    const axe = (globalThis as any).axe;
    const r = await axe.run({ include: [["body"]], exclude: exclude.map((s: string) => [s]) }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v: any) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n: any) => n.target.join(" ")).join(", ")}`);
  }, opts.exclude ?? []);
  return result as string[];
}

/** What has focus, for a failure's message: tag, role and name. */
export const focusedLabel = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "nothing";
    const name = el.getAttribute("aria-label") ?? el.innerText?.trim().slice(0, 40) ?? "";
    return `<${el.tagName.toLowerCase()}${el.getAttribute("role") ? ` role=${el.getAttribute("role")}` : ""}> ${name}`;
  });

/** Whether `target` has focus. */
export const hasFocus = (target: Locator): Promise<boolean> => target.evaluate((el) => el === document.activeElement);

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus (no press when it has it already,
 * as after a dialog put focus on it), as a person walks to a control; fails naming the stops when
 * it is not reached in `max` presses. The reached control must show a focus ring
 * (`:focus-visible` with an outline or a box shadow).
 */
export async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
  await target.waitFor();
  const stops: string[] = [];
  for (let i = 0; i <= max; i++) {
    if (i > 0) await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await hasFocus(target)) {
      const ring = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return el.matches(":focus-visible") && ((s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none");
      });
      assert.ok(ring, `no visible focus on ${await focusedLabel(page)}`);
      return;
    }
    stops.push(await focusedLabel(page));
  }
  throw new Error(`${String(target)} not reached by ${back ? "Shift+Tab" : "Tab"}; stops: ${stops.join(" | ")}`);
}

/** Retries `check` until it passes (a write the page sent may still be on its way), at most ~10 s. */
export async function eventually<T>(check: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      return await check();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** The local day `offset` days from today, `YYYY-MM-DD` (the browser runs in this process's time zone). */
export function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Reads until `want` holds of what `read` answers (saves are debounced and the machine may be loaded); fails with the last value seen. */
export async function sees<T>(read: () => Promise<T>, want: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T;
  do {
    last = await read();
    if (want(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < end);
  assert.fail(`${what}: last seen ${JSON.stringify(last!)}`);
}
