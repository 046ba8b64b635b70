/**
 * `--allow-private-urls` (src/config.ts): one switch for every outbound request, its environment
 * variable, and the old file-import-only name kept as an alias.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseServeConfig } from "../src/config.js";

const allowed = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseServeConfig(argv, env).allowPrivateUrls;

test("--allow-private-urls, QUIRE_ALLOW_PRIVATE_URLS and the old names all turn it on; off by default", () => {
  assert.equal(allowed([]), false);
  assert.equal(allowed(["--allow-private-urls"]), true);
  assert.equal(allowed(["--allow-private-file-urls"]), true);
  assert.equal(allowed([], { QUIRE_ALLOW_PRIVATE_URLS: "1" }), true);
  assert.equal(allowed([], { QUIRE_ALLOW_PRIVATE_FILE_URLS: "true" }), true);
  assert.equal(allowed([], { QUIRE_ALLOW_PRIVATE_URLS: "0" }), false);
});
