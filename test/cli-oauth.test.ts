/** `quire integration create --public`, `integration update --rotate-secret`, `quire oauth grant` against a test server. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { controlCliSuite } from "./helpers/control-cli.js";
import { personWithPage, sdk } from "./helpers/oauth.js";

const suite = controlCliSuite();

test("register a public integration, rotate its secret, grant a code and exchange it", async () => {
  const { cli, run, q } = suite;
  const app = await cli("integration", "create", "--public", "--name", "CLI App", "--redirect-uri", "https://cli.example.com/cb", "--redirect-uri", "http://localhost:8080/cb", "--capabilities", "read_content,user_info_with_email");
  assert.equal(app.type, "public");
  assert.deepEqual(app.redirect_uris, ["https://cli.example.com/cb", "http://localhost:8080/cb"]);
  assert.ok(app.client_secret);
  const rotated = await cli("integration", "update", app.id, "--rotate-secret");
  assert.notEqual(rotated.client_secret, app.client_secret);
  const { user, page_id } = await personWithPage(q);
  const granted = await cli("oauth", "grant", "--client-id", app.client_id, "--user", user.id, "--page", page_id, "--redirect-uri", "http://localhost:8080/cb", "--state", "s1");
  assert.match(granted.redirect, /^http:\/\/localhost:8080\/cb\?code=.+&state=s1$/);
  const token = await sdk(q).oauth.token({ grant_type: "authorization_code", code: granted.code, redirect_uri: "http://localhost:8080/cb", client_id: app.client_id, client_secret: rotated.client_secret });
  assert.equal((await sdk(q, token.access_token).pages.retrieve({ page_id })).id, page_id);
  const missing = await run("integration", "create", "--public", "--name", "No URI");
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /redirect-uri/);
  const noClient = await run("oauth", "grant", "--user", user.id);
  assert.notEqual(noClient.code, 0);
});
