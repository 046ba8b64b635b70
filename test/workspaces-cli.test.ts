/** `quire workspace …`, `quire member …` and `--workspace ID` on the control commands (issue 12), through the real CLI. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli, startServerProcess } from "./helpers/child.js";

test("workspace create|list|get|update|delete, member list|add|update|remove, and --workspace on other commands", async () => {
  const s = await startServerProcess(["--port", "0", "--memory", "--quiet"]);
  const flags = ["--url", s.url, "--admin-key", s.adminKey];
  const cli = async (...args: string[]) => {
    const r = await runCli([...args, ...flags]);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  try {
    const ws = await cli("workspace", "create", "--name", "From CLI", "--time-zone", "Europe/Berlin");
    assert.equal(ws.time_zone, "Europe/Berlin");
    const all = (await cli("workspace", "list")).results;
    assert.deepEqual(all.map((w: any) => w.name), ["Quire", "From CLI"]);
    assert.equal((await cli("workspace", "update", ws.id, "--name", "Renamed")).name, "Renamed");
    assert.equal((await cli("workspace", "get", ws.id)).name, "Renamed");

    const grace = await cli("user", "create", "--name", "Grace", "--email", "grace@example.com", "--workspace", ws.id, "--role", "guest");
    assert.equal(grace.role, "guest");
    const there = await cli("member", "list", "--workspace", ws.id);
    assert.deepEqual(there.results.map((m: any) => m.role), ["owner", "guest"]);
    assert.equal((await cli("member", "add", grace.id, "--role", "member")).workspace_id, all[0].id, "without --workspace: the first workspace");
    assert.equal((await cli("member", "update", grace.id, "--role", "membership_admin", "--workspace", ws.id)).role, "membership_admin");
    assert.equal((await cli("member", "remove", grace.id)).deleted, true);
    const integration = await cli("integration", "create", "--name", "Scoped", "--workspace", ws.id);
    assert.ok((await cli("integration", "list", "--workspace", ws.id)).results.some((i: any) => i.id === integration.id));
    assert.ok(!(await cli("integration", "list")).results.some((i: any) => i.id === integration.id), "the first workspace does not list it");

    const bad = await runCli(["member", "list", "--workspace", "nope", ...flags]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--workspace should be a workspace id/);
    const unknown = await runCli(["member", "list", "--workspace", "00000000-0000-4000-8000-000000000000", ...flags]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /404 object_not_found: Could not find workspace/);
    assert.equal((await cli("workspace", "delete", ws.id)).deleted, true);
    assert.deepEqual((await cli("workspace", "list")).results.map((w: any) => w.name), ["Quire"]);
  } finally {
    await s.stop();
  }
});
