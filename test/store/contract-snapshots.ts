/**
 * Contract cases of the snapshot port (src/storage/snapshots.ts): save, a taken name refused,
 * list, restore replacing every table (a workspace added after is gone, a changed row is back, a
 * row removed is back), an unknown name, remove; on PostgreSQL a second node lists and answers the
 * restored state. File bytes are covered over HTTP (test/snapshots.test.ts): which blob store an
 * adapter saves depends on the server's composition. Runs last in describeStore: a restore
 * replaces what every earlier case wrote.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { MemoryBlobStore } from "../../src/storage/blobs.js";
import { T0, newWorkspace, page, user, workspace } from "./fixtures.js";

export function snapshotCases(store: () => Store, another?: () => Promise<Store>): void {
  test("snapshots: save, a taken name, list, restore replaces every table, unknown names, remove", async () => {
    const snaps = store().snapshots!;
    assert.ok(snaps, "the adapter keeps snapshots");
    const blobs = new MemoryBlobStore();
    const ws = await newWorkspace(store());
    const person = user(ws);
    const p = page(ws, "Kept");
    await store().write(async (tx) => {
      await tx.insertUser(person);
      await tx.insertNodes([p]);
    });
    const countBefore = await store().read((tx) => tx.allWorkspaces.count());

    const saved = await snaps.save("contract-1", T0, blobs);
    assert.deepEqual({ ...saved!, size: 0 }, { name: "contract-1", created_time: T0, size: 0 });
    assert.ok(saved!.size > 0);
    assert.equal(await snaps.save("contract-1", T0 + 1, blobs), null, "a taken name");
    assert.ok((await snaps.list()).some((s) => s.name === "contract-1" && s.size === saved!.size));

    const later = workspace();
    await store().write(async (tx) => {
      await tx.insertWorkspace(later);
      await tx.updateWorkspace({ ...(await tx.getWorkspace(ws))!, name: "Renamed" });
      await tx.insertNodes([page(ws, "Made after")]);
    });
    await store().write((tx) => tx.allWorkspaces.remove(ws));
    assert.equal(await store().read((tx) => tx.getWorkspace(ws)), null);

    assert.equal(await snaps.restore("contract-1", blobs), true);
    await store().read(async (tx) => {
      assert.equal(await tx.allWorkspaces.count(), countBefore);
      assert.equal(await tx.getWorkspace(later.id), null, "added after: gone");
      assert.equal((await tx.getWorkspace(ws))!.name, "Workspace", "changed and removed after: back");
      assert.equal((await tx.getNode(ws, p.id))!.id, p.id);
    });
    if (another) {
      const other = await another();
      assert.ok((await other.snapshots!.list()).some((s) => s.name === "contract-1"), "another node lists it");
      assert.equal((await other.read((tx) => tx.getWorkspace(ws)))!.name, "Workspace");
      await store().write(async (tx) => tx.updateWorkspace({ ...(await tx.getWorkspace(ws))!, name: "Again" }));
      assert.equal(await other.snapshots!.restore("contract-1", blobs), true);
      assert.equal((await store().read((tx) => tx.getWorkspace(ws)))!.name, "Workspace", "a restore on another node is seen here");
    }

    assert.equal(await snaps.restore("contract-unknown", blobs), false);
    assert.equal(await snaps.remove("contract-unknown"), false);
    assert.equal(await snaps.remove("contract-1"), true);
    assert.ok(!(await snaps.list()).some((s) => s.name === "contract-1"));
    assert.equal(await snaps.restore("contract-1", blobs), false);
  });
}
