/**
 * The test helper (`quire-server/testing`, src/testing.ts). A user's node:test file
 * (test/fixtures/testing-helper/user.test.mjs) imports the built package export by name and runs
 * under `node --test`: one in-memory Quire, the SDK on it, the state after setup restored before
 * each test when the server has the snapshot API, the current test's request log. Here too: the
 * lifecycle driven through hooks handed in, as vitest and jest hand theirs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { quireTest } from "../src/testing.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("as a user imports it", () => {
  test("a node:test file using quire-server/testing passes", { timeout: 300_000 }, () => {
    // What a user installs is dist/: build it when src/ is newer (the script `npm start` runs).
    const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build-if-stale.mjs")], { cwd: ROOT, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
    const run = spawnSync(process.execPath, ["--test", "--test-reporter=spec", join(ROOT, "test/fixtures/testing-helper/user.test.mjs")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      // Not a subprocess of this runner: its own process, reporting as a user's would.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /pass 3/);
    assert.match(run.stdout, /fail 0/);
    assert.match(run.stdout, /RESETS: /);
  });
});

describe("hooks handed in (the vitest and jest form)", () => {
  test("beforeAll starts, beforeEach clears the log, afterAll stops; use before start is a clear error", async () => {
    const registered: Record<string, (() => Promise<void>)[]> = { beforeAll: [], beforeEach: [], afterAll: [] };
    const hook = (name: string) => (fn: () => Promise<void>) => void registered[name].push(fn);
    const h = quireTest({ hooks: { beforeAll: hook("beforeAll"), beforeEach: hook("beforeEach"), afterAll: hook("afterAll") }, token: "ntn_fixed_test_token_1234" });
    assert.deepEqual(Object.values(registered).map((l) => l.length), [1, 1, 1]);
    assert.throws(() => h.url, /not started yet/);
    await registered.beforeAll[0]();
    try {
      assert.equal(h.token, "ntn_fixed_test_token_1234");
      assert.equal((await h.client.users.me({})).type, "bot");
      await registered.beforeEach[0]();
      await h.client.users.me({});
      assert.equal((await h.requests()).length, 1);
      await registered.beforeEach[0]();
      assert.deepEqual(await h.requests(), [], "each test's log starts empty");
    } finally {
      await registered.afterAll[0]();
    }
    await assert.rejects(fetch(`${h.url}/_quire/health`));
  });
});
