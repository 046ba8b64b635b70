/**
 * Storage contract, comments: `listAllOn` reads every thread on a set of pages and blocks —
 * resolved ones too, oldest first, nothing of other parents or workspaces. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { comment, id, newWorkspace } from "./fixtures.js";

/** The comment cases, run against `store()`. */
export function commentCases(store: () => Store): void {
  test("comments: listAllOn answers resolved and open comments of the given parents in insertion order", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const [page, block, elsewhere] = [id(), id(), id()];
    const first = comment(ws, page);
    const onBlock = comment(ws, block, { parent_type: "block_id" });
    const reply = comment(ws, page, { discussion_id: first.id });
    const resolved = comment(ws, block, { parent_type: "block_id", resolved: true });
    await store().write(async (tx) => {
      for (const c of [first, onBlock, comment(ws, elsewhere), reply, resolved, comment(other, page)]) await tx.comments.insert(c);
    });
    await store().read(async (tx) => {
      const all = await tx.comments.listAllOn(ws, [block, page]);
      assert.deepEqual(all.map((c) => c.id), [first.id, onBlock.id, reply.id, resolved.id]);
      assert.deepEqual(all.map((c) => c.resolved), [false, false, false, true]);
      assert.deepEqual(all[2], reply);
      assert.deepEqual(await tx.comments.listAllOn(ws, []), []);
      assert.deepEqual(await tx.comments.listAllOn(ws, [id()]), []);
    });
  });
}
