/**
 * The OAuth consent page in a real browser (headless Chromium, test/helpers/browser.ts): a local
 * server plays the integration's redirect URI; the person signs in, picks a workspace, searches,
 * opens the tree, ticks pages and allows; the receiver gets the code and the state, which
 * `@notionhq/client`'s `oauth.token` exchanges for a token reading exactly the pages picked. Also
 * Cancel, an unregistered redirect URI, the whole flow with JavaScript off, a cross-site post, the
 * page framed by another site, and a guest. The page has no script: everything is forms. The
 * pages are in the web app's look (its shared stylesheet, a banner and a main landmark), axe finds
 * no WCAG A/AA violation (wide and 390 px) and the browser logs no error.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { browserSkip, launchBrowser } from "./helpers/browser.js";
import { axeViolations, collectErrors } from "./helpers/web.js";
import { authorizePath, consentWorld, ok, oauthClient, PASSWORD, publicIntegration, startReceiver, type ConsentWorld, type PublicIntegration, type Receiver } from "./helpers/oauth-consent.js";

let q: TestQuire;
let browser: Browser;
let receiver: Receiver;
let app: PublicIntegration;
let world: ConsentWorld;

before(async () => {
  if (browserSkip) return;
  q = await startTestQuire();
  receiver = await startReceiver();
  app = await publicIntegration(q, receiver.url);
  world = await consentWorld(q);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await receiver?.close();
  await q?.close();
});

const SKIP = { skip: browserSkip, timeout: 120_000 };

/** Opens the authorize URL and signs in on the page it leads to; ends on the consent page. */
async function signInThrough(page: Page, path: string, email = world.email): Promise<void> {
  await page.goto(q.url + path);
  assert.equal(new URL(page.url()).pathname, "/login", "sent to sign in first");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === "/v1/oauth/authorize"), page.getByRole("button", { name: "Sign in" }).click()]);
}

/** Presses a button that leads to the receiver; the URL it got. */
async function toReceiver(page: Page, button: string): Promise<URL> {
  const before = receiver.hits.length;
  await Promise.all([page.waitForURL((u) => u.href.startsWith(receiver.url)), page.getByRole("button", { name: button }).click()]);
  assert.equal(await page.title(), "Connected");
  assert.equal(receiver.hits.length, before + 1);
  return receiver.hits[receiver.hits.length - 1];
}

/** Clicks a button that re-renders the consent page (a form post) and waits for the new page. */
async function press(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name, exact: true }).click()]);
}

/** Exchanges a code with the SDK; the token's reads of the pages by title: status per page. */
async function reads(code: string, titles: string[]): Promise<Record<string, number>> {
  const token = await oauthClient(q).oauth.token({ client_id: app.client_id, client_secret: app.client_secret, grant_type: "authorization_code", code, redirect_uri: receiver.url });
  assert.equal(token.workspace_id, world.beta);
  const notion = q.client({ auth: token.access_token });
  const out: Record<string, number> = {};
  for (const t of titles) out[t] = await notion.pages.retrieve({ page_id: world.pages[t] }).then(() => 200, (e: { status: number }) => e.status);
  return out;
}

/** The pages' look: Quire's banner and a main landmark, the shared stylesheet applied (the app's button blue), no wider than the window. */
async function lookOf(page: Page): Promise<void> {
  assert.equal(await page.getByRole("banner").getByRole("link", { name: "Quire" }).count(), 1);
  assert.equal(await page.getByRole("main").count(), 1);
  assert.equal(await page.locator('link[rel="stylesheet"]').evaluate((l) => (l as HTMLLinkElement).sheet !== null), true, "the stylesheet loaded (CSP style-src 'self')");
  const button = page.locator("main button[type=submit]:not(.secondary):not(.small)").first();
  if (await button.count()) assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), "rgb(0, 110, 200)");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no horizontal scrolling");
}

async function withContext(opts: Parameters<Browser["newContext"]>[0], run: (page: Page, context: BrowserContext) => Promise<void>) {
  const context = await browser.newContext(opts);
  try {
    await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

test("Chromium: sign in, pick a workspace, search, open the tree, tick pages, allow; the code reads exactly those pages", SKIP, async () => {
  await withContext({}, async (page) => {
    const errors = collectErrors(page);
    await signInThrough(page, authorizePath(app.client_id, receiver.url, { state: "state-αβ" }));
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Acme Sync wants to connect to your Quire workspace");
    assert.deepEqual(await page.locator("#capabilities li").allTextContents(), ["Read content of the pages you select", "Insert content into the pages you select", "Read user information, including email addresses"]);
    await lookOf(page);
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel("Add to workspace").selectOption({ label: "Beta Corp" });
    await press(page, "Switch");
    assert.equal(await page.getByLabel("Add to workspace").inputValue(), world.beta);
    assert.equal(await page.getByText("Board minutes").count(), 0, "another person's private page is not offered");
    assert.equal(await page.getByRole("checkbox", { name: "Company policies" }).count(), 0, "a page Ada can only view has no checkbox");

    // Enter in the search box submits the form (implicit submission): the results replace the tree.
    await page.getByLabel("Search pages").fill("launch");
    await Promise.all([page.waitForNavigation(), page.getByLabel("Search pages").press("Enter")]);
    await page.getByRole("checkbox", { name: "Launch checklist" }).check();
    await press(page, "Back to all pages");
    assert.equal(await page.getByRole("checkbox", { name: "Launch checklist" }).isChecked(), true, "the tick is kept, under Selected");

    await press(page, "Show sub-pages of Roadmap");
    await page.getByRole("checkbox", { name: "Q2 Goals" }).check();
    const got = await toReceiver(page, "Allow access");
    assert.equal(got.searchParams.get("state"), "state-αβ");
    assert.deepEqual(errors, []);
    const code = got.searchParams.get("code")!;
    assert.ok(code);
    assert.deepEqual(await reads(code, ["Launch checklist", "Q2 Goals", "Q1 Goals", "Roadmap", "Zeta Handbook", "Board minutes"]), {
      "Launch checklist": 200,
      "Q2 Goals": 200,
      "Q1 Goals": 404,
      Roadmap: 404,
      "Zeta Handbook": 404,
      "Board minutes": 404,
    });
  });
});

test("Chromium with JavaScript off: the same flow works, forms only", SKIP, async () => {
  await withContext({ javaScriptEnabled: false }, async (page) => {
    await signInThrough(page, authorizePath(app.client_id, receiver.url, { state: "nojs" }));
    await page.getByLabel("Add to workspace").selectOption({ label: "Beta Corp" });
    await press(page, "Switch");
    await press(page, "Show sub-pages of Roadmap");
    await press(page, "Show sub-pages of Q1 Goals");
    await page.getByRole("checkbox", { name: "Launch checklist" }).check();
    await page.getByRole("checkbox", { name: "Zeta Handbook" }).check();
    const got = await toReceiver(page, "Allow access");
    assert.equal(got.searchParams.get("state"), "nojs");
    assert.deepEqual(await reads(got.searchParams.get("code")!, ["Launch checklist", "Zeta Handbook", "Q1 Goals"]), { "Launch checklist": 200, "Zeta Handbook": 200, "Q1 Goals": 404 });
  });
});

test("Chromium at 390 px: Cancel sends error=access_denied and the state; an unregistered redirect URI is an error page that sends nothing", SKIP, async () => {
  await withContext({ viewport: { width: 390, height: 800 } }, async (page) => {
    const errors = collectErrors(page);
    await page.goto(q.url + authorizePath(app.client_id, receiver.url, { state: "no-thanks" }));
    // The sign-in page on a phone: the app's look, nothing wider than the screen, axe clean.
    await lookOf(page);
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel("Email").fill(world.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/v1/oauth/authorize"), page.getByRole("button", { name: "Sign in" }).click()]);
    await lookOf(page);
    assert.deepEqual(await axeViolations(page), []);
    const got = await toReceiver(page, "Cancel");
    assert.deepEqual([...got.searchParams], [["error", "access_denied"], ["state", "no-thanks"]]);

    const before = receiver.hits.length;
    const res = await page.goto(q.url + authorizePath(app.client_id, `${receiver.url}?extra=1`, { state: "x" }));
    assert.equal(res!.status(), 400);
    assert.equal(new URL(page.url()).pathname, "/v1/oauth/authorize", "no redirect");
    assert.match((await page.getByRole("alert").textContent())!, /not one of this integration's registered redirect URIs/);
    assert.equal(receiver.hits.length, before);
    await lookOf(page);
    assert.deepEqual(await axeViolations(page), []);
    // The one failed load the browser logs is the error page's 400, asked for above.
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  });
});

test("Chromium: a post from another site is refused (no CSRF token, foreign Origin); the page cannot be framed", SKIP, async () => {
  const consentUrl = q.url + authorizePath(app.client_id, receiver.url, { state: "f" });
  const evil = await startReceiver(consentUrl);
  try {
    await withContext({}, async (page) => {
      await signInThrough(page, authorizePath(app.client_id, receiver.url, { state: "f" }));
      // Another site's page posting the form (same site as far as cookies go: 127.0.0.1, another port).
      const origin = new URL(evil.url).origin;
      await page.goto(`${origin}/frame`);
      await page.waitForLoadState("load");
      const framed = page.frames().find((f) => f !== page.mainFrame())!;
      assert.ok(framed);
      assert.equal(await framed.locator("#allow").count(), 0, "the consent page does not render inside another site's frame");
      assert.match(framed.url(), /^chrome-error:/, "Chromium refused to show it (frame-ancestors 'none', X-Frame-Options: DENY)");
      const before = receiver.hits.length;
      const fields = { client_id: app.client_id, redirect_uri: receiver.url, response_type: "code", owner: "user", state: "f", workspace: world.beta, shown_workspace: world.beta, [`page:${world.pages["Zeta Handbook"]}`]: "on", action: "allow" };
      const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join("");
      await page.setContent(`<form method="post" action="${q.url}/v1/oauth/authorize">${inputs}<button>Win a prize</button></form>`);
      const [response] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Win a prize" }).click()]);
      assert.equal(response!.status(), 403);
      assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Request refused");
      assert.equal(receiver.hits.length, before);
    });
  } finally {
    await evil.close();
  }
});

test("Chromium: a guest in every workspace is told so, with Cancel and no Allow", SKIP, async () => {
  const email = `guest-${randomUUID().slice(0, 8)}@example.com`;
  const guest = await ok(q, "POST", "/_quire/v1/users", { name: "Gus", email, password: PASSWORD });
  await ok(q, "PATCH", `/_quire/v1/members/${guest.id}`, { role: "guest" });
  await withContext({}, async (page) => {
    await signInThrough(page, authorizePath(app.client_id, receiver.url, { state: "g" }), email);
    assert.match((await page.getByRole("alert").textContent())!, /You are a guest in every workspace you belong to/);
    assert.equal(await page.getByRole("button", { name: "Allow access" }).count(), 0);
    const got = await toReceiver(page, "Cancel");
    assert.equal(got.searchParams.get("error"), "access_denied");
  });
});
