import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@notionhq/client";
import { runCli, startServerProcess } from "./helpers/child.js";

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
    const dir = mkdtempSync(join(tmpdir(), "quire-cli-"));
    try {
      const first = await startServerProcess(["--port", "0", "--data", dir, "--quiet"]);
      const client = sdk(first.url, first.token);
      const rootId = await firstSharedPage(first);
      const made = await client.pages.create({ parent: { page_id: rootId }, properties: { title: { title: [{ text: { content: "Kept" } }] } } });
      await first.stop();
      assert.ok(existsSync(join(dir, "quire.db")));
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

/** The id of the page the dev integration was given at first start. */
async function firstSharedPage(s: { url: string; adminKey: string }): Promise<string> {
  const headers = { authorization: `Bearer ${s.adminKey}` };
  const list = await (await fetch(`${s.url}/_quire/v1/integrations`, { headers })).json();
  const dev = list.results.find((r: { name: string }) => r.name === "Quire Dev");
  const info = await (await fetch(`${s.url}/_quire/v1/integrations/${dev.id}`, { headers })).json();
  return info.shares[0];
}
