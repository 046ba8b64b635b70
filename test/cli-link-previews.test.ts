/** `quire link-preview set|show|paste|delete` against a running server (src/cli-link-previews.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { controlCliSuite } from "./helpers/control-cli.js";

const suite = controlCliSuite();
const cli = suite.cli;

test("link-preview settings set from a file, shown without the secret, a paste answered, deleted", async () => {
  const app = (await suite.q.admin("POST", "/_quire/v1/integrations", { type: "public", name: "Tracker", redirect_uris: ["https://t.example/cb"] })).body;
  const file = join(mkdtempSync(join(tmpdir(), "quire-lp-")), "settings.json");
  writeFileSync(file, JSON.stringify({
    unfurl_callback_url: "https://t.example/unfurl",
    domains: ["t.example"],
    url_patterns: [{ name: "Issue", pattern: "^https://t\\.example/(?<n>\\d+)$" }],
    authorization: { authorize_url: "https://t.example/authorize", token_url: "https://t.example/token", client_id: "c", client_secret: "very-secret" },
  }));
  assert.equal((await cli("link-preview", "set", app.id, "--settings", file)).domains[0], "t.example");
  const shown = await cli("link-preview", "show", app.id);
  assert.equal(shown.unfurl_callback_url, "https://t.example/unfurl");
  assert.ok(!JSON.stringify(shown).includes("very-secret"));
  const person = (await suite.q.admin("POST", "/_quire/v1/users", { name: "Cy", email: `cy-${randomUUID()}@example.com` })).body.id;
  const page = (await suite.q.admin("POST", "/_quire/v1/pages", { title: "CLI" })).body.id;
  const pasted = await cli("link-preview", "paste", page, "--link-url", "https://t.example/5", "--user", person);
  assert.equal(pasted.object, "link_preview_authorization");
  assert.match(pasted.authorize_url, /^https:\/\/t\.example\/authorize\?code=/);
  assert.equal((await cli("link-preview", "delete", app.id)).deleted, true);
  assert.equal((await suite.run("link-preview", "set", app.id)).code, 2, "no --settings");
  assert.equal((await suite.run("link-preview", "set", app.id, "--settings", join(tmpdir(), "missing.json"))).code, 2);
});
