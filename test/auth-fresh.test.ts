/**
 * A bearer token is checked against the stored integration on every request: a rotated or
 * deleted token stops working at once, and changed capabilities or names apply to the next
 * request — on every Quire process sharing the database, so nothing may be kept per process.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { outcome } from "./helpers/api.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire, type TestQuire } from "./helpers/quire.js";
import { execOnStore } from "./helpers/store.js";


describe("tokens are never answered from a stale copy", () => {
  let q: TestQuire;
  before(async () => (q = await startTestQuire()));
  after(async () => q.close());

  test("a deleted integration's token is refused on the next request", async () => {
    const created = await q.admin("POST", "/_quire/v1/integrations", { name: "Short-lived" });
    const client = q.client({ auth: created.body.token });
    assert.equal((await client.users.me({})).name, "Short-lived");
    assert.equal((await q.admin("DELETE", `/_quire/v1/integrations/${created.body.id}`)).status, 200);
    assert.equal(await outcome(client.users.me({})), "401 unauthorized");
  });

  test("a rotated token stops working and the new one works", async () => {
    const created = await q.admin("POST", "/_quire/v1/integrations", { name: "Rotating" });
    const old = q.client({ auth: created.body.token });
    await old.users.me({});
    const rotated = await q.admin("PATCH", `/_quire/v1/integrations/${created.body.id}`, { rotate_token: true });
    assert.equal(rotated.status, 200);
    assert.equal(await outcome(old.users.me({})), "401 unauthorized");
    assert.equal((await q.client({ auth: rotated.body.token }).users.me({})).id, created.body.bot_id);
  });

  test("new capabilities and a new name apply to the next request", async () => {
    const created = await q.admin("POST", "/_quire/v1/integrations", { name: "Before" });
    const client = q.client({ auth: created.body.token });
    // An id nobody shared: 404 while the integration may read, 403 once it may not (the capability is checked first).
    const page_id = "0f3c9a4e-6f1b-4c1e-9a7d-2b8e5d6c4a10";
    assert.equal(await outcome(client.pages.retrieve({ page_id })), "404 object_not_found");
    const patched = await q.admin("PATCH", `/_quire/v1/integrations/${created.body.id}`, { name: "After", capabilities: ["insert_content"] });
    assert.equal(patched.status, 200);
    // Without read_content a read is 403 restricted_resource (developers.notion.com/reference/capabilities).
    assert.equal(await outcome(client.pages.retrieve({ page_id })), "403 restricted_resource");
    assert.equal((await client.users.me({})).name, "After");
  });
});

describe("an integration changed by another process on the same database", () => {
  let q: TestQuire;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "quire-auth-"));
    q = await startTestQuire({ dataDir: dir, memory: false });
  });
  after(async () => {
    await q.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The store is edited behind this server's back, as another Quire node (or the CLI) would.
  test("its deleted token is refused on the next request", async () => {
    const created = await q.integration("Elsewhere");
    const client = q.client({ auth: created.token });
    assert.equal((await client.users.me({})).id, created.bot_id);
    await execOnStore(dir, "DELETE FROM integrations WHERE id = ?", [created.id]);
    assert.equal(await outcome(client.users.me({})), "401 unauthorized");
  });

  test("its narrowed capabilities apply to the next request", async () => {
    const created = await q.integration("Narrowed");
    const client = q.client({ auth: created.token });
    const page_id = "0f3c9a4e-6f1b-4c1e-9a7d-2b8e5d6c4a10";
    assert.equal(await outcome(client.pages.retrieve({ page_id })), "404 object_not_found");
    await execOnStore(dir, "UPDATE integrations SET capabilities = ? WHERE id = ?", [JSON.stringify(["insert_content"]), created.id]);
    assert.equal(await outcome(client.pages.retrieve({ page_id })), "403 restricted_resource");
  });
});
