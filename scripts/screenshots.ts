/**
 * `npm run screenshots`: the web app's main screens as PNGs in docs/screenshots/, taken in real
 * headless Chromium (Debian's, as the tests use) from a Quire in memory seeded with
 * docs/screenshots/seed.yaml, signed in as its owner through the real /login form. Run it after a
 * change to the app's look; commit the PNGs that changed.
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
  /** Steps after `ready` (open a dialog, pick a tab). */
  then?: (page: Page) => Promise<unknown>;
}

const SCREENS: Screen[] = [
  { name: "home", path: "", ready: (p) => p.getByRole("heading", { level: 1, name: "Home" }).waitFor() },
  { name: "page", path: "/p/5c0e0000-0000-4000-8000-000000000010", ready: (p) => p.getByRole("heading", { level: 1, name: "Team handbook" }).waitFor() },
  { name: "database-table", path: "/d/5c0e0000-0000-4000-8000-000000000020", ready: (p) => p.getByRole("heading", { level: 1, name: "Tasks" }).waitFor() },
  {
    name: "narrow",
    path: "/p/5c0e0000-0000-4000-8000-000000000010",
    viewport: { width: 390, height: 844 },
    ready: (p) => p.getByRole("heading", { level: 1, name: "Team handbook" }).waitFor(),
  },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const q = await startQuire({ memory: true, port: 0, seed: SEED, requestLogSize: 1000 });
  const browser = await launchBrowser();
  try {
    for (const screen of SCREENS) {
      const context = await browser.newContext({ viewport: screen.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${q.url}/w/${WS}${screen.path}`);
      await page.getByLabel("Email").fill(OWNER.email);
      await page.getByLabel("Password").fill(OWNER.password);
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/w/")), page.getByRole("button", { name: "Sign in" }).click()]);
      await screen.ready(page);
      await screen.then?.(page);
      // Fonts, images and lazy parts settle.
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `${OUT}${screen.name}.png` });
      process.stdout.write(`docs/screenshots/${screen.name}.png\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    await q.close();
  }
}

await main();
