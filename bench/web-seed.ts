/**
 * What the web app's benches share: the screenshots' seeded workspace (docs/screenshots/seed.yaml),
 * its owner, and a signed-in browser state taken once through the real /login form.
 */
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";

export const SEED = fileURLToPath(new URL("../docs/screenshots/seed.yaml", import.meta.url));
export const WS = "5c0e0000-0000-4000-8000-000000000001";
export const OWNER = { email: "ada@northwind.test", password: "screenshots only, not a secret" };

/** The owner signed in on the server at `url`: the context's cookies, for new contexts to start from. */
export async function signedInState(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/w/")), page.getByRole("button", { name: "Sign in" }).click()]);
  const state = await context.storageState();
  await context.close();
  return state;
}
