/**
 * Storage contract, SCIM (src/storage/scim.ts): a workspace's SCIM tokens — listed in creation
 * order, found by hash from any workspace, touched, deleted only in their own workspace — and
 * people's SCIM profiles, upserted and read many at a time, never across workspaces. Called by
 * describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import type { ScimProfileRow, ScimTokenRow } from "../../src/storage/scim.js";
import { id, newWorkspace, T0 } from "./fixtures.js";

const token = (ws: string, over: Partial<ScimTokenRow> = {}): ScimTokenRow => ({
  workspace_id: ws,
  id: id(),
  name: null,
  token_hash: id().replace(/-/g, "") + id().replace(/-/g, ""),
  created_time: T0,
  last_used_time: null,
  ...over,
});

const profile = (ws: string, userId: string, over: Partial<ScimProfileRow> = {}): ScimProfileRow => ({
  workspace_id: ws,
  user_id: userId,
  external_id: null,
  given_name: null,
  family_name: null,
  updated_time: T0,
  ...over,
});

/** The SCIM cases, run against `store()`. */
export function scimCases(store: () => Store): void {
  test("scim tokens: listed by (created_time, id), found by hash, touched, deleted in their own workspace only", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [late, early, tie] = [token(ws, { created_time: T0 + 2, name: "Okta" }), token(ws, { created_time: T0 }), token(ws, { created_time: T0 + 2 })];
    const foreign = token(other);
    await store().write(async (tx) => {
      for (const t of [late, early, tie, foreign]) await tx.scim.insertToken(t);
    });
    const listed = await store().read((tx) => tx.scim.listTokens(ws));
    assert.deepEqual(listed, [early, ...[late, tie].sort((x, y) => (x.id < y.id ? -1 : 1))]);
    assert.deepEqual(await store().read((tx) => tx.scim.tokenByHash(foreign.token_hash)), foreign);
    assert.equal(await store().read((tx) => tx.scim.tokenByHash("0".repeat(64))), null);
    await store().write((tx) => tx.scim.touchToken(ws, late.id, T0 + 60_000));
    assert.equal((await store().read((tx) => tx.scim.tokenByHash(late.token_hash)))?.last_used_time, T0 + 60_000);
    assert.equal(await store().write((tx) => tx.scim.deleteToken(other, late.id)), false, "another workspace's token is not deleted");
    assert.equal(await store().write((tx) => tx.scim.deleteToken(ws, late.id)), true);
    assert.equal(await store().write((tx) => tx.scim.deleteToken(ws, late.id)), false);
    assert.equal(await store().read((tx) => tx.scim.tokenByHash(late.token_hash)), null);
    assert.deepEqual(await store().read((tx) => tx.scim.listTokens(other)), [foreign]);
  });

  test("scim tokens: a hash is taken once", async () => {
    const ws = await newWorkspace(store());
    const t = token(ws);
    await store().write((tx) => tx.scim.insertToken(t));
    await assert.rejects(store().write((tx) => tx.scim.insertToken(token(ws, { token_hash: t.token_hash }))));
    assert.deepEqual(await store().read((tx) => tx.scim.listTokens(ws)), [t]);
  });

  test("scim profiles: upserted, read many at a time in user id order, deleted, never another workspace's", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [u1, u2, u3] = [id(), id(), id()].sort();
    const first = profile(ws, u2, { external_id: "00u2", given_name: "Ada" });
    await store().write(async (tx) => {
      await tx.scim.putProfile(first);
      await tx.scim.putProfile(profile(ws, u1, { family_name: "Lovelace" }));
      await tx.scim.putProfile(profile(other, u3, { external_id: "x" }));
    });
    const changed = { ...first, external_id: null, family_name: "Byron", updated_time: T0 + 9 };
    await store().write((tx) => tx.scim.putProfile(changed));
    const read = await store().read((tx) => tx.scim.profiles(ws, [u3, u2, u1]));
    assert.deepEqual(read, [profile(ws, u1, { family_name: "Lovelace" }), changed]);
    assert.deepEqual(await store().read((tx) => tx.scim.profiles(ws, [])), []);
    assert.deepEqual(await store().read((tx) => tx.scim.profiles(other, [u1, u2])), []);
    assert.equal(await store().write((tx) => tx.scim.deleteProfile(other, u1)), false, "not another workspace's");
    assert.equal(await store().write((tx) => tx.scim.deleteProfile(ws, u1)), true);
    assert.equal(await store().write((tx) => tx.scim.deleteProfile(ws, u1)), false);
    assert.deepEqual(await store().read((tx) => tx.scim.profiles(ws, [u1, u2])), [changed]);
  });
}
