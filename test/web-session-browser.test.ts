/**
 * A browser session calling /v1 from a real headless Chromium (test/helpers/browser.ts): signed
 * in through /login, a `fetch('/v1/users/me')` inside the app's page with `X-Quire-CSRF` answers
 * the person; without the header it is 401. A page of another origin (a plain node:http server in
 * the test, on another port of the same host: the same site, so the Lax cookie goes along) can
 * neither send the CSRF header (its preflight is refused) nor read what its plain request got.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import type { TestQuire } from "./helpers/quire.js";
import { signedInPage, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
let other: Server;
let otherUrl: string;

const skip = webSuite({
  ready: async (s) => {
    ({ q, browser } = s);
    if (skip) return;
    other = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>elsewhere</title><p>another origin</p>"));
    await new Promise<void>((done) => other.listen(0, "127.0.0.1", done));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  },
  cleanup: () => new Promise((done) => (other ? other.close(() => done()) : done())),
});

test("Chromium: the signed-in app's page calls /v1/users/me with the CSRF header and gets the person; without it 401", { skip, timeout: 120_000 }, async () => {
  const { context, page } = await signedInPage(browser, q);
  try {
    const answer = await page.evaluate(async (version) => {
      const session = await (await fetch("/_quire/session")).json();
      const me = await fetch("/v1/users/me", { headers: { "X-Quire-CSRF": session.csrf_token, "Notion-Version": version } });
      const bare = await fetch("/v1/users/me", { headers: { "Notion-Version": version } });
      return { session, status: me.status, me: await me.json(), bareStatus: bare.status, bare: await bare.json() };
    }, "2025-09-03");
    assert.equal(answer.status, 200, JSON.stringify(answer.me));
    assert.equal(answer.me.object, "user");
    assert.equal(answer.me.type, "person");
    assert.equal(answer.me.id, answer.session.user.id);
    assert.equal(answer.me.person.email, q.owner!.email);
    assert.equal(answer.bareStatus, 401);
    assert.equal(answer.bare.code, "unauthorized");
    assert.match(answer.bare.message, /X-Quire-CSRF/);
  } finally {
    await context.close();
  }
});

test("Chromium: another origin's page cannot call /v1 as the signed-in person", { skip, timeout: 120_000 }, async () => {
  const { context, page } = await signedInPage(browser, q);
  try {
    const csrf = await page.evaluate(async () => (await (await fetch("/_quire/session")).json()).csrf_token as string);
    const elsewhere = await context.newPage();
    await elsewhere.goto(otherUrl);
    const result = await elsewhere.evaluate(
      async ({ base, csrf }) => {
        const out: Record<string, string> = {};
        // Even knowing the token: the custom header needs a preflight Quire does not allow.
        try {
          const r = await fetch(`${base}/v1/users/me`, { credentials: "include", headers: { "X-Quire-CSRF": csrf, "Notion-Version": "2025-09-03" } });
          out.withHeader = `answered ${r.status}`;
        } catch (e) {
          out.withHeader = `refused: ${(e as Error).name}`;
        }
        // A request with no custom header goes, cookie and all, but its answer cannot be read.
        try {
          const r = await fetch(`${base}/v1/users/me?x=1`, { credentials: "include" });
          out.plain = `read ${r.status}`;
        } catch (e) {
          out.plain = `refused: ${(e as Error).name}`;
        }
        return out;
      },
      { base: q.url, csrf },
    );
    assert.equal(result.withHeader, "refused: TypeError");
    assert.equal(result.plain, "refused: TypeError");
  } finally {
    await context.close();
  }
});
