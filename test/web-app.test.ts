/**
 * The web app's shell in real headless Chromium (test/helpers/web.ts): the address sends a
 * signed-out browser to /login and back, the shell shows the workspace and its pages, a page
 * opens from the sidebar, the server-rendered sign-in pages (signed in, signed out at 390 px,
 * signed in again by keyboard), a narrow window hides the sidebar behind a menu button, axe finds no
 * WCAG A/AA violation and the console stays clean. And over plain HTTP: the app's page and files
 * with their headers.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { browserSkip, launchBrowser } from "./helpers/browser.js";
import { axeViolations, signedInPage, webSkip } from "./helpers/web.js";

const skip = browserSkip || webSkip;
let q: TestQuire;
let browser: Browser;

before(async () => {
  q = await startTestQuire();
  if (!skip) browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await q?.close();
});

test("HTTP: the app's page needs a session, its files are immutable, unknown files are 404", { skip: webSkip }, async () => {
  const page = await fetch(`${q.url}/w/anything/p/123?x=1`, { redirect: "manual" });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get("location"), `/login?next=${encodeURIComponent("/w/anything/p/123?x=1")}`);
  const root = await fetch(`${q.url}/`, { redirect: "manual" });
  assert.equal(root.headers.get("location"), "/login?next=%2F");

  const missing = await fetch(`${q.url}/assets/nothing-here.js`);
  assert.equal(missing.status, 404);
  await missing.text();
});

test("Chromium: sign in through /login, the shell, a page from the sidebar, axe, no console errors", { skip, timeout: 120_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    // Back from /login to the app, in the owner's workspace.
    assert.match(new URL(page.url()).pathname, /^\/w\/[0-9a-f-]{36}$/);
    const nav = page.getByRole("navigation", { name: "Workspace" });
    const link = nav.getByRole("link", { name: /Getting started/ });
    await link.waitFor();
    await link.click();
    await page.waitForURL(new RegExp(`/p/${q.rootPageId}$`));
    await page.getByRole("heading", { level: 1, name: "Getting started" }).waitFor();

    // The page's own headers, as the browser got them.
    const res = await page.request.get(page.url());
    assert.equal(res.status(), 200);
    assert.match(res.headers()["content-security-policy"], /script-src 'self'/);
    assert.equal(res.headers()["x-frame-options"], "DENY");
    assert.equal(res.headers()["cache-control"], "no-store");
    // A hashed file of the app: cached for a year.
    const script = await page.locator("script[type=module]").getAttribute("src");
    assert.ok(script?.startsWith("/assets/"), `the app's script is under /assets/: ${script}`);
    const asset = await page.request.get(`${q.url}${script}`);
    assert.equal(asset.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert.match(asset.headers()["content-type"], /^text\/javascript/);

    assert.deepEqual(await axeViolations(page), []);

    // The server-rendered sign-in pages, in the app's look: /login signed in (who, Sign out)…
    await page.goto(`${q.url}/login`);
    await page.getByRole("heading", { level: 1, name: "Signed in" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.getByRole("button", { name: "Sign out" }).click()]);
    // …then signed out, on a phone: Quire's banner, the shared stylesheet, nothing wider than the screen, axe clean.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole("heading", { level: 1, name: "Sign in to Quire" }).waitFor();
    assert.equal(await page.getByRole("banner").getByRole("link", { name: "Quire" }).count(), 1);
    assert.equal(await page.getByRole("button", { name: "Sign in" }).evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(0, 110, 200)");
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    assert.deepEqual(await axeViolations(page), []);
    // Signed in again with the keyboard alone: Tab from the banner's link to Email, Tab to Password, Enter.
    await page.getByRole("banner").getByRole("link", { name: "Quire" }).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.type(q.owner!.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(q.owner!.password!);
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/w/")), page.keyboard.press("Enter")]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("Chromium: a narrow window hides the sidebar behind a menu button", { skip, timeout: 120_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q, undefined, { width: 390, height: 800 });
  try {
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.waitFor();
    assert.equal(await menu.getAttribute("aria-expanded"), "false");
    await menu.click();
    assert.equal(await menu.getAttribute("aria-expanded"), "true");
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: /Getting started/ }).click();
    await page.getByRole("heading", { level: 1, name: "Getting started" }).waitFor();
    // Opening a page closes the menu.
    assert.equal(await menu.getAttribute("aria-expanded"), "false");
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
