/** `quire snapshot save|restore|list|delete NAME` and `quire reset` against a running server (src/cli-snapshots.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("snapshot commands save, list, restore and delete; reset returns to the seed; mistakes exit 2, refusals say the code", async () => {
  const names = async () => (await suite.q.admin("GET", "/_quire/v1/integrations")).body.results.map((i: any) => i.name).sort();
  const seeded = await names();
  const saved = await cli("snapshot", "save", "cli-1");
  assert.deepEqual([saved.object, saved.name], ["snapshot", "cli-1"]);
  await suite.q.admin("POST", "/_quire/v1/integrations", { name: "After the snapshot" });
  assert.ok((await names()).includes("After the snapshot"));
  assert.equal((await cli("snapshot", "restore", "cli-1")).name, "cli-1");
  assert.deepEqual(await names(), seeded);
  assert.deepEqual((await cli("snapshot", "list")).results.map((s: any) => s.name), ["cli-1"]);

  await suite.q.admin("POST", "/_quire/v1/integrations", { name: "Before reset" });
  assert.equal((await cli("reset")).object, "reset");
  assert.deepEqual(await names(), seeded);

  assert.match((await suite.run("snapshot", "save", "cli-1")).stderr, /409 conflict_error/);
  assert.match((await suite.run("snapshot", "restore", "nope")).stderr, /404 object_not_found/);
  assert.match((await suite.run("snapshot", "save", "bad/name")).stderr, /400 validation_error/);
  assert.equal((await cli("snapshot", "delete", "cli-1")).deleted, true);
  assert.equal((await suite.run("snapshot", "save")).code, 2, "no name");
  assert.equal((await suite.run("snapshot", "frobnicate", "x")).code, 2, "unknown verb");
  assert.equal((await suite.run("reset", "now")).code, 2, "reset takes no argument");
});
