/** `quire scim token create|list|revoke` against a running server (src/cli-control.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("a SCIM token made, used, listed without its secret, and revoked from the command line", async () => {
  const made = await cli("scim", "token", "create", "--name", "Okta");
  assert.match(made.token, /^scim_/);
  const scim = (token: string) => fetch(`${suite.q.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal((await scim(made.token)).status, 200);
  const listed = await cli("scim", "token", "list");
  assert.deepEqual(listed.results.map((t: any) => [t.id, t.name]), [[made.id, "Okta"]]);
  assert.ok(!JSON.stringify(listed).includes(made.token));
  const other = (await suite.q.admin("POST", "/_quire/v1/workspaces", { name: "Other" })).body;
  const there = await cli("scim", "token", "create", "--workspace", other.id);
  assert.equal(there.workspace_id, other.id);
  assert.deepEqual((await cli("scim", "token", "list", "--workspace", other.id)).results.map((t: any) => t.id), [there.id]);
  assert.equal((await cli("scim", "token", "revoke", made.id)).deleted, true);
  assert.equal((await scim(made.token)).status, 401);
  const usage = await suite.run("scim", "token", "revoke");
  assert.equal(usage.code, 2);
});
