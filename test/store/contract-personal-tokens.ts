/**
 * Contract cases of the personal-token port (src/storage/personal-tokens.ts): insert, get, a
 * person's tokens in order, every person's (listAll), removal one and all, touch, the owner found by hash alone with its
 * workspace, person row and policy in one call, the policy's default, and other workspaces' rows
 * never answered. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import type { PersonalTokenRow } from "../../src/storage/personal-tokens.js";
import { T0, id, newWorkspace, user } from "./fixtures.js";

/** A token row (its hash made unique). */
function token(ws: string, userId: string, over: Partial<PersonalTokenRow> = {}): PersonalTokenRow {
  return { workspace_id: ws, id: id(), user_id: userId, name: "t", token_hash: id().replace(/-/g, "") + id().replace(/-/g, ""), capabilities: ["notion_api"], created_time: T0, last_used_time: null, expires_time: T0 + 1000, ...over };
}

/** Compares ids by their rows' (created_time, id), as the port orders them. */
function byOrder(rows: PersonalTokenRow[]) {
  const of = new Map(rows.map((r) => [r.id, r]));
  return (x: string, y: string) => of.get(x)!.created_time - of.get(y)!.created_time || (x < y ? -1 : x > y ? 1 : 0);
}

export function personalTokenCases(store: () => Store): void {
  test("personal tokens: insert, get, listOf in (created_time, id) order, remove one (only the person's), removeAllOf, touch", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const [ann, ben] = [user(ws), user(ws)];
    const ids = [id(), id(), id()].sort();
    const [a, b, c] = [token(ws, ann.id, { id: ids[2], created_time: T0 }), token(ws, ann.id, { id: ids[0], created_time: T0 + 5, expires_time: null }), token(ws, ann.id, { id: ids[1], created_time: T0 })];
    const bens = token(ws, ben.id);
    await store().write(async (tx) => {
      for (const u of [ann, ben]) await tx.insertUser(u);
      for (const t of [a, b, c, bens]) await tx.personalTokens.insert(t);
      await tx.personalTokens.insert(token(other, ann.id));
    });
    await store().read(async (tx) => {
      assert.deepEqual(await tx.personalTokens.get(ws, a.id), a);
      assert.equal(await tx.personalTokens.get(other, a.id), null);
      assert.deepEqual((await tx.personalTokens.listOf(ws, ann.id)).map((t) => t.id), [c.id, a.id, b.id], "ties in created_time broken by id");
      assert.deepEqual(await tx.personalTokens.listOf(ws, id()), []);
      assert.deepEqual((await tx.personalTokens.listAll(ws)).map((t) => t.id), [a, b, c, bens].map((t) => t.id).sort(byOrder([a, b, c, bens])), "every person's, (created_time, id)");
      assert.deepEqual(await tx.personalTokens.listAll(id()), [], "another workspace's are never answered");
      assert.equal((await tx.personalTokens.listAll(other)).length, 1);
    });
    await store().write(async (tx) => {
      assert.equal(await tx.personalTokens.remove(ws, ben.id, a.id), false, "not Ben's token");
      assert.equal(await tx.personalTokens.remove(ws, ann.id, a.id), true);
      assert.equal(await tx.personalTokens.remove(ws, ann.id, a.id), false);
      await tx.personalTokens.touch(ws, b.id, T0 + 99);
    });
    await store().read(async (tx) => assert.equal((await tx.personalTokens.get(ws, b.id))?.last_used_time, T0 + 99));
    assert.equal(await store().write((tx) => tx.personalTokens.removeAllOf(ws, ann.id)), 2);
    await store().read(async (tx) => {
      assert.deepEqual(await tx.personalTokens.listOf(ws, ann.id), []);
      assert.equal((await tx.personalTokens.listOf(other, ann.id)).length, 1, "another workspace's tokens stay");
      assert.equal((await tx.personalTokens.listOf(ws, ben.id)).length, 1);
    });
  });

  test("personal tokens: ownerOf finds the token by hash alone with its workspace, person row and policy; policy defaults to members", async () => {
    const ws = await newWorkspace(store());
    const ann = user(ws, { name: "Ann", email: "ann@example.test", role: "owner" });
    const t = token(ws, ann.id);
    await store().write(async (tx) => {
      await tx.insertUser(ann);
      await tx.personalTokens.insert(t);
    });
    const found = await store().read((tx) => tx.personalTokens.ownerOf(t.token_hash));
    assert.deepEqual(found?.token, t);
    assert.equal(found?.workspace.id, ws);
    assert.deepEqual(found?.user, ann);
    assert.equal(found?.policy, "members");
    assert.equal(await store().read((tx) => tx.personalTokens.ownerOf("0".repeat(64))), null);
    await store().write((tx) => tx.personalTokens.setPolicy(ws, "off"));
    assert.equal((await store().read((tx) => tx.personalTokens.ownerOf(t.token_hash)))?.policy, "off");
    await store().write((tx) => tx.personalTokens.setPolicy(ws, "owners"));
    assert.equal(await store().read((tx) => tx.personalTokens.policy(ws)), "owners");
    assert.equal(await store().read((tx) => tx.personalTokens.policy(id())), "members", "no row: members");
  });
}
