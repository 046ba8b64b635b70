/** `quire webhook create|list|get|update|pause|resume|verify|resend|deliveries|delete` against a running server (src/cli-webhooks.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("webhook commands drive a subscription through its life; usage mistakes exit 2, API refusals say the code", async () => {
  const integration = (await suite.q.admin("POST", "/_quire/v1/integrations", { name: "Hooked" })).body.id;
  const made = await cli("webhook", "create", "--integration", integration, "--webhook-url", "http://127.0.0.1:9/hook", "--event-type", "page.created", "--event-type", "comment.created", "--api-version", "2025-09-03");
  assert.deepEqual([made.status, made.event_types, made.api_version, made.url], ["pending", ["page.created", "comment.created"], "2025-09-03", "http://127.0.0.1:9/hook"]);
  assert.deepEqual((await cli("webhook", "list", "--integration", integration)).results.map((s: any) => s.id), [made.id]);
  assert.equal((await cli("webhook", "get", made.id, "--workspace", suite.q.workspaceId)).id, made.id);
  assert.equal((await cli("webhook", "update", made.id, "--webhook-url", "http://127.0.0.1:9/moved")).url, "http://127.0.0.1:9/moved");
  assert.equal(typeof (await cli("webhook", "resend", made.id)).verification_delivery_id, "string");
  const log = await cli("webhook", "deliveries", made.id, "--page-size", "2");
  assert.deepEqual([log.results.length, log.has_more, log.results[0].type], [2, true, "verification"]);
  assert.equal((await cli("webhook", "deliveries", made.id, "--cursor", log.next_cursor)).results.length, 1);

  const wrong = await suite.run("webhook", "verify", made.id, "secret_wrong");
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /400 validation_error: verification_token is not the token/);

  const active = await cli("webhook", "create", "--integration", integration, "--webhook-url", "https://example.com/h", "--auto-verify");
  assert.equal(active.status, "active");
  assert.match(active.verification_token, /^secret_/);
  assert.equal((await cli("webhook", "verify", active.id, active.verification_token)).status, "active");
  assert.equal((await cli("webhook", "pause", active.id)).status, "paused");
  assert.equal((await cli("webhook", "resume", active.id)).status, "active");
  assert.equal((await cli("webhook", "update", active.id, "--status", "paused")).status, "paused");
  assert.equal((await cli("webhook", "delete", active.id)).deleted, true);
  assert.match((await suite.run("webhook", "get", active.id)).stderr, /404 object_not_found/);

  assert.equal((await suite.run("webhook", "create", "--integration", integration)).code, 2, "no --webhook-url");
  assert.equal((await suite.run("webhook", "list")).code, 2, "no --integration");
  assert.equal((await suite.run("webhook", "verify", made.id)).code, 2, "no token");
});
