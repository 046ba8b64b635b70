/**
 * Storage contract: link previews (Tx.linkPreviews) — a public integration's settings replaced in
 * place by its OAuth client (first creation time kept) and listed across workspaces; linked
 * accounts per (workspace, person, integration) replaced and removed; account-link states taken
 * once and only before they expire; previews by URL and by workspace, updated and removed; and
 * nothing answered across workspaces. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LinkPreviewAccountRow, LinkPreviewRow, Store } from "../../src/storage/types.js";
import { id, newWorkspace, T0 } from "./fixtures.js";

const account = (ws: string, user: string, client: string, over: Partial<LinkPreviewAccountRow> = {}): LinkPreviewAccountRow => ({
  workspace_id: ws,
  user_id: user,
  client_id: client,
  access_sealed: "aes-256-gcm:access",
  refresh_sealed: null,
  expires_time: null,
  created_time: T0,
  updated_time: T0,
  ...over,
});

const preview = (ws: string, client: string, url: string, over: Partial<LinkPreviewRow> = {}): LinkPreviewRow => ({
  workspace_id: ws,
  id: id(),
  client_id: client,
  user_id: id(),
  integration_id: null,
  url,
  block_id: id(),
  kind: "block",
  attributes: "[]",
  error: null,
  unfurled_time: T0,
  created_time: T0,
  ...over,
});

/** The link-preview cases, run against `store()`. */
export function linkPreviewCases(store: () => Store): void {
  test("link previews: settings are kept by OAuth client, replaced in place (created time kept), listed across workspaces and removed", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [a, b] = [id(), id()];
    await store().write((tx) => tx.linkPreviews.putSettings({ client_id: a, workspace_id: ws, settings: "{\"v\":1}", secret_sealed: "s1", created_time: T0, updated_time: T0 }));
    await store().write((tx) => tx.linkPreviews.putSettings({ client_id: b, workspace_id: other, settings: "{}", secret_sealed: "s", created_time: T0 + 1, updated_time: T0 + 1 }));
    await store().write((tx) => tx.linkPreviews.putSettings({ client_id: a, workspace_id: ws, settings: "{\"v\":2}", secret_sealed: "s2", created_time: T0 + 5, updated_time: T0 + 5 }));
    assert.deepEqual(await store().read((tx) => tx.linkPreviews.getSettings(a)), { client_id: a, workspace_id: ws, settings: "{\"v\":2}", secret_sealed: "s2", created_time: T0, updated_time: T0 + 5 });
    const listed = (await store().read((tx) => tx.linkPreviews.listSettings(1000))).map((r) => r.client_id);
    assert.ok(listed.indexOf(a) >= 0 && listed.indexOf(b) > listed.indexOf(a), "oldest first, every workspace's");
    assert.equal(await store().write((tx) => tx.linkPreviews.removeSettings(a)), true);
    assert.equal(await store().write((tx) => tx.linkPreviews.removeSettings(a)), false);
    assert.equal(await store().read((tx) => tx.linkPreviews.getSettings(a)), null);
  });

  test("link previews: a linked account per workspace, person and integration is replaced in place and removed; another workspace's is never answered", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [user, client] = [id(), id()];
    await store().write((tx) => tx.linkPreviews.putAccount(account(ws, user, client)));
    await store().write((tx) => tx.linkPreviews.putAccount(account(ws, user, client, { access_sealed: "new", refresh_sealed: "r", expires_time: T0 + 9, created_time: T0 + 3, updated_time: T0 + 3 })));
    assert.deepEqual(await store().read((tx) => tx.linkPreviews.getAccount(ws, user, client)), account(ws, user, client, { access_sealed: "new", refresh_sealed: "r", expires_time: T0 + 9, updated_time: T0 + 3 }));
    assert.equal(await store().read((tx) => tx.linkPreviews.getAccount(other, user, client)), null);
    assert.equal(await store().write((tx) => tx.linkPreviews.removeAccount(other, user, client)), false);
    assert.equal(await store().write((tx) => tx.linkPreviews.removeAccount(ws, user, client)), true);
    assert.equal(await store().read((tx) => tx.linkPreviews.getAccount(ws, user, client)), null);
  });

  test("link previews: an account-link state is taken once, only before it expires, only in its workspace", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const state = { workspace_id: ws, state_hash: "h1", user_id: id(), client_id: id(), expires_time: T0 + 100 };
    await store().write((tx) => tx.linkPreviews.addState(state));
    await store().write((tx) => tx.linkPreviews.addState({ ...state, state_hash: "h2" }));
    assert.equal(await store().write((tx) => tx.linkPreviews.takeState(other, "h1", T0)), null);
    assert.deepEqual(await store().write((tx) => tx.linkPreviews.takeState(ws, "h1", T0)), state);
    assert.equal(await store().write((tx) => tx.linkPreviews.takeState(ws, "h1", T0)), null, "single use");
    assert.equal(await store().write((tx) => tx.linkPreviews.takeState(ws, "h2", T0 + 100)), null, "expired");
  });

  test("link previews: previews by URL and by workspace, oldest first; updated and removed; none across workspaces", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const client = id();
    const first = preview(ws, client, "https://x.example/1");
    const second = preview(ws, client, "https://x.example/1", { created_time: T0 + 1, kind: "link_mention", integration_id: id() });
    const third = preview(ws, client, "https://x.example/2", { created_time: T0 + 2 });
    for (const p of [first, second, third, preview(other, client, "https://x.example/1")]) await store().write((tx) => tx.linkPreviews.insertPreview(p));
    assert.deepEqual(await store().read((tx) => tx.linkPreviews.previewsOfUrl(ws, client, "https://x.example/1")), [first, second]);
    assert.deepEqual((await store().read((tx) => tx.linkPreviews.listPreviews(ws, 2))).map((p) => p.id), [first.id, second.id]);
    const updated = { ...first, attributes: "[{\"id\":\"title\"}]", error: "{\"status\":404}", unfurled_time: T0 + 50 };
    await store().write((tx) => tx.linkPreviews.updatePreview(updated));
    assert.deepEqual(await store().read((tx) => tx.linkPreviews.getPreview(ws, first.id)), updated);
    assert.equal(await store().read((tx) => tx.linkPreviews.getPreview(other, first.id)), null);
    await store().write((tx) => tx.linkPreviews.removePreview(ws, first.id));
    assert.deepEqual((await store().read((tx) => tx.linkPreviews.previewsOfUrl(ws, client, "https://x.example/1"))).map((p) => p.id), [second.id]);
  });
}
