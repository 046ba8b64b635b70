/**
 * The web app's shell in real headless Chromium (test/helpers/web.ts): the address sends a
 * signed-out browser to /login and back, the shell shows the workspace and its pages, a page
 * opens from the sidebar, the server-rendered sign-in pages (signed in, signed out at 390 px,
 * signed in again by keyboard), a narrow window hides the sidebar behind a menu button, axe finds no
 * WCAG A/AA violation and the console stays clean. And over plain HTTP: the app's page and files
 * with their headers, the precompressed copies chosen per `Accept-Encoding`, and a page's address
 * preloading the editor's chunk.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pickEncoding } from "../src/http/accept-encoding.js";
import { WEB_DIST } from "../src/routes/web-app.js";
import { FormClient } from "./helpers/signin.js";
import type { TestQuire } from "./helpers/quire.js";
import { axeViolations, signedInPage, webSkip, webSuite } from "./helpers/web.js";

let q: TestQuire;
let browser: Browser;
const skip = webSuite({ ready: (s) => ({ q, browser } = s) });

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

/** One request with the bytes as sent: Node's fetch would decode a compressed body itself. */
function rawGet(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

test("Accept-Encoding: the best-weighted coding the file has, brotli first on a tie, q=0 refuses", () => {
  const both = ["br", "gzip"] as const;
  assert.equal(pickEncoding(undefined, both), null);
  assert.equal(pickEncoding("gzip, deflate, br, zstd", both), "br");
  assert.equal(pickEncoding("gzip, deflate", both), "gzip");
  assert.equal(pickEncoding("br;q=0.5, gzip", both), "gzip");
  assert.equal(pickEncoding("br;q=0, gzip;q=0", both), null);
  assert.equal(pickEncoding("identity", both), null);
  assert.equal(pickEncoding("*", both), "br");
  assert.equal(pickEncoding("*;q=0.1, br;q=0", both), "gzip");
  assert.equal(pickEncoding("x-gzip", both), "gzip");
  assert.equal(pickEncoding("BR;Q=1.0", both), "br");
  assert.equal(pickEncoding("br;q=2, gzip;q=0.2", both), "gzip"); // a weight out of range counts as 0
  assert.equal(pickEncoding("br, gzip", ["gzip"]), "gzip");
  assert.equal(pickEncoding("br", []), null);
});

test("HTTP: files sent precompressed per Accept-Encoding (same bytes decoded), ETag per copy, HEAD and Range", { skip: webSkip }, async () => {
  const browser = new FormClient(q.url);
  assert.equal((await browser.signIn(q.owner!.email, q.owner!.password!)).status, 303);
  const ws = (await browser.session()).body.workspaces[0].id as string;
  const home = await browser.get(`/w/${ws}`);
  assert.equal(home.status, 200);
  const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(home.text)?.[1];
  assert.ok(script, "the shell's script");
  // Every app address preloads the session read; the shell does not preload the editor, a page's
  // address does, and its read-only view does not.
  assert.match(home.text, /<link rel="preload" as="fetch" crossorigin href="\/_quire\/session">/);
  assert.doesNotMatch(home.text, /Editor-/);
  // The session's CSRF token rides in a <meta> (the app's first reads leave before the session read answers): the same token.
  const csrf = /<meta name="quire-csrf" content="([A-Za-z0-9_-]+)">/.exec(home.text)?.[1];
  assert.equal(csrf, (await browser.session()).body.csrf_token);
  assert.match(home.headers.get("content-security-policy") ?? "", /script-src 'self';/);
  const page = await browser.get(`/w/${ws}/p/${q.rootPageId}`);
  assert.equal(page.headers.get("cache-control"), "no-store");
  // Fetched at low priority, not compiled (`preload as="script"`, not `modulepreload`): the app runs it after the first paint.
  const editor = /<link rel="preload" as="script" crossorigin fetchpriority="low" href="(\/assets\/Editor-[^"]+\.js)">/.exec(page.text)?.[1];
  const editorCss = /<link rel="preload" as="style" crossorigin href="(\/assets\/Editor-[^"]+\.css)">/.exec(page.text)?.[1];
  assert.ok(editor && editorCss, `the editor's script and styles preloaded: ${page.text}`);
  assert.ok(page.text.indexOf(editor) < page.text.indexOf("</head>"));
  // The editor's packages, in chunks the app runs one task at a time (web/vite.config.ts EDITOR_STEPS), are preloaded with it.
  for (const chunk of ["editor-pm", "editor-yjs", "editor-tiptap", "editor-bn-core", "editor-ui", "editor-bn-react"])
    assert.match(page.text, new RegExp(`<link rel="preload" as="script" crossorigin fetchpriority="low" href="/assets/${chunk}-[\\w-]+\\.js">`), chunk);
  assert.doesNotMatch(home.text, /editor-pm-/);
  assert.doesNotMatch((await browser.get(`/w/${ws}/p/${q.rootPageId}?view=read`)).text, /Editor-/);
  assert.equal((await rawGet(`${q.url}${editorCss}`)).status, 200);
  // The first reads' script (web/src/early.ts) is an entry of its own, named before the shell's and
  // run as soon as it arrives (async); the CSRF token it reads comes before it.
  const early = /<script type="module" async fetchpriority="high" crossorigin src="(\/assets\/early-[\w-]+\.js)"><\/script>/.exec(home.text)?.[1];
  assert.ok(early, `the early script: ${home.text}`);
  assert.ok(home.text.indexOf('name="quire-csrf"') < home.text.indexOf(early) && home.text.indexOf(early) < home.text.indexOf(script), home.text);
  assert.ok((await rawGet(`${q.url}${early}`)).body.length < 8 * 1024, "early.ts's chunk stays small");
  // A database's address (any ?view=) preloads the DatabaseView chunk, its styles and the chunks it
  // imports (from Vite's manifest), at the default priority: the first paint needs them. Home and a page do not.
  const dbManifest = JSON.parse(readFileSync(join(WEB_DIST, ".vite", "manifest.json"), "utf8")) as Record<string, { file: string; css?: string[]; imports?: string[]; isEntry?: boolean }>;
  const view = dbManifest["src/database/DatabaseView.tsx"];
  for (const address of [`/w/${ws}/d/${randomUUID()}`, `/w/${ws}/d/${randomUUID()}?view=${randomUUID()}`]) {
    const db = (await browser.get(address)).text;
    assert.match(db, new RegExp(`<link rel="modulepreload" crossorigin href="/${view.file}">`));
    for (const css of view.css ?? []) assert.match(db, new RegExp(`<link rel="preload" as="style" crossorigin href="/${css}">`));
    for (const dep of view.imports ?? []) if (!dbManifest[dep].isEntry) assert.ok(db.includes(`<link rel="modulepreload" crossorigin href="/${dbManifest[dep].file}">`), dep);
    assert.doesNotMatch(db, /Editor-/);
  }
  assert.doesNotMatch(home.text, /DatabaseView-/);
  assert.doesNotMatch(page.text, /DatabaseView-/);

  const plain = await rawGet(`${q.url}${script}`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.equal(plain.headers.vary, "Accept-Encoding");
  const br = await rawGet(`${q.url}${script}`, { "accept-encoding": "gzip, deflate, br" });
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(br.headers.vary, "Accept-Encoding");
  assert.equal(br.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.match(String(br.headers["content-type"]), /^text\/javascript/);
  assert.equal(Number(br.headers["content-length"]), br.body.length);
  assert.ok(br.body.length < plain.body.length / 2, `brotli: ${br.body.length} of ${plain.body.length} bytes`);
  assert.ok(brotliDecompressSync(br.body).equals(plain.body));
  const gz = await rawGet(`${q.url}${editor}`, { "accept-encoding": "gzip" });
  assert.equal(gz.headers["content-encoding"], "gzip");
  assert.ok(gunzipSync(gz.body).equals((await rawGet(`${q.url}${editor}`)).body));
  const refused = await rawGet(`${q.url}${script}`, { "accept-encoding": "br;q=0, gzip;q=0" });
  assert.equal(refused.headers["content-encoding"], undefined);
  assert.ok(refused.body.equals(plain.body));

  // Each copy its own ETag; a matching If-None-Match is 304, another copy's is not.
  assert.ok(br.headers.etag && plain.headers.etag && br.headers.etag !== plain.headers.etag);
  const again = await rawGet(`${q.url}${script}`, { "accept-encoding": "br", "if-none-match": String(br.headers.etag) });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.etag, br.headers.etag);
  assert.equal((await rawGet(`${q.url}${script}`, { "if-none-match": String(br.headers.etag) })).status, 200);

  // HEAD: the headers of the chosen copy, no body. Range: ignored, the whole (compressed) file.
  const head = await rawGet(`${q.url}${script}`, { "accept-encoding": "br" }, "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.headers["content-encoding"], "br");
  assert.equal(head.body.length, 0);
  const ranged = await rawGet(`${q.url}${script}`, { "accept-encoding": "br", range: "bytes=0-9" });
  assert.equal(ranged.status, 200);
  assert.ok(brotliDecompressSync(ranged.body).equals(plain.body));

  // A file without a compressed copy (a font is compressed already): the plain bytes, whatever is accepted.
  const manifest = JSON.parse(readFileSync(join(WEB_DIST, ".vite", "manifest.json"), "utf8")) as Record<string, { file: string }>;
  const font = Object.values(manifest).find((c) => c.file.endsWith(".woff2"))!.file;
  const fontAnswer = await rawGet(`${q.url}/${font}`, { "accept-encoding": "br, gzip" });
  assert.equal(fontAnswer.status, 200);
  assert.equal(fontAnswer.headers["content-encoding"], undefined);
  assert.equal(fontAnswer.headers.vary, undefined);
  assert.equal(fontAnswer.headers["content-type"], "font/woff2");
  assert.ok(fontAnswer.body.equals(readFileSync(join(WEB_DIST, font))));
});

test("Chromium: sign in through /login, the shell, a page from the sidebar, axe, no console errors", { skip, timeout: 120_000 }, async () => {
  const { context, page, errors } = await signedInPage(browser, q);
  try {
    // Back from /login to the app, in the owner's workspace.
    assert.match(new URL(page.url()).pathname, /^\/w\/[0-9a-f-]{36}$/);
    const nav = page.getByRole("navigation", { name: "Workspace" });
    const link = nav.getByRole("link", { name: /Getting started/ });
    await link.waitFor();
    // A fresh load reads the session once: the app's fetch takes the answer the page preloaded.
    const sessionReads: string[] = [];
    page.on("request", (r) => void (new URL(r.url()).pathname === "/_quire/session" && sessionReads.push(r.url())));
    await page.reload();
    await link.waitFor();
    assert.equal(sessionReads.length, 1);
    await link.click();
    await page.waitForURL(new RegExp(`/p/${q.rootPageId}$`));
    await page.getByRole("heading", { level: 1, name: "Getting started" }).waitFor();

    // A page's address loaded afresh: the page and its first level of blocks are asked for as the
    // app's script starts (web/src/early.ts) — before the session read is even used, so before the
    // sidebar's first read — once each (the screen takes those answers, it does not ask again), and
    // the editor's chunk is fetched once (its preload is what the app's import takes). The page
    // opened from the sidebar imports the editor after its first paint: that import is waited for
    // first, so none of its requests is counted as the reloaded page's.
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => /\/Editor-[\w-]+\.js$/.test(new URL(e.name).pathname)));
    const asked: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/v1/") || /\/(Editor|editor-[a-z-]+?)-[\w-]+\.js$/.test(u.pathname)) asked.push(u.pathname.replace(/-[\w-]{8}\.js$/, ".js") + u.search);
    });
    await page.reload();
    await page.getByRole("textbox", { name: "Page content" }).getByText("Welcome to Quire").first().waitFor();
    const first = [`/v1/pages/${q.rootPageId}`, `/v1/blocks/${q.rootPageId}/children?page_size=100`];
    const v1 = asked.filter((a) => a.startsWith("/v1/"));
    assert.deepEqual(v1.slice(0, 2).sort(), first.sort(), `first requests: ${asked.join(", ")}`);
    for (const path of [...first, "/assets/Editor.js", "/assets/editor-pm.js", "/assets/editor-bn-react.js"]) assert.equal(asked.filter((a) => a === path).length, 1, `${path} once: ${asked.join(", ")}`);
    assert.ok(v1.indexOf("/v1/search") > 1, `the sidebar's read after: ${asked.join(", ")}`);

    // The page's own headers, as the browser got them.
    const res = await page.request.get(page.url());
    assert.equal(res.status(), 200);
    assert.match(res.headers()["content-security-policy"], /script-src 'self'/);
    assert.equal(res.headers()["x-frame-options"], "DENY");
    assert.equal(res.headers()["cache-control"], "no-store");
    // A hashed file of the app: cached for a year.
    const script = await page.locator("script[type=module]:not([async])").getAttribute("src");
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
