/**
 * `npm run screenshots`: the web app's main screens (and the sign-in and OAuth consent pages) as PNGs in docs/screenshots/, taken in real
 * headless Chromium (Debian's, as the tests use) from a Quire in memory seeded with
 * docs/screenshots/seed.yaml, signed in as its owner through the real /login form. Run it after a
 * change to the app's look; commit the PNGs that changed. `npm run screenshots -- console-people
 * signin` takes only the screens named.
 * Emoji need a colour emoji font on the machine (Debian: fonts-noto-color-emoji).
 */
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startQuire } from "../src/index.js";
import { launchBrowser } from "../test/helpers/browser.js";
import { makeKeyPair } from "../test/helpers/saml-idp.js";

const OUT = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const SEED = fileURLToPath(new URL("../docs/screenshots/seed.yaml", import.meta.url));
const WS = "5c0e0000-0000-4000-8000-000000000001";
const OWNER = { email: "ada@northwind.test", password: "screenshots only, not a secret" };

interface Screen {
  name: string;
  /** The address after /w/<ws>. */
  path: string;
  /** What must be on the screen before it is taken (a role and name, or a CSS selector). */
  ready: (page: Page) => Promise<unknown>;
  viewport?: { width: number; height: number };
  /** The screen keeps a stream open (the inspector): never network-idle, so it settles for a second instead. */
  live?: boolean;
  /** Steps after `ready` (open a dialog, pick a tab). */
  then?: (page: Page) => Promise<unknown>;
  /** A server-rendered page's own address (path and query), instead of one under /w/<ws>. */
  url?: string;
  /** Taken signed out (the sign-in page itself). */
  signedOut?: boolean;
  /** What the screen shows, made through the real APIs just before it is taken (after the screens above it). */
  setup?: (seed: Seeder, screen: Screen) => Promise<unknown>;
  /** Undoes what `setup` changed server-wide (the clock), after the screen is taken. */
  cleanup?: (seed: Seeder) => Promise<unknown>;
}

/** The running Quire's APIs for `setup`: the control API with the admin key, /v1 with the seeded integration's token. */
interface Seeder {
  control: (method: string, path: string, body?: unknown) => Promise<any>;
  v1: (method: string, path: string, body?: unknown) => Promise<any>;
  url: string;
  browser: Browser;
  /** A local webhook receiver's address (answers 200 to everything). */
  hook: string;
}

const HANDBOOK = "/p/5c0e0000-0000-4000-8000-000000000010";
const TASKS = "/d/5c0e0000-0000-4000-8000-000000000020";
const HANDBOOK_ID = "5c0e0000-0000-4000-8000-000000000010";
const TASKS_SOURCE = "5c0e0000-0000-4000-8000-000000000021";
const BOT = "5c0e0000-0000-4000-8000-000000000004";
const GRACE = "5c0e0000-0000-4000-8000-000000000003";
const ALAN = "5c0e0000-0000-4000-8000-000000000005";
const CONTROL = `/_quire/v1/workspaces/${WS}`;
const BOT_HEADERS = { authorization: "Bearer ntn_northwind_release_bot_screenshots_only", "notion-version": "2025-09-03" };
const heading = (name: string) => (p: Page) => p.getByRole("heading", { level: 1, name }).waitFor();

const SCREENS: Screen[] = [
  { name: "home", path: "", ready: heading("Home") },
  // The editor: BlockNote holding the page's blocks, the side menu shown beside the hovered block.
  { name: "page", path: HANDBOOK, ready: (p) => p.getByRole("textbox", { name: "Page content" }).waitFor(), then: (p) => p.getByText("Write it down").hover() },
  { name: "page-slash-menu", path: HANDBOOK, ready: (p) => p.getByRole("textbox", { name: "Page content" }).waitFor(), then: async (p) => {
    await p.getByText("Write it down").click();
    await p.keyboard.press("End");
    await p.keyboard.press("Enter");
    await p.keyboard.type("/");
  } },
  { name: "page-read", path: `${HANDBOOK}?view=read`, ready: heading("Team handbook") },
  { name: "database-table", path: TASKS, ready: heading("Tasks") },
  { name: "database-board", path: `${TASKS}?view=5c0e0000-0000-4000-8000-000000000031`, ready: heading("Tasks") },
  { name: "database-calendar", path: `${TASKS}?view=5c0e0000-0000-4000-8000-000000000032`, ready: heading("Tasks") },
  { name: "database-timeline", path: `${TASKS}?view=5c0e0000-0000-4000-8000-000000000033`, ready: (p) => p.locator(".db-tl-bar").first().waitFor() },
  { name: "database-chart", path: `${TASKS}?view=5c0e0000-0000-4000-8000-000000000034`, ready: (p) => p.locator(".db-chart-svg").waitFor() },
  { name: "database-form", path: `${TASKS}?view=5c0e0000-0000-4000-8000-000000000035`, ready: (p) => p.getByRole("button", { name: "Submit" }).waitFor() },
  { name: "search", path: HANDBOOK, ready: heading("Team handbook"), then: async (p) => {
    await p.keyboard.press("Control+k");
    await p.keyboard.type("task");
    await p.waitForTimeout(800);
  } },
  { name: "console-integrations", path: "/console", ready: heading("Integrations") },
  { name: "console-inspector", path: "/console/requests", live: true, ready: heading("Request inspector"), then: (p) => p.getByRole("list", { name: "Requests" }).getByRole("button").first().click() },
  // A snapshot, a fault for the bot and the clock frozen three days back (put back after the screen).
  { name: "console-toolkit", path: "/console/toolkit", ready: (p) => p.getByRole("list", { name: "Faults" }).getByText("/v1/search").first().waitFor(), setup: async (s) => {
    await s.control("POST", "/_quire/v1/snapshots", { name: "before-the-demo" });
    await s.control("POST", "/_quire/v1/faults", { match: { method: "POST", path: "/v1/search", integration_id: BOT }, error: 503, count: 3 });
    await s.control("POST", "/_quire/v1/faults", { match: { path: "/v1/pages/*" }, latency_ms: 800, probability: 0.25 });
    await s.control("PUT", "/_quire/v1/clock", { offset: "-3d", frozen: true });
  }, cleanup: async (s) => {
    await s.control("DELETE", "/_quire/v1/clock");
    await s.control("DELETE", "/_quire/v1/faults");
  } },
  { name: "console-tokens", path: "/console/tokens", ready: heading("Personal access tokens") },
  // People: the seeded members (one made a membership admin) and two groups.
  { name: "console-people", path: "/console/people", ready: (p) => p.getByRole("group", { name: "Group Design" }).waitFor(), setup: async (s) => {
    await s.control("PATCH", `${CONTROL}/members/${GRACE}`, { role: "membership_admin" });
    await s.control("POST", `${CONTROL}/users`, { name: "Katherine Johnson", email: "katherine@northwind.test", role: "guest" });
    await s.control("POST", `${CONTROL}/groups`, { name: "Design", user_ids: [GRACE, ALAN] });
    await s.control("POST", `${CONTROL}/groups`, { name: "Engineering", external_id: "okta-eng", user_ids: [ALAN] });
  } },
  // Security: SAML set up with an identity provider's certificate (made by openssl here), and a SCIM token.
  { name: "console-security", path: "/console/security", ready: (p) => p.getByRole("list", { name: "SCIM tokens" }).getByText("Okta provisioning").first().waitFor(), setup: async (s) => {
    const idp = makeKeyPair("Northwind IdP");
    await s.control("PUT", `${CONTROL}/saml`, { entry_point: "https://idp.northwind.test/sso/saml", idp_cert: idp.cert, idp_issuer: "https://idp.northwind.test/metadata", allow_jit: true });
    await s.control("POST", `${CONTROL}/scim_tokens`, { name: "Okta provisioning" });
  } },
  // Webhooks: a subscription of a second integration whose local receiver took two events, its delivery log open.
  { name: "console-webhooks", path: "", ready: (p) => p.getByRole("heading", { level: 2, name: "Webhooks" }).waitFor(), setup: async (s, screen) => {
    const made = await s.control("POST", `${CONTROL}/integrations`, { name: "Docs sync" });
    await s.control("POST", `${CONTROL}/integrations/${made.id}/shares`, { object_id: HANDBOOK_ID });
    const sub = await s.control("POST", `${CONTROL}/integrations/${made.id}/webhooks`, { url: s.hook, event_types: ["page.created", "page.deleted", "comment.created"], api_version: "2025-09-03", auto_verify: true });
    const page = await s.v1("POST", "/v1/pages", { parent: { page_id: HANDBOOK_ID }, properties: { title: { title: [{ text: { content: "Release checklist" } }] } } });
    await s.v1("POST", "/v1/comments", { parent: { page_id: HANDBOOK_ID }, rich_text: [{ text: { content: "The handbook is up to date." } }] });
    await s.v1("PATCH", `/v1/pages/${page.id}`, { in_trash: true });
    // Every event delivered before the screen is taken.
    for (let i = 0; i < 100; i++) {
      const log = await s.control("GET", `${CONTROL}/webhooks/${sub.id}/deliveries`);
      if (log.results.length >= 3 && log.results.every((d: { status: string }) => d.status === "delivered")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    screen.path = `/console/integrations/${made.id}`;
  }, then: async (p) => {
    const hook = p.getByRole("group", { name: /^Webhook http:\/\/127\.0\.0\.1/ });
    await hook.getByRole("button", { name: "Delivery log" }).click();
    await hook.getByRole("listitem").first().waitFor();
  }, live: true },
  // Custom emojis: three images uploaded through /v1/file_uploads (emoji drawn by Chromium), then added through the control API.
  { name: "console-emojis", path: "/console/emojis", ready: (p) => p.getByRole("list", { name: "Custom emojis" }).getByText(":shipit:").first().waitFor(), setup: async (s) => {
    for (const [name, glyph] of [["shipit", "🚢"], ["northwind", "🧭"], ["lgtm", "👍"]] as const) {
      const png = await drawEmoji(s.browser, glyph);
      const upload = await s.v1("POST", "/v1/file_uploads", { filename: `${name}.png`, content_type: "image/png" });
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), `${name}.png`);
      const sent = await fetch(`${s.url}/v1/file_uploads/${upload.id}/send`, { method: "POST", headers: BOT_HEADERS, body: form });
      if (!sent.ok) throw new Error(`the upload of ${name} was refused: ${sent.status} ${await sent.text()}`);
      await s.control("POST", `${CONTROL}/custom_emojis`, { name, file_upload: { id: upload.id } });
    }
  } },
  // Templates: two pages of the task database made its templates (one the default).
  { name: "console-templates", path: "/console/templates", ready: (p) => p.getByRole("list", { name: "Templates" }).getByText("Bug report").first().waitFor(), setup: async (s) => {
    for (const [title, is_default] of [["Bug report", true], ["Weekly review", false]] as const) {
      const page = await s.v1("POST", "/v1/pages", { parent: { data_source_id: TASKS_SOURCE }, properties: { Name: { title: [{ text: { content: title } }] } } });
      await s.control("POST", `/_quire/v1/workspaces/${WS}/data_sources/${TASKS_SOURCE}/templates`, { page_id: page.id, is_default });
    }
  } },
  // The workspace's own settings: its name and time zone.
  { name: "console-workspace", path: "/console/workspace", ready: heading("Workspace") },
  // The OAuth consent page of a public integration (made in main()), signed in: its authorize address.
  { name: "oauth-consent", path: "", url: "", ready: (p) => p.getByRole("heading", { level: 1, name: /wants to connect to your Quire workspace/ }).waitFor(), then: async (p) => {
    // Ada's other workspace (the seeded one) picked, and a page ticked.
    await p.getByLabel("Add to workspace").selectOption({ label: "Northwind" });
    await Promise.all([p.waitForNavigation(), p.getByRole("button", { name: "Switch", exact: true }).click()]);
    await p.getByRole("checkbox", { name: "Team handbook" }).check();
  } },
  // The server-rendered sign-in page, signed out.
  { name: "signin", path: "", url: "/login", signedOut: true, ready: heading("Sign in to Quire") },
  { name: "narrow", path: HANDBOOK, viewport: { width: 390, height: 844 }, ready: heading("Team handbook") },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  // The owner of the first workspace is a server administrator (the inspector and the toolkit): Ada owns both.
  const q = await startQuire({ memory: true, port: 0, seed: SEED, requestLogSize: 1000, ownerEmail: OWNER.email, ownerPassword: OWNER.password });
  // A few requests by the seeded integration, for the request inspector to show.
  const bot = { authorization: "Bearer ntn_northwind_release_bot_screenshots_only", "notion-version": "2025-09-03" };
  await fetch(`${q.url}/v1/users/me`, { headers: bot });
  await fetch(`${q.url}/v1/pages/5c0e0000-0000-4000-8000-000000000010`, { headers: bot });
  await fetch(`${q.url}/v1/search`, { method: "POST", headers: { ...bot, "content-type": "application/json" }, body: JSON.stringify({ query: "task" }) });
  await fetch(`${q.url}/v1/pages/00000000-0000-4000-8000-000000000000`, { headers: bot });
  // A public integration, registered through the control API, for the consent screen: its authorize address.
  const made = await fetch(`${q.url}/_quire/v1/workspaces/${WS}/integrations`, {
    method: "POST",
    headers: { authorization: `Bearer ${q.adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "public", name: "Acme Sync", redirect_uris: ["https://acme.example/notion/callback"], capabilities: ["read_content", "insert_content", "user_info_with_email"] }),
  });
  if (!made.ok) throw new Error(`the public integration was refused: ${made.status} ${await made.text()}`);
  const { client_id } = (await made.json()) as { client_id: string };
  const consent = SCREENS.find((s) => s.name === "oauth-consent")!;
  consent.url = `/v1/oauth/authorize?${new URLSearchParams({ client_id, redirect_uri: "https://acme.example/notion/callback", response_type: "code", owner: "user", state: "screenshots" })}`;
  const browser = await launchBrowser();
  // The webhook receiver: takes every POST with a 200.
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const call = async (headers: Record<string, string>, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${q.url}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const seeder: Seeder = {
    control: (method, path, body) => call({ authorization: `Bearer ${q.adminKey}` }, method, path, body),
    v1: (method, path, body) => call(BOT_HEADERS, method, path, body),
    url: q.url,
    browser,
    hook: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notion-events`,
  };
  try {
    // `npm run screenshots -- <name> …` takes only those screens (their setups only).
    const only = process.argv.slice(2);
    for (const screen of SCREENS.filter((s) => only.length === 0 || only.includes(s.name))) {
      await screen.setup?.(seeder, screen);
      const context = await browser.newContext({ viewport: screen.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const address = screen.url ?? `/w/${WS}${screen.path}`;
      await page.goto(`${q.url}${address}`);
      if (!screen.signedOut) {
        await page.getByLabel("Email", { exact: true }).fill(OWNER.email);
        await page.getByLabel("Password").fill(OWNER.password);
        // Back where it was sent from: the app's screens, or the server-rendered page's own address.
        const back = screen.url ? new URL(address, q.url).pathname : "/w/";
        await Promise.all([page.waitForURL((u) => u.pathname.startsWith(back)), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
      }
      try {
        await screen.ready(page);
        await screen.then?.(page);
        // Fonts, images and lazy parts settle.
        if (screen.live) await page.waitForTimeout(1000);
        else await page.waitForLoadState("networkidle");
        await page.screenshot({ path: `${OUT}${screen.name}.png` });
        process.stdout.write(`docs/screenshots/${screen.name}.png\n`);
      } catch (e) {
        // The screen as it was, for the person running this to see why (not committed: *-failed.png is ignored).
        await page.screenshot({ path: `${OUT}${screen.name}-failed.png` }).catch(() => undefined);
        process.stderr.write(`${screen.name}: ${(e as Error).message.split("\n")[0]} (docs/screenshots/${screen.name}-failed.png)\n`);
        process.exitCode = 1;
      } finally {
        await context.close();
        await screen.cleanup?.(seeder);
      }
    }
  } finally {
    receiver.close();
    await browser.close();
    await q.close();
  }
}

/** An emoji drawn by Chromium as a 64 px PNG with a transparent background (a custom emoji's image). */
async function drawEmoji(browser: Browser, glyph: string): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 64, height: 64 } });
  try {
    await page.setContent(`<div style="width:64px;height:64px;font-size:52px;line-height:64px;text-align:center">${glyph}</div>`);
    return await page.locator("div").screenshot({ omitBackground: true });
  } finally {
    await page.close();
  }
}

await main();
