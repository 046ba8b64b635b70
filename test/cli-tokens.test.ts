/** `quire token create|list|revoke|policy` against a running server (src/cli-control.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("token commands make a personal access token once, list it without the token, revoke it; policy shows and sets", async () => {
  const ann = (await suite.q.admin("POST", "/_quire/v1/users", { name: "Ann", email: `ann-${randomUUID()}@example.test` })).body.id;
  const made = await cli("token", "create", "--user", ann, "--name", "laptop", "--expires-in-days", "never");
  assert.match(made.token, /^ntn_/);
  assert.equal(made.expiry_time, null);
  assert.equal((await suite.q.client({ auth: made.token }).users.me({})).id, ann);
  const listed = await cli("token", "list", "--user", ann);
  assert.deepEqual(listed.results.map((t: { id: string }) => t.id), [made.id]);
  assert.ok(!JSON.stringify(listed).includes(made.token));
  assert.equal((await cli("token", "revoke", made.id, "--user", ann)).deleted, true);
  assert.equal((await cli("token", "policy")).policy, "members");
  assert.equal((await cli("token", "policy", "off")).policy, "off");
  const refused = await suite.run("token", "create", "--user", ann, "--name", "x");
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /403 restricted_resource/);
  const usage = await suite.run("token", "create", "--name", "x");
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /needs --user USER_ID and --name NAME/);
});
