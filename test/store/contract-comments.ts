/**
 * Storage contract, comments: `listAllOn` reads every thread on a set of pages and blocks —
 * resolved ones too, oldest first, nothing of other parents or workspaces; `countOpenUnder`
 * counts a page body's open discussions and comments per block, at any depth, stopping at
 * sub-pages and databases, leaving out trashed blocks and resolved threads. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { comment, id, newWorkspace, node, page } from "./fixtures.js";

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

  test("comments: countOpenUnder counts open threads per block of a page's body, not past sub-pages", async () => {
    const ws = await newWorkspace(store());
    const other = await newWorkspace(store());
    const doc = page(ws, "Doc");
    const under = (parent: string, over: Parameters<typeof node>[1] = {}) => node(ws, { parent_type: "block_id", parent_id: parent, ...over });
    const top = node(ws, { parent_type: "page_id", parent_id: doc.id });
    const toggle = node(ws, { type: "toggle", parent_type: "page_id", parent_id: doc.id, position: 1 });
    const nested = under(toggle.id);
    const deeper = under(nested.id);
    const trashed = node(ws, { parent_type: "page_id", parent_id: doc.id, position: 2, in_trash: true });
    const sub = page(ws, "Sub", { parent_type: "page_id", parent_id: doc.id, position: 3 });
    const inSub = node(ws, { parent_type: "page_id", parent_id: sub.id });
    const quiet = node(ws, { parent_type: "page_id", parent_id: doc.id, position: 4 });
    await store().write((tx) => tx.insertNodes([doc, top, toggle, nested, deeper, trashed, sub, inSub, quiet]));
    const on = (b: string, over: Parameters<typeof comment>[2] = {}) => comment(ws, b, { parent_type: "block_id", ...over });
    const first = on(top.id);
    const second = on(top.id);
    const rows = [
      first, on(top.id, { discussion_id: first.id }), second, on(top.id, { discussion_id: second.id }), on(top.id, { discussion_id: second.id }),
      on(deeper.id), on(deeper.id, { resolved: true }), on(nested.id, { resolved: true }),
      on(trashed.id), on(sub.id, { parent_type: "page_id" }), on(inSub.id), comment(ws, doc.id), comment(other, top.id, { parent_type: "block_id" }),
    ];
    await store().write(async (tx) => {
      for (const c of rows) await tx.comments.insert(c);
    });
    await store().read(async (tx) => {
      const counts = await tx.comments.countOpenUnder(ws, doc.id);
      const want = [
        { block_id: top.id, discussions: 2, comments: 5 },
        { block_id: deeper.id, discussions: 1, comments: 1 },
      ].sort((a, b) => (a.block_id < b.block_id ? -1 : 1));
      assert.deepEqual(counts, want);
      assert.deepEqual(await tx.comments.countOpenUnder(ws, sub.id), [{ block_id: inSub.id, discussions: 1, comments: 1 }]);
      assert.deepEqual(await tx.comments.countOpenUnder(ws, quiet.id), []);
      assert.deepEqual(await tx.comments.countOpenUnder(other, doc.id), []);
      assert.deepEqual(await tx.comments.countOpenUnder(ws, id()), []);
    });
  });
}
