/**
 * `npm run screenshots`: the web app's main screens (and the sign-in and OAuth consent pages) as PNGs in docs/screenshots/, taken in real
 * headless Chromium (Debian's, as the tests use) from a Quire in memory seeded with
 * docs/screenshots/seed.yaml, signed in as its owner through the real /login form. Run it after a
 * change to the app's look; commit the PNGs that changed.
 * Emoji need a colour emoji font on the machine (Debian: fonts-noto-color-emoji).
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startQuire } from "../src/index.js";
import { launchBrowser } from "../test/helpers/browser.js";

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
}

const HANDBOOK = "/p/5c0e0000-0000-4000-8000-000000000010";
const TASKS = "/d/5c0e0000-0000-4000-8000-000000000020";
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
  { name: "console-toolkit", path: "/console/toolkit", ready: heading("Toolkit") },
  { name: "console-tokens", path: "/console/tokens", ready: heading("Personal access tokens") },
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
  try {
    for (const screen of SCREENS) {
      const context = await browser.newContext({ viewport: screen.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const address = screen.url ?? `/w/${WS}${screen.path}`;
      await page.goto(`${q.url}${address}`);
      if (!screen.signedOut) {
        await page.getByLabel("Email").fill(OWNER.email);
        await page.getByLabel("Password").fill(OWNER.password);
        // Back where it was sent from: the app's screens, or the server-rendered page's own address.
        const back = screen.url ? new URL(address, q.url).pathname : "/w/";
        await Promise.all([page.waitForURL((u) => u.pathname.startsWith(back)), page.getByRole("button", { name: "Sign in" }).click()]);
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
      }
    }
  } finally {
    await browser.close();
    await q.close();
  }
}

await main();
