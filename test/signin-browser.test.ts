/**
 * Sign-in in a real browser (headless Chromium, test/helpers/browser.ts): open /login, fail once,
 * sign in, read /_quire/session as the person, check the session cookie's flags in the
 * browser's own cookie jar, sign out — all by filling and submitting the forms, no JavaScript of
 * Quire's (the pages have none).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { browserSkip, launchBrowser } from "./helpers/browser.js";
import { signedInLanding } from "../src/routes/web-app.js";

const PASSWORD = "correct horse battery staple";

let q: TestQuire;
let browser: Browser;

before(async () => {
  if (browserSkip) return;
  q = await startTestQuire();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await q?.close();
});

test("Chromium: a failed sign-in, a sign-in, the session as the person, the cookie's flags, a sign-out", { skip: browserSkip, timeout: 120_000 }, async () => {
  const email = `ada-${randomUUID().slice(0, 8)}@example.com`;
  const created = await q.admin("POST", "/_quire/v1/users", { name: "Ada Lovelace", email, password: PASSWORD });
  assert.equal(created.status, 200);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${q.url}/login`);
    assert.equal(await page.title(), "Sign in · Quire");
    // The fields are found by their labels, as assistive technology finds them.
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByRole("alert").textContent(), "Incorrect email or password.");
    assert.equal(await page.getByLabel("Email").inputValue(), email, "the email is kept");
    assert.equal((await context.cookies()).find((c) => c.name === "quire_session"), undefined);

    await page.getByLabel("Password").fill(PASSWORD);
    // Without `next`: the web app once it is built (its page moves on to /w/<workspace>), else /login's signed-in view.
    const landing = signedInLanding();
    await Promise.all([page.waitForURL((u) => (landing === "/" ? u.pathname === "/" || u.pathname.startsWith("/w/") : u.pathname === "/login")), page.getByRole("button", { name: "Sign in" }).click()]);
    if (landing !== "/login") await page.goto(`${q.url}/login`);
    assert.equal(await page.locator("#signed-in-as").textContent(), `Ada Lovelace (${email})`);

    const cookie = (await context.cookies()).find((c) => c.name === "quire_session");
    assert.ok(cookie, "the browser keeps the session cookie");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Lax");
    assert.equal(cookie.path, "/");
    assert.equal(cookie.secure, false, "served over plain http");
    assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(cookie.expires > Date.now() / 1000 + 6 * 86400, "lives as long as the session (7 days)");
    // HttpOnly: the page's scripts cannot read it.
    assert.equal(await page.evaluate(() => document.cookie.includes("quire_session")), false);

    const res = await page.goto(`${q.url}/_quire/session`);
    const session = await res!.json();
    assert.equal(session.user.id, created.body.id);
    assert.equal(session.user.name, "Ada Lovelace");
    assert.equal(session.user.person.email, email);
    assert.deepEqual(session.workspaces, [{ id: q.workspaceId, name: "Quire", role: "member", can_manage: false }]);
    assert.equal(session.server_admin, false);

    await page.goto(`${q.url}/login`);
    await Promise.all([page.waitForURL(`${q.url}/login`), page.getByRole("button", { name: "Sign out" }).click()]);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Sign in to Quire");
    assert.equal((await context.cookies()).find((c) => c.name === "quire_session"), undefined, "the cookie is gone");
    const after = await page.goto(`${q.url}/_quire/session`);
    assert.equal(after!.status(), 401);
    // The old cookie replayed by hand is refused too: the session was revoked on the server.
    const replay = await fetch(`${q.url}/_quire/session`, { headers: { cookie: `quire_session=${cookie.value}` } });
    assert.equal(replay.status, 401);
  } finally {
    await context.close();
  }
});
