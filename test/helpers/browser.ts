/**
 * A real headless Chromium for tests (playwright-core driving Debian's `chromium`, never a
 * downloaded browser): the sign-in pages today, the web app and the OAuth consent screen next.
 * `.ci/run` installs chromium when it is missing; where it still is (or playwright-core is not
 * installed), `browserSkip` says why and the test skips.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";

/** Where Debian's chromium package puts the browser (override: QUIRE_TEST_CHROMIUM). */
export const CHROMIUM_PATH = process.env.QUIRE_TEST_CHROMIUM ?? "/usr/bin/chromium";

function missing(): string | false {
  try {
    createRequire(import.meta.url).resolve("playwright-core");
  } catch {
    return "playwright-core is not installed (a devDependency: run npm install)";
  }
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, as .ci/run does; or set QUIRE_TEST_CHROMIUM)`;
  return false;
}

/** False when a browser can be launched here, else why not (a test's `skip`). */
export const browserSkip: string | false = missing();

/**
 * Launches headless Chromium. `--no-sandbox`: tests run as root in CI containers, where
 * Chromium's sandbox cannot start; the pages it opens are the test's own server.
 */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ["--no-sandbox"] });
}
