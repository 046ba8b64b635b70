/**
 * `quire faults add|list|get|delete` against a running server (src/cli-faults.ts): the faults the
 * CLI adds are the ones /v1 requests meet; usage mistakes exit 2, the server's refusals say its code.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("faults add makes a fault /v1 requests meet; list, get and delete show and remove it", async () => {
  const q = suite.q;
  const me = (await q.admin("GET", "/_quire/v1/integrations")).body.results.find((i: any) => i.name === "Quire Dev");
  const added = await cli("faults", "add", "--method", "get", "--path", "/v1/users/me", "--integration", me.id, "--error", "503", "--count", "2", "--probability", "1");
  assert.equal(added.object, "fault");
  assert.deepEqual(added.match, { method: "GET", path: "/v1/users/me", integration_id: me.id });
  assert.deepEqual([added.error, added.remaining, added.probability], [503, 2, 1]);

  assert.deepEqual((await cli("faults", "list")).results.map((f: any) => f.id), [added.id]);
  const one = await cli("faults", "get", added.id);
  assert.equal(one.id, added.id);

  const first = await q.raw("GET", "/v1/users/me");
  assert.equal(first.status, 503);
  assert.equal(first.body.code, "service_unavailable");
  // The request used one of its two; other paths are untouched.
  assert.equal((await cli("faults", "get", added.id)).remaining, 1);
  assert.equal((await q.raw("GET", `/v1/pages/${q.rootPageId}`)).status, 200);

  const deleted = await cli("faults", "delete", added.id);
  assert.deepEqual([deleted.object, deleted.id, deleted.deleted], ["fault", added.id, true]);
  assert.deepEqual((await q.admin("GET", "/_quire/v1/faults")).body.results, []);
  assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
});

test("a latency fault with an error string; delete --all clears every fault", async () => {
  const q = suite.q;
  const slow = await cli("faults", "add", "--path", "/v1/search", "--latency-ms", "5");
  assert.deepEqual([slow.error, slow.latency_ms, slow.remaining], [null, 5, null]);
  const reset = await cli("faults", "add", "--method", "POST", "--path", "/v1/pages", "--error", "reset", "--count", "1");
  assert.equal(reset.error, "reset");
  const cleared = await cli("faults", "delete", "--all");
  assert.equal(cleared.deleted, 2);
  assert.deepEqual((await q.admin("GET", "/_quire/v1/faults")).body.results, []);
  assert.equal((await q.raw("GET", "/v1/users/me")).status, 200);
});

test("mistakes: usage exits 2; bad values get the server's validation_error; unknown ids 404", async () => {
  assert.equal((await suite.run("faults", "add", "--path", "/v1/users/me")).code, 2, "neither error nor latency");
  assert.equal((await suite.run("faults", "get")).code, 2, "no id");
  assert.equal((await suite.run("faults", "delete")).code, 2, "no id nor --all");
  assert.equal((await suite.run("faults", "delete", "x", "--all")).code, 2, "both");
  assert.equal((await suite.run("faults", "frobnicate")).code, 2, "unknown verb");
  const badError = await suite.run("faults", "add", "--error", "418");
  assert.equal(badError.code, 2);
  assert.match(badError.stderr, /400 validation_error: .*body\.error should be one of 429, 500/);
  assert.match((await suite.run("faults", "add", "--error", "503", "--probability", "often")).stderr, /400 validation_error: .*body\.probability should be a number/);
  assert.match((await suite.run("faults", "add", "--error", "503", "--path", "v1/users")).stderr, /400 validation_error: .*body\.match\.path should start with `\/`/);
  assert.match((await suite.run("faults", "get", "7a1c7d5e-0000-4000-8000-000000000000")).stderr, /404 object_not_found/);
  assert.match((await suite.run("faults", "delete", "7a1c7d5e-0000-4000-8000-000000000000")).stderr, /404 object_not_found/);
  assert.deepEqual((await suite.q.admin("GET", "/_quire/v1/faults")).body.results, []);
});
