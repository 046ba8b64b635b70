/**
 * Quire under a path prefix (`--base-path /quire`, docs/design/base-path.md): the SDK with the
 * prefixed `baseUrl`, Notion's 404 outside the prefix, the sign-in form's redirects and cookies,
 * OAuth's authorize redirect and consent form, SAML's service-provider addresses, and the web app
 * in Chromium — its files, its API calls and its router all under the prefix.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { APIErrorCode, isNotionClientError } from "@notionhq/client";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { browserSkip, launchBrowser } from "./helpers/browser.js";
import { axeViolations, collectErrors, webSkip } from "./helpers/web.js";
import { FormClient, csrfOf } from "./helpers/signin.js";
import { REDIRECT, registerPublic } from "./helpers/oauth.js";
import { TestIdp } from "./helpers/saml-idp.js";
import { ConfigError, parseServeConfig } from "../src/config.js";
import { startQuire } from "../src/index.js";
import { StartupError } from "../src/domain/admin/seed.js";

const PASSWORD = "correct horse battery staple";

test("--base-path / QUIRE_BASE_PATH: normalized, / or empty is none, bad values refused naming the flag", async () => {
  assert.equal(parseServeConfig([]).basePath, "");
  assert.equal(parseServeConfig(["--base-path", "/quire"]).basePath, "/quire");
  assert.equal(parseServeConfig(["--base-path", "quire/"]).basePath, "/quire");
  assert.equal(parseServeConfig(["--base-path", "/a/b-c.d_e~/"]).basePath, "/a/b-c.d_e~");
  assert.equal(parseServeConfig(["--base-path", "/"]).basePath, "");
  assert.equal(parseServeConfig([], { QUIRE_BASE_PATH: "/from-env" }).basePath, "/from-env");
  for (const bad of ["/a//b", "/a/../b", "/a b", "/q?x=1", "/q#x", "/%71uire", "/qu:ire"]) {
    assert.throws(() => parseServeConfig(["--base-path", bad]), (e: unknown) => e instanceof ConfigError && /^--base-path should be a URL path such as \/quire/.test(e.message), bad);
  }
  await assert.rejects(startQuire({ memory: true, basePath: "/a/./b" }), (e: unknown) => e instanceof StartupError && /basePath "\/a\/\.\/b" has a \. or \.\. segment/.test(e.message));
});

describe("served under /quire", () => {
  let q: TestQuire;
  let origin: string;
  let browser: Browser | undefined;
  before(async () => {
    q = await startTestQuire({ basePath: "/quire/", ownerPassword: PASSWORD });
    origin = new URL(q.url).origin;
    if (!(browserSkip || webSkip)) browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await q?.close();
  });

  test("the SDK with baseUrl …/quire: a page round trip; urls in answers carry the prefix", async () => {
    assert.equal(q.url, `${origin}/quire`);
    const client = q.client();
    const page = (await client.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: [{ text: { content: "Under a prefix" } }] } } })) as any;
    const got = (await client.pages.retrieve({ page_id: page.id })) as any;
    assert.equal(got.properties.title.title[0].plain_text, "Under a prefix");
    assert.ok(got.url.startsWith(`${origin}/quire/`), got.url);
    const upload = (await client.fileUploads.create({ filename: "a.txt", content_type: "text/plain" })) as any;
    assert.equal(upload.upload_url, `${origin}/quire/v1/file_uploads/${upload.id}/send`);
    const sent = (await client.fileUploads.send({ file_upload_id: upload.id, file: { filename: "a.txt", data: new Blob(["hello"], { type: "text/plain" }) } })) as any;
    assert.equal(sent.status, "uploaded");
  });

  test("outside the prefix: Notion's error shape with 404, for the API, sign-in and the app alike", async () => {
    for (const path of ["/v1/users/me", "/login", "/", "/assets/x.js", "/quirex/v1/users/me", "/_quire/v1/workspaces"]) {
      const res = await fetch(origin + path, { headers: { authorization: `Bearer ${q.token}`, "notion-version": "2025-09-03" }, redirect: "manual" });
      const body = (await res.json()) as any;
      assert.equal(res.status, 404, path);
      assert.equal(body.object, "error");
      assert.equal(body.code, "invalid_request_url");
      assert.match(body.message, /served under \/quire\//);
      assert.equal(body.request_id, res.headers.get("x-notion-request-id"));
    }
    const sdk = q.client();
    // The SDK pointed at the bare origin fails with Notion's error, not a crash.
    const bare = new (sdk.constructor as any)({ auth: q.token, baseUrl: origin, retry: false, logLevel: "error" });
    await assert.rejects(bare.users.me({}), (e: unknown) => isNotionClientError(e) && (e as any).status === 404 && (e as any).code === APIErrorCode.InvalidRequestURL);
  });

  test("sign-in: the app's address sends to /quire/login, the form posts there, cookies are scoped to /quire, the redirect stays under it", async () => {
    const app = await fetch(`${q.url}/w/x/p/1?y=2`, { redirect: "manual" });
    assert.equal(app.status, 303);
    assert.equal(app.headers.get("location"), `/quire/login?next=${encodeURIComponent("/w/x/p/1?y=2")}`);
    await app.text();
    assert.equal((await fetch(q.url, { redirect: "manual" })).headers.get("location"), "/quire/login?next=%2F");

    const person = new FormClient(q.url);
    const form = await person.get("/login?next=%2Fw%2Fx");
    assert.match(form.text, /<form method="post" action="\/quire\/login">/);
    assert.doesNotMatch(form.text, /(href|action|src)="\/(?!quire\/)/, "no address outside the prefix");
    assert.match(form.setCookies.join("\n"), /^quire_login=[^;]+; Path=\/quire\/login;/m);
    const signedIn = await person.post("/login", { csrf_token: csrfOf(form.text), email: q.owner!.email, password: PASSWORD, next: "/w/x" });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get("location"), "/quire/w/x");
    assert.match(signedIn.setCookies.join("\n"), /^quire_session=[^;]+; Path=\/quire;/m);
    assert.equal((await person.session()).status, 200);
    // Without next: the app's home under the prefix.
    const again = new FormClient(q.url);
    const landed = await again.signIn(q.owner!.email, PASSWORD);
    assert.equal(landed.headers.get("location"), "/quire/");
    // Signing out lands on the sign-in page under the prefix.
    const signedInPage = await again.get("/login");
    const out = await again.post("/logout", { csrf_token: csrfOf(signedInPage.text) });
    assert.equal(out.headers.get("location"), "/quire/login");
  });

  test("OAuth: authorize sends a signed-out person to /quire/login and back; the consent form posts under the prefix", async () => {
    const integration = await registerPublic(q);
    // In the order the server writes it back into next (authorizeUrl, src/routes/oauth-authorize.ts).
    const authorize = `/v1/oauth/authorize?client_id=${integration.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&owner=user`;
    const person = new FormClient(q.url);
    const out = await person.get(authorize);
    assert.equal(out.status, 303);
    assert.equal(out.headers.get("location"), `/quire/login?next=${encodeURIComponent(authorize)}`);
    const form = await person.get(`/login?next=${encodeURIComponent(authorize)}`);
    const signedIn = await person.post("/login", { csrf_token: csrfOf(form.text), email: q.owner!.email, password: PASSWORD, next: authorize });
    assert.equal(signedIn.headers.get("location"), `/quire${authorize}`);
    const consent = await person.get(authorize);
    assert.equal(consent.status, 200);
    assert.match(consent.text, /<form method="post" action="\/quire\/v1\/oauth\/authorize" id="consent">/);
  });

  test("SAML: the service provider's addresses and the published metadata carry the prefix; /quire/sso/saml/…/login goes to the IdP", async () => {
    const idp = new TestIdp();
    const put = await q.admin("PUT", "/_quire/v1/saml", { idp_metadata_xml: idp.metadata("https://idp.example.test/sso") });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const base = `${origin}/quire/sso/saml/${q.workspaceId}`;
    assert.deepEqual(put.body.service_provider, { entity_id: `${base}/metadata`, metadata_url: `${base}/metadata`, acs_url: `${base}/acs`, login_url: `${base}/login` });
    const xml = await (await fetch(`${base}/metadata`)).text();
    assert.match(xml, new RegExp(`entityID="${base}/metadata"`));
    assert.match(xml, new RegExp(`Location="${base}/acs"`));
    const login = await fetch(`${base}/login`, { redirect: "manual" });
    assert.equal(login.status, 302);
    assert.ok(login.headers.get("location")!.startsWith("https://idp.example.test/sso?"));
    assert.equal((await q.admin("DELETE", "/_quire/v1/saml")).status, 200);
  });

  test("SCIM: resources' meta.location under the prefix", async () => {
    const created = await q.admin("POST", "/_quire/v1/scim_tokens", { name: "IdP" });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const res = await fetch(`${q.url}/scim/v2/ServiceProviderConfig`, { headers: { authorization: `Bearer ${created.body.token}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as any).meta.location, `${q.url}/scim/v2/ServiceProviderConfig`);
  });

  test("Chromium: sign in at /quire/login, the shell loads its files from /quire/assets, a page from the sidebar, axe, no console errors", { skip: browserSkip || webSkip, timeout: 120_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const outside: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.origin === origin && !u.pathname.startsWith("/quire/")) outside.push(u.pathname);
    });
    try {
      await page.goto(`${q.url}/`);
      assert.equal(new URL(page.url()).pathname, "/quire/login");
      await page.getByLabel("Email").fill(q.owner!.email);
      await page.getByLabel("Password").fill(PASSWORD);
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/quire/w/")), page.getByRole("button", { name: "Sign in" }).click()]);
      assert.match(new URL(page.url()).pathname, /^\/quire\/w\/[0-9a-f-]{36}$/);
      const link = page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: /Getting started/ });
      await link.waitFor();
      assert.equal(await link.getAttribute("href"), `/quire/w/${q.workspaceId}/p/${q.rootPageId}`);
      await link.click();
      await page.waitForURL(new RegExp(`^${origin}/quire/w/${q.workspaceId}/p/${q.rootPageId}$`));
      await page.getByRole("heading", { level: 1, name: "Getting started" }).waitFor();
      const script = await page.locator("script[type=module]:not([async])").getAttribute("src");
      assert.match(script ?? "", /^\/quire\/assets\/index-[\w-]+\.js$/);
      // The first reads' own entry (web/src/early.ts), under the prefix too.
      assert.match((await page.locator("script[type=module][async]").getAttribute("src")) ?? "", /^\/quire\/assets\/early-[\w-]+\.js$/);
      // Back and forward stay in the app, under the prefix.
      await page.goBack();
      await page.waitForURL((u) => u.pathname === `/quire/w/${q.workspaceId}`);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(outside, [], "every request the app made stayed under /quire/");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
