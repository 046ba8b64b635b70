/**
 * Storage contract, public integrations (src/storage/oauth.ts): the global registry of OAuth
 * clients (found by id and client id from anywhere, listed per registering workspace), codes
 * (found by hash, used once), installations' grants (upserted, found by person, by refresh hash,
 * by client across workspaces), and an installation's integration row carrying its client and
 * installer. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import type { OAuthClientRow, OAuthCodeRow, OAuthGrantRow } from "../../src/storage/oauth.js";
import { id, newWorkspace, T0 } from "./fixtures.js";

const hash = () => id().replace(/-/g, "") + id().replace(/-/g, "");

const client = (ws: string, over: Partial<OAuthClientRow> = {}): OAuthClientRow => ({
  id: id(),
  workspace_id: ws,
  name: "Acme",
  client_id: id(),
  secret_hash: hash(),
  redirect_uris: ["https://a.example.com/cb"],
  capabilities: ["read_content", "user_info_none"],
  icon: null,
  template_page_id: null,
  created_time: T0,
  ...over,
});

const code = (ws: string, clientId: string, over: Partial<OAuthCodeRow> = {}): OAuthCodeRow => ({
  workspace_id: ws,
  code_hash: hash(),
  client_id: clientId,
  user_id: id(),
  page_ids: [id(), id()],
  use_template: true,
  redirect_uri: null,
  pkce_challenge: null,
  created_time: T0,
  expires_time: T0 + 600_000,
  used_time: null,
  ...over,
});

const grant = (ws: string, clientId: string, over: Partial<OAuthGrantRow> = {}): OAuthGrantRow => ({
  workspace_id: ws,
  integration_id: id(),
  client_id: clientId,
  user_id: id(),
  refresh_hash: hash(),
  token_time: T0,
  refresh_time: T0,
  code_hash: hash(),
  external_account: null,
  duplicated_template_id: null,
  created_time: T0,
  ...over,
});

/** The OAuth cases, run against `store()`. */
export function oauthCases(store: () => Store): void {
  test("oauth clients: found by id and client id, listed by registering workspace in (created_time, id), updated, deleted", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [late, early, foreign] = [client(ws, { created_time: T0 + 5, icon: "🚀" }), client(ws), client(other, { template_page_id: id() })];
    await store().write(async (tx) => {
      for (const c of [late, early, foreign]) await tx.oauth.insertClient(c);
    });
    assert.deepEqual(await store().read((tx) => tx.oauth.listClients(ws)), [early, late]);
    assert.deepEqual(await store().read((tx) => tx.oauth.getClient(foreign.id)), foreign);
    assert.deepEqual(await store().read((tx) => tx.oauth.clientByClientId(late.client_id)), late);
    assert.equal(await store().read((tx) => tx.oauth.clientByClientId(id())), null);
    const changed = { ...late, name: "Renamed", secret_hash: hash(), redirect_uris: ["https://b.example.com/cb", "http://localhost/x"], capabilities: ["read_content" as const], icon: null, template_page_id: id() };
    await store().write((tx) => tx.oauth.updateClient(changed));
    assert.deepEqual(await store().read((tx) => tx.oauth.getClient(late.id)), changed);
    await store().write((tx) => tx.oauth.deleteClient(late.id));
    assert.equal(await store().read((tx) => tx.oauth.getClient(late.id)), null);
    await assert.rejects(store().write((tx) => tx.oauth.insertClient(client(ws, { client_id: early.client_id }))), "a client id is taken once");
  });

  test("oauth codes: found by hash from anywhere, used once", async () => {
    const ws = await newWorkspace(store());
    const c = code(ws, id(), { redirect_uri: "https://a.example.com/cb", pkce_challenge: "x".repeat(43), use_template: false });
    await store().write((tx) => tx.oauth.insertCode(c));
    assert.deepEqual(await store().read((tx) => tx.oauth.codeByHash(c.code_hash)), c);
    assert.equal(await store().read((tx) => tx.oauth.codeByHash(hash())), null);
    assert.equal(await store().write((tx) => tx.oauth.useCode(ws, c.code_hash, T0 + 1)), true);
    assert.equal(await store().write((tx) => tx.oauth.useCode(ws, c.code_hash, T0 + 2)), false, "a second use loses");
    assert.equal((await store().read((tx) => tx.oauth.codeByHash(c.code_hash)))?.used_time, T0 + 1);
  });

  test("oauth grants: upserted, found by installation, by person, by refresh hash, by client across workspaces; deleted", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const clientId = id();
    const g = grant(ws, clientId, { external_account: { key: "k1", name: "Ada at Acme" } });
    const elsewhere = grant(other, clientId, { created_time: T0 + 1 });
    await store().write(async (tx) => {
      await tx.oauth.putGrant(g);
      await tx.oauth.putGrant(elsewhere);
    });
    assert.deepEqual(await store().read((tx) => tx.oauth.grantOf(ws, g.integration_id)), g);
    assert.equal(await store().read((tx) => tx.oauth.grantOf(other, g.integration_id)), null, "not from another workspace");
    assert.deepEqual(await store().read((tx) => tx.oauth.grantFor(ws, clientId, g.user_id)), g);
    assert.deepEqual(await store().read((tx) => tx.oauth.grantByRefreshHash(elsewhere.refresh_hash!)), elsewhere);
    const both = await store().read((tx) => tx.oauth.grantsOfClient(clientId));
    assert.deepEqual(new Set(both.map((x) => x.integration_id)), new Set([g.integration_id, elsewhere.integration_id]));
    const revoked = { ...g, refresh_hash: null, token_time: null, refresh_time: null };
    await store().write((tx) => tx.oauth.putGrant(revoked));
    assert.deepEqual(await store().read((tx) => tx.oauth.grantOf(ws, g.integration_id)), revoked);
    assert.equal(await store().read((tx) => tx.oauth.grantByRefreshHash(g.refresh_hash!)), null);
    assert.deepEqual(await store().read((tx) => tx.oauth.grantsIn(ws)), [revoked]);
    await store().write((tx) => tx.oauth.deleteGrant(ws, g.integration_id));
    assert.deepEqual(await store().read((tx) => tx.oauth.grantsIn(ws)), []);
    assert.deepEqual(await store().read((tx) => tx.oauth.grantsIn(other)), [elsewhere]);
  });

  test("an installation's integration row keeps its client and installer; an internal one reads null", async () => {
    const ws = await newWorkspace(store());
    const base = { workspace_id: ws, name: "Bot", capabilities: ["read_content" as const], created_time: T0 };
    const installation = { ...base, id: id(), token_hash: hash(), oauth_client_id: id(), installed_by: id() };
    const internal = { ...base, id: id(), token_hash: hash() };
    await store().write(async (tx) => {
      await tx.insertIntegration({ ...installation, bot_id: installation.id });
      await tx.insertIntegration({ ...internal, bot_id: internal.id });
    });
    const read = await store().read((tx) => tx.getIntegration(ws, installation.id));
    assert.equal(read?.oauth_client_id, installation.oauth_client_id);
    assert.equal(read?.installed_by, installation.installed_by);
    const plain = await store().read((tx) => tx.getIntegrationByTokenHash(internal.token_hash));
    assert.equal(plain?.oauth_client_id ?? null, null);
    assert.equal(plain?.installed_by ?? null, null);
  });
}
