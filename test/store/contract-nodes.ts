/**
 * Storage contract, part 4: nodes (`Store.liveness`, src/storage/liveness.ts) and the work they
 * own — a store's own node is alive and an unknown one gone; tasks and external imports keep the
 * node that owns them across updates; pending imports are found in every workspace; and, when
 * the backend runs several nodes on one database, another node is alive while its store is open
 * and gone, to every node, once it closes. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { id, newWorkspace, task, upload } from "./fixtures.js";

/** The node cases, run against `store()`; `another()` opens a second node when the backend has them. */
export function nodeCases(store: () => Store, another?: () => Promise<Store>): void {
  test("liveness: a store's own node is alive, a node never seen is gone", async () => {
    const self = store().liveness.node;
    assert.match(self, /^[0-9a-f-]{36}$/);
    const unknown = id();
    assert.deepEqual([...(await store().liveness.gone([self, unknown, unknown]))], [unknown]);
    assert.deepEqual([...(await store().liveness.gone([]))], []);
  });

  test("owned work keeps its node: a task and an import read back with it, updates leave it", async () => {
    const ws = await newWorkspace(store());
    const owner = id();
    const t = task(ws, { node: owner });
    await store().write((tx) => tx.tasks.insert(t));
    await store().write((tx) => tx.tasks.update({ ...t, status: "failed", error: { code: "x" }, node: null }));
    const read = await store().read((tx) => tx.tasks.get(ws, t.id));
    assert.deepEqual([read?.status, read?.node], ["failed", owner]);

    const older = upload(ws, "bot", { mode: "external_url", external_url: "https://example.com/a", node: owner, created_time: 1 });
    const newer = upload(ws, "bot", { mode: "external_url", external_url: "https://example.com/b", node: null, created_time: 2 });
    const plain = upload(ws, "bot", { node: owner });
    for (const u of [older, newer, plain]) await store().write((tx) => tx.files.insert(u));
    const mine = async () => (await store().read((tx) => tx.files.pendingImports(10_000))).filter((r) => r.workspace_id === ws);
    assert.deepEqual((await mine()).map((r) => [r.id, r.node]), [[older.id, owner], [newer.id, null]], "pending external imports, oldest first, with their node");
    await store().write((tx) => tx.files.update({ ...older, status: "failed", node: "someone else" }));
    assert.deepEqual((await mine()).map((r) => r.id), [newer.id], "a failed import is no longer pending");
    assert.equal((await store().read((tx) => tx.files.get(ws, older.id)))?.node, owner);
  });

  if (another) {
    test("two nodes on one database: each alive to the other while open, gone to every node once closed", async () => {
      const second = await another();
      const third = await another();
      const node = second.liveness.node;
      try {
        assert.notEqual(node, store().liveness.node);
        assert.deepEqual([...(await store().liveness.gone([node]))], []);
        assert.deepEqual([...(await second.liveness.gone([store().liveness.node]))], []);
      } finally {
        await second.close();
      }
      assert.deepEqual([...(await store().liveness.gone([node]))], [node]);
      assert.deepEqual([...(await third.liveness.gone([node, store().liveness.node]))], [node]);
      await third.close();
    });
  }
}
