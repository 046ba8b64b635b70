/**
 * The test helper (`quire-server/testing`, src/testing.ts). A user's node:test file
 * (test/fixtures/testing-helper/user.test.mjs) imports the built package export by name and runs
 * under `node --test`: one in-memory Quire, the SDK on it, the state after setup restored before
 * each test when the server has the snapshot API, the current test's request log. Here too: the
 * lifecycle driven through hooks handed in, as vitest and jest hand theirs. And the README's vitest
 * and jest examples, taken from README.md (so they cannot drift), run by vitest 3 and jest 30 in a
 * temp project that has quire-server installed (a symlink to this checkout, as `npm link` makes).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { quireTest } from "../src/testing.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What a user installs is dist/: build it when src/ is newer (the script `npm start` runs). */
function buildDist() {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build-if-stale.mjs")], { cwd: ROOT, encoding: "utf8" });
  assert.equal(build.status, 0, build.stderr);
}

/** The README's example for a runner: the ```ts block of "The test helper" that starts `// <runner>`. */
function readmeExample(runner: string): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### The test helper"));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((b) => b.startsWith(`// ${runner}`));
  assert.ok(block, `README.md has no ${runner} example in "The test helper"`);
  return block;
}

describe("as a user imports it", () => {
  test("a node:test file using quire-server/testing passes", { timeout: 300_000 }, () => {
    buildDist();
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

describe("the README's vitest and jest examples, run by those runners", () => {
  let project = "";
  const link = (name: string) => {
    mkdirSync(join(project, "node_modules", ...name.split("/").slice(0, -1)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(project, "node_modules", name), "dir");
  };
  /** A runner's own process in the temp project, as a user's `npx vitest run` would be. */
  const run = (args: string[]) =>
    spawnSync(process.execPath, args, { cwd: project, encoding: "utf8", timeout: 120_000, env: { ...process.env, NODE_TEST_CONTEXT: undefined, CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" } });

  test("a temp project with quire-server, @notionhq/client, vitest and jest installed", { timeout: 300_000 }, () => {
    buildDist();
    project = mkdtempSync(join(tmpdir(), "quire-runners-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "quire-user", private: true, type: "module" }));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(ROOT, join(project, "node_modules", "quire-server"), "dir");
    for (const name of ["@notionhq/client", "vitest", "jest"]) link(name);
  });

  test("vitest 3 runs the README's vitest example and it passes", { timeout: 300_000 }, (t) => {
    if (!project) return t.skip("no project");
    writeFileSync(join(project, "bot.vitest.test.ts"), readmeExample("vitest"));
    const r = run([join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--root", project, "--reporter=verbose", "bot.vitest.test.ts"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ bot\.vitest\.test\.ts > bot user/);
    assert.match(r.stdout, /Tests\s+1 passed \(1\)/);
  });

  test("jest 30 (ESM, --experimental-vm-modules) runs the README's jest example and it passes", { timeout: 300_000 }, (t) => {
    if (!project) return t.skip("no project");
    // An .mjs file: the example is plain JavaScript, and jest runs ESM without a transform.
    writeFileSync(join(project, "bot.jest.test.mjs"), readmeExample("jest"));
    writeFileSync(join(project, "jest.config.json"), JSON.stringify({ testEnvironment: "node", transform: {}, testMatch: ["**/*.jest.test.mjs"] }));
    const r = run(["--experimental-vm-modules", join(ROOT, "node_modules", "jest", "bin", "jest.js"), "--config", "jest.config.json", "--ci", "--verbose"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /✓ bot user/);
    assert.match(r.stderr, /Tests:\s+1 passed, 1 total/);
  });

  test("clean up", () => {
    if (project) rmSync(project, { recursive: true, force: true });
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
