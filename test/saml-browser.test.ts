/**
 * SAML single sign-on in a real browser (headless Chromium, test/helpers/browser.ts): /login →
 * "Sign in with SSO" with the person's email → Quire's AuthnRequest → an IdP served by this test
 * (test/helpers/saml-idp.ts: it reads the request and answers a page that posts a signed response
 * back, as IdPs do) → Quire's assertion consumer → signed in, at `next`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { browserSkip, launchBrowser } from "./helpers/browser.js";
import { attributeOf, authnRequestOf, TestIdp } from "./helpers/saml-idp.js";

let q: TestQuire;
let browser: Browser;
let idpServer: Server;
const idp = new TestIdp();
const seen: string[] = [];

/** The IdP's sign-on endpoint: whoever asks is "signed in" as `email` and posted back to the ACS the request names. */
function serveIdp(email: string): Promise<string> {
  idpServer = createServer((req, res) => {
    const { xml } = authnRequestOf(`http://idp${req.url}`);
    const acs = attributeOf(xml, "AuthnRequest", "AssertionConsumerServiceURL")!;
    const spEntity = /<(?:\w+:)?Issuer[^>]*>([^<]+)</.exec(xml)![1];
    seen.push(acs);
    const SAMLResponse = idp.response({ acsUrl: acs, audience: spEntity, inResponseTo: attributeOf(xml, "AuthnRequest", "ID"), email });
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>Test IdP</title><form method="post" action="${acs}"><input type="hidden" name="SAMLResponse" value="${SAMLResponse}"></form><script>document.forms[0].submit()</script>`);
  });
  return new Promise((resolve) => idpServer.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(idpServer.address() as AddressInfo).port}/sso`)));
}

before(async () => {
  if (browserSkip) return;
  q = await startTestQuire();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await q?.close();
  idpServer?.close();
});

test("Chromium: /login → Sign in with SSO → the IdP → signed in as the person, at next", { skip: browserSkip, timeout: 120_000 }, async () => {
  const email = `grace-${randomUUID().slice(0, 8)}@example.com`;
  const person = await q.admin("POST", `/_quire/v1/workspaces/${q.workspaceId}/users`, { name: "Grace Hopper", email });
  assert.equal(person.status, 200);
  const sso = await serveIdp(email);
  const configured = await q.admin("PUT", `/_quire/v1/workspaces/${q.workspaceId}/saml`, { entry_point: sso, idp_cert: idp.keys.cert, idp_issuer: idp.entityId });
  assert.equal(configured.status, 200, JSON.stringify(configured.body));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${q.url}/login?next=%2F_quire%2Fsession`);
    await page.getByLabel("Work email").fill(email);
    await Promise.all([page.waitForURL(`${q.url}/_quire/session`, { timeout: 60_000 }), page.getByRole("button", { name: "Sign in with SSO" }).click()]);
    assert.deepEqual(seen, [`${q.url}/sso/saml/${q.workspaceId}/acs`], "the IdP was visited once, asked to answer Quire's ACS");
    const session = JSON.parse((await page.locator("body").textContent()) ?? "{}");
    assert.equal(session.user.id, person.body.id);
    assert.equal(session.user.person.email, email);
    const cookie = (await context.cookies()).find((c) => c.name === "quire_session");
    assert.ok(cookie && cookie.httpOnly && cookie.sameSite === "Lax");
  } finally {
    await context.close();
  }
});
