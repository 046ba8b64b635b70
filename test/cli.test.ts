import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync, readFileSync, statSync, mkdirSync, writeFileSync, symlinkSync, utimesSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@notionhq/client";
import { runCli, startServerProcess } from "./helpers/child.js";
import { execOnStore, onPostgres } from "./helpers/store.js";
import { readServerFile } from "../src/server-file.js";

const sdk = (url: string, auth: string) => new Client({ auth, baseUrl: url, retry: false } as ConstructorParameters<typeof Client>[0]);

describe("quire CLI", () => {
  test("`serve --port 0 --memory --token T` prints the URL, token and admin key, then request lines", async () => {
    const s = await startServerProcess(["--port", "0", "--memory", "--token", "secret_token_123"]);
    try {
      assert.equal(s.token, "secret_token_123");
      const me = await sdk(s.url, s.token).users.me({});
      assert.equal(me.name, "Quire Dev");
      await new Promise((r) => setTimeout(r, 100));
      assert.match(s.output(), /GET \/v1\/users\/me 200 \d+(\.\d+)?ms/);
    } finally {
      await s.stop();
    }
  });

  test("--quiet prints no request lines", async () => {
    const s = await startServerProcess(["--port", "0", "--memory", "--quiet"]);
    try {
      await sdk(s.url, s.token).users.me({});
      await new Promise((r) => setTimeout(r, 100));
      assert.doesNotMatch(s.output(), /GET \/v1/);
    } finally {
      await s.stop();
    }
  });

  test("a data directory keeps the workspace, its token and its pages across restarts", async () => {
    await inTempDir(async (dir) => {
      const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const client = sdk(first.url, first.token);
      const rootId = await firstSharedPage(first);
      const made = await client.pages.create({ parent: { page_id: rootId }, properties: { title: { title: [{ text: { content: "Kept" } }] } } });
      await first.stop();
      assert.equal(existsSync(join(dir, "quire.db")), !onPostgres, "the SQLite file is in the data directory unless the data is in PostgreSQL");
      const second = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      try {
        assert.equal(second.token, first.token);
        assert.equal(second.adminKey, first.adminKey);
        assert.equal(await firstSharedPage(second), rootId);
        const kept = await sdk(second.url, second.token).pages.retrieve({ page_id: made.id });
        assert.equal((kept as unknown as { properties: { title: { title: { plain_text: string }[] } } }).properties.title.title[0].plain_text, "Kept");
      } finally {
        await second.stop();
      }
    });
  });

  test("environment variables configure the server", async () => {
    const s = await startServerProcess(["--memory", "--quiet"], { QUIRE_PORT: "0", QUIRE_TOKEN: "env_token_456", QUIRE_ADMIN_KEY: "env_admin_key" });
    try {
      assert.equal(s.token, "env_token_456");
      assert.equal(s.adminKey, "env_admin_key");
    } finally {
      await s.stop();
    }
  });

  test("bad flags fail with a readable message and exit code 2", async () => {
    const r = await runCli(["serve", "--port", "abc"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port should be an integer/);
  });

  test("integration, share, page and user commands drive the control API", async () => {
    const s = await startServerProcess(["--port", "0", "--memory", "--quiet"]);
    const flags = ["--url", s.url, "--admin-key", s.adminKey];
    try {
      const created = await runCli(["integration", "create", "--name", "From CLI", "--capabilities", "read_content,insert_content", ...flags]);
      assert.equal(created.code, 0, created.stderr);
      const integration = JSON.parse(created.stdout);
      assert.deepEqual(integration.capabilities, ["read_content", "insert_content", "user_info_none"]);
      const page = JSON.parse((await runCli(["page", "create", "--title", "CLI page", ...flags])).stdout);
      const shared = await runCli(["share", integration.id, page.id, ...flags]);
      assert.equal(shared.code, 0, shared.stderr);
      const got = await sdk(s.url, integration.token).pages.retrieve({ page_id: page.id });
      assert.equal(got.id, page.id);
      assert.equal((got as any).properties.title.title[0].plain_text, "CLI page");
      const listed = JSON.parse((await runCli(["integration", "list", ...flags])).stdout);
      assert.ok(listed.results.some((r: { name: string }) => r.name === "From CLI"));
      const user = await runCli(["user", "create", "--name", "Grace", "--email", "grace@example.com", ...flags]);
      assert.equal(JSON.parse(user.stdout).type, "person");
      const unshared = await runCli(["unshare", integration.id, page.id, ...flags]);
      assert.equal(unshared.code, 0);
      const bad = await runCli(["share", integration.id, "00000000-0000-4000-8000-000000000000", ...flags]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /404 object_not_found/);
    } finally {
      await s.stop();
    }
  });
});

describe("quire CLI: starts and restarts", () => {
  const oneLine = (stderr: string) => {
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
  };

  test("the banner names the Getting started page; `--help` prints the usage", async () => {
    const s = await startServerProcess(["--port", "0", "--memory", "--quiet"]);
    try {
      const id = /Start page:\s+(\S+)/.exec(s.output())?.[1];
      assert.equal(id, await firstSharedPage(s));
      const page = await sdk(s.url, s.token).pages.retrieve({ page_id: id! });
      assert.equal((page as any).properties.title.title[0].plain_text, "Getting started");
    } finally {
      await s.stop();
    }
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: quire <command>/);
  });

  test("a dev token rotated through the control API is the one the next start prints", async () => {
    await inTempDir(async (dir) => {
      const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const dev = JSON.parse((await runCli(["integration", "list", "--data", dir])).stdout).results.find((r: { name: string }) => r.name === "Quire Dev");
      const rotated = JSON.parse((await runCli(["integration", "update", dev.id, "--rotate-token", "--data", dir])).stdout).token;
      assert.notEqual(rotated, first.token);
      await first.stop();
      const second = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      try {
        assert.equal(second.token, rotated);
        assert.equal((await sdk(second.url, second.token).users.me({})).name, "Quire Dev");
      } finally {
        await second.stop();
      }
      // A data directory whose dev token was rotated by a Quire that did not record it (and kept it in
      // clear, converted at this start): the banner says so.
      await execOnStore(dir, "INSERT INTO meta (key, value) VALUES ('dev_token', 'ntn_stale_token_from_before')");
      const third = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      try {
        assert.match(third.output(), new RegExp(`Dev token:   \\(none that works: the token of "Quire Dev" was rotated; \`quire integration update ${dev.id} --rotate-token\` gives a new one\\)`));
        assert.doesNotMatch(third.output(), /ntn_stale_token_from_before/);
        await runCli(["integration", "delete", dev.id, "--data", dir]);
      } finally {
        await third.stop();
      }
      const fourth = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      try {
        assert.match(fourth.output(), /Dev token:   \(none that works: the integration "Quire Dev" was deleted; `quire integration create --name NAME` makes another\)/);
      } finally {
        await fourth.stop();
      }
    });
  });

  test("restarting with --token set to another integration's token is one clear line, exit 1, nothing changed", async () => {
    await inTempDir(async (dir) => {
      const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const other = JSON.parse((await runCli(["integration", "create", "--name", "Other", "--data", dir])).stdout);
      await first.stop();
      const r = await runCli(["serve", "--port", "0", "--data", dir, "--quiet", "--token", other.token]);
      assert.equal(r.code, 1);
      oneLine(r.stderr);
      assert.equal(r.stderr.trim(), `--token is already the token of another integration ("Other", ${other.id}); choose a different value.`);
      const again = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      try {
        assert.equal(again.token, first.token);
        assert.equal((await sdk(again.url, other.token).users.me({})).name, "Other");
      } finally {
        await again.stop();
      }
    });
  });

  test("a port in use is one clear line and exit 1", async () => {
    const s = await startServerProcess(["--port", "0", "--memory", "--quiet"]);
    try {
      const port = new URL(s.url).port;
      const r = await runCli(["serve", "--port", port, "--memory", "--quiet"]);
      assert.equal(r.code, 1);
      oneLine(r.stderr);
      assert.equal(r.stderr.trim(), `Port ${port} on 127.0.0.1 is already in use (another Quire?): stop it, or choose another port (--port N; 0 picks a free one).`);
    } finally {
      await s.stop();
    }
  });

  test("control commands find a server started with --port and --data through its data directory (server.json, 0600)", async () => {
    await inTempDir(async (dir) => {
      const s = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const file = join(dir, "server.json");
      try {
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const recorded = JSON.parse(readFileSync(file, "utf8"));
        assert.deepEqual({ url: recorded.url, admin_key: recorded.admin_key }, { url: s.url, admin_key: s.adminKey });
        const listed = await runCli(["integration", "list", "--data", dir], { QUIRE_URL: "", QUIRE_ADMIN_KEY: "" });
        assert.equal(listed.code, 0, listed.stderr);
        assert.ok(JSON.parse(listed.stdout).results.some((r: { name: string }) => r.name === "Quire Dev"));
        const byEnv = await runCli(["user", "create", "--name", "Lin", "--email", "lin@example.com"], { QUIRE_DATA_DIR: dir });
        assert.equal(byEnv.code, 0, byEnv.stderr);
      } finally {
        await s.stop();
      }
      assert.equal(existsSync(file), false, "removed at shutdown");
      // A server killed outright leaves the file behind; it reads as stale.
      const killed = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      await killed.stop("SIGKILL");
      assert.equal(existsSync(file), true);
      assert.equal(readServerFile(dir), null);
    });
  });

  test("a server error's stack goes to stderr; request lines stay on stdout", async () => {
    await inTempDir(async (dir) => {
      const s = await startServerProcess(["--port", "0", "--data", dir]);
      try {
        // A data directory damaged under the running server: its next read of that table fails.
        await execOnStore(dir, "DROP TABLE custom_emojis");
        const res = await fetch(`${s.url}/v1/custom_emojis`, { headers: { authorization: `Bearer ${s.token}`, "notion-version": "2025-09-03" } });
        assert.equal(res.status, 500);
        assert.equal((await res.json()).code, "internal_server_error");
        await new Promise((r) => setTimeout(r, 200));
        assert.match(s.errors(), /^error GET \/v1\/custom_emojis: \S*[Ee]rror: .*custom_emojis[\s\S]*\n\s+at /);
        assert.match(s.output(), /GET \/v1\/custom_emojis 500 /);
        assert.doesNotMatch(s.output(), /custom_emojis:|\n\s+at /);
      } finally {
        await s.stop();
      }
    });
  });

  test("a control command with no server to find says how to point at one", async () => {
    await inTempDir(async (dir) => {
      const r = await runCli(["integration", "list", "--data", dir], { QUIRE_URL: "", QUIRE_ADMIN_KEY: "" });
      assert.equal(r.code, 2);
      oneLine(r.stderr);
      assert.match(r.stderr, /^No admin key: no server is running on the data directory .*--url and --admin-key/);
    });
  });
});

describe("npm start's build check (scripts/build-if-stale.mjs)", () => {
  const ROOT = fileURLToPath(new URL("..", import.meta.url));
  const run = (root: string) => spawnSync(process.execPath, [join(ROOT, "scripts", "build-if-stale.mjs"), root], { encoding: "utf8" });

  test("builds a missing dist/, leaves a fresh one alone, and rebuilds when a source is newer", () => {
    const root = mkdtempSync(join(tmpdir(), "quire-build-"));
    try {
      symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
      mkdirSync(join(root, "src"));
      writeFileSync(join(root, "src", "cli.ts"), "export const built = 1;\n");
      writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [] } }));
      writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"] }));
      const first = run(root);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stderr, /^Building dist\/…/);
      assert.match(readFileSync(join(root, "dist", "cli.js"), "utf8"), /built = 1/);
      const fresh = run(root);
      assert.equal(fresh.status, 0);
      assert.equal(fresh.stderr, "");
      writeFileSync(join(root, "src", "cli.ts"), "export const built = 2;\n");
      const later = new Date(Date.now() + 5000);
      utimesSync(join(root, "src", "cli.ts"), later, later);
      const stale = run(root);
      assert.equal(stale.status, 0, stale.stderr);
      assert.match(stale.stderr, /^Building dist\/ \(src\/ changed since the last build\)/);
      assert.match(readFileSync(join(root, "dist", "cli.js"), "utf8"), /built = 2/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "quire-cli-"));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The id of the page the dev integration was given at first start. */
async function firstSharedPage(s: { url: string; adminKey: string }): Promise<string> {
  const headers = { authorization: `Bearer ${s.adminKey}` };
  const list = await (await fetch(`${s.url}/_quire/v1/integrations`, { headers })).json();
  const dev = list.results.find((r: { name: string }) => r.name === "Quire Dev");
  const info = await (await fetch(`${s.url}/_quire/v1/integrations/${dev.id}`, { headers })).json();
  return info.shares[0];
}
