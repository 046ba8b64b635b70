/**
 * Storage contract: favourites (Tx.favorites) — a person's starred pages per workspace, listed
 * oldest first with ties by page id and cut at the limit; adding again keeps the first time;
 * removed one by one and all of a person's at once; another person's or workspace's never
 * answered. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { id, newWorkspace, T0 } from "./fixtures.js";

/** The favourites cases, run against `store()`. */
export function favoriteCases(store: () => Store): void {
  test("favorites: listed oldest first (ties by page id), cut at the limit; adding again keeps the first time", async () => {
    const ws = await newWorkspace(store());
    const person = id();
    const [a, b, c] = [id(), id(), id()];
    const [lo, hi] = [b, c].sort();
    const row = (page_id: string, created_time: number) => ({ workspace_id: ws, user_id: person, page_id, created_time });
    assert.equal(await store().write((tx) => tx.favorites.add(row(a, T0 + 10))), true);
    assert.equal(await store().write((tx) => tx.favorites.add(row(hi, T0))), true);
    assert.equal(await store().write((tx) => tx.favorites.add(row(lo, T0))), true);
    assert.equal(await store().write((tx) => tx.favorites.add(row(a, T0 + 99))), false, "a second star is no new favourite");
    const listed = await store().read((tx) => tx.favorites.list(ws, person, 10));
    assert.deepEqual(listed, [row(lo, T0), row(hi, T0), row(a, T0 + 10)]);
    assert.deepEqual(await store().read((tx) => tx.favorites.list(ws, person, 2)), [row(lo, T0), row(hi, T0)]);
    assert.equal(await store().read((tx) => tx.favorites.count(ws, person)), 3);
  });

  test("favorites: removed one by one and a person's all at once; other people's and workspaces' untouched and never answered", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [me, you] = [id(), id()];
    const page = id();
    const row = (workspace_id: string, user_id: string, page_id: string) => ({ workspace_id, user_id, page_id, created_time: T0 });
    await store().write(async (tx) => {
      await tx.favorites.add(row(ws, me, page));
      await tx.favorites.add(row(ws, me, id()));
      await tx.favorites.add(row(ws, you, page));
      await tx.favorites.add(row(other, me, page));
    });
    assert.deepEqual((await store().read((tx) => tx.favorites.list(ws, you, 10))).map((r) => r.page_id), [page]);
    assert.deepEqual(await store().read((tx) => tx.favorites.list(id(), me, 10)), [], "an unknown workspace has none");
    assert.equal(await store().write((tx) => tx.favorites.remove(ws, me, page)), true);
    assert.equal(await store().write((tx) => tx.favorites.remove(ws, me, page)), false);
    assert.equal(await store().read((tx) => tx.favorites.count(ws, me)), 1);
    assert.equal(await store().write((tx) => tx.favorites.removePerson(ws, me)), 1);
    assert.equal(await store().read((tx) => tx.favorites.count(ws, me)), 0);
    assert.equal(await store().read((tx) => tx.favorites.count(ws, you)), 1, "another person's stay");
    assert.equal(await store().read((tx) => tx.favorites.count(other, me)), 1, "the same person's in another workspace stay");
  });
}
