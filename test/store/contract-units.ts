/**
 * Storage contract, part 2: units of work — rollback when a unit throws, reads on a snapshot
 * while a write is in flight, concurrent writers (unique_id numbering), cursors across writes,
 * derived indexes (search, row keys) in step within the unit that writes and after its commit,
 * and two stores on one database when the backend has nodes. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store, Tx } from "../../src/storage/types.js";
import type { DataSourceNode } from "../../src/domain/databases/model.js";
import { assignUniqueIds } from "../../src/domain/pages/database-page.js";
import { dataSource, id, newWorkspace, node, page, row, sleep, user, task } from "./fixtures.js";
import { pageAll } from "./contract-paging.js";
import type { Needs } from "./contract.js";

const ALL_ROWS = { filter: null, sorts: [], trashed: false, offset: 0, limit: 1000 };

/** Candidates of a title search, as ids. */
async function found(tx: Tx, ws: string, text: string): Promise<string[]> {
  const hits = await tx.search.candidates(ws, { text, kinds: ["page", "data_source"], order: "relevance", untrashedOnly: true, from: null, within: null, limit: 100 });
  return hits.map((h) => h.id);
}

/**
 * Creates a row the way pages.create does: reads the data source, numbers the row from its
 * counters (assignUniqueIds, the domain's own code), writes the row and the counters back.
 */
async function createRow(tx: Tx, ws: string, dsId: string, title: string): Promise<number> {
  const ds = (await tx.getNode(ws, dsId)) as DataSourceNode;
  const r = row(ws, dsId, title);
  assignUniqueIds(ds, r);
  r.position = r.properties!.uid as number; // siblings have distinct positions (the domain places rows so)
  await tx.insertNodes([r]);
  await tx.updateNode(ds);
  return r.properties!.uid as number;
}

/** The unit-of-work cases, run against `store()`; `another()` opens a second node when the backend has them. */
export function unitCases(store: () => Store, needs: Needs, another?: () => Promise<Store>): void {
  test("a unit that throws leaves nothing: nodes, users, search entries, row keys, tasks", { skip: needs("rows") }, async () => {
    const ws = await newWorkspace(store());
    const ds = dataSource(ws, id());
    await store().write((tx) => tx.insertNodes([ds]));
    const p = page(ws, "Zanzibar plans");
    const r = row(ws, ds.id, "Zanzibar row");
    const u = user(ws);
    const t = task(ws);
    await assert.rejects(
      store().write(async (tx) => {
        await tx.insertNodes([p, r]);
        await tx.insertUser(u);
        await tx.tasks.insert(t);
        await tx.updateNode({ ...ds, data: { ...ds.data, title: [] } });
        assert.equal((await found(tx, ws, "zanzibar")).length, 2, "seen inside the unit");
        throw new Error("boom");
      }),
      /boom/,
    );
    await store().read(async (tx) => {
      assert.equal(await tx.getNode(ws, p.id), null);
      assert.equal(await tx.getUser(ws, u.id), null);
      assert.equal(await tx.tasks.get(ws, t.id), null);
      assert.deepEqual(await found(tx, ws, "zanzibar"), []);
      assert.deepEqual(await found(tx, ws, "tasks"), [ds.id], "the data source's title as before");
      assert.deepEqual(await tx.queryRowIds(ws, ds.id, ALL_ROWS, null), []);
      assert.deepEqual(await tx.allRows(ws, ds.id, false), []);
    });
    await store().write((tx) => tx.insertNodes([p]));
    assert.ok(await store().read((tx) => tx.getNode(ws, p.id)), "the store still writes after a rollback");
  });

  test("afterCommit runs once the unit has committed, so a unit it starts sees the writes; never after a rollback", async () => {
    const ws = await newWorkspace(store());
    const p = page(ws, "After commit");
    const seen = new Promise<boolean>((resolve) => {
      void store().write(async (tx) => {
        await tx.insertNodes([p]);
        // A read started from here, as background work is, must find the page.
        tx.afterCommit(() => void store().read(async (r) => resolve((await r.getNode(ws, p.id)) !== null)));
      });
    });
    assert.equal(await seen, true);
    let ran = false;
    await assert.rejects(
      store().write(async (tx) => {
        tx.afterCommit(() => (ran = true));
        throw new Error("boom");
      }),
      /boom/,
    );
    await store().write(async () => {});
    assert.equal(ran, false, "a rolled-back unit's callbacks are dropped");
  });

  test("a read started while a write is in flight sees all of it or none of it", async () => {
    const ws = await newWorkspace(store());
    const a = page(ws, "First half");
    const b = page(ws, "Second half");
    let wrote!: () => void;
    const half = new Promise<void>((r) => (wrote = r));
    const writing = store().write(async (tx) => {
      await tx.insertNodes([a]);
      wrote();
      await sleep(50);
      await tx.insertNodes([b]);
    });
    await half;
    const seen = await store().read(async (tx) => {
      const first = await tx.getNode(ws, a.id);
      await sleep(80);
      const second = await tx.getNode(ws, b.id);
      return [first !== null, second !== null];
    });
    await writing;
    assert.ok(seen[0] === seen[1], `one snapshot: saw ${JSON.stringify(seen)}`);
    const after = await store().read(async (tx) => [await tx.getNode(ws, a.id), await tx.getNode(ws, b.id)]);
    assert.ok(after[0] && after[1]);
  });

  test("readOne answers one statement as read does, sees every acknowledged write, and ends its unit", async () => {
    const ws = await newWorkspace(store());
    const p = page(ws, "Read alone");
    assert.equal(await store().readOne((tx) => tx.getNode(ws, p.id)), null);
    await store().write((tx) => tx.insertNodes([p]));
    const alone = await store().readOne((tx) => tx.getNode(ws, p.id));
    assert.deepEqual(alone, await store().read((tx) => tx.getNode(ws, p.id)));
    await assert.rejects(store().readOne(() => Promise.reject(new Error("refused"))), /refused/);
    assert.ok(await store().read((tx) => tx.getNode(ws, p.id)), "the store still answers");
  });

  test("generation: none where other nodes write; else moved by every write unit, committed or rolled back, never by a read", async () => {
    const s = store();
    const before = s.generation?.();
    if (another) {
      // Another node's write would never move this node's generation: nothing may be kept on it.
      assert.equal(before, undefined);
      const other = await another();
      assert.equal(other.generation?.(), undefined);
      return;
    }
    // A store that cannot tell keeps nothing above it; one that answers must keep the rule.
    if (before === undefined) return;
    const ws = await newWorkspace(s);
    const settled = s.generation!();
    await s.read((tx) => tx.getNode(ws, id()));
    await s.readOne((tx) => tx.getTokenOwner("no such token"));
    assert.equal(s.generation!(), settled, "reads leave it");
    let inside: number | undefined;
    await s.write(async (tx) => {
      inside = s.generation!();
      await tx.insertNodes([page(ws, "Moves the generation")]);
    });
    assert.notEqual(inside, settled, "moved as the write unit begins");
    const committed = s.generation!();
    assert.notEqual(committed, inside, "moved as it ends");
    await assert.rejects(
      s.write(async (tx) => {
        await tx.insertNodes([page(ws, "Rolled back")]);
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.notEqual(s.generation!(), committed, "a rolled-back unit moves it too");
  });

  test("concurrent units numbering rows of one data source give distinct unique_ids", async () => {
    const ws = await newWorkspace(store());
    const ds = dataSource(ws, id());
    await store().write((tx) => tx.insertNodes([ds]));
    const numbers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store().write(async (tx) => {
          const n = await createRow(tx, ws, ds.id, `Row ${i}`);
          await sleep(i % 3); // the unit yields between its read and its write
          return n;
        }),
      ),
    );
    assert.deepEqual([...numbers].sort((x, y) => x - y), Array.from({ length: 12 }, (_, i) => i + 1));
    const rows = (await store().read((tx) => pageAll(5, (from, limit) => tx.listChildren(ws, ds.id, from, limit)))).flat();
    assert.equal(new Set(rows.map((r) => r.properties!.uid)).size, 12);
  });

  test("cursors hold across writes: children added before and after the cursor, users added at the end", async () => {
    const ws = await newWorkspace(store());
    const parent = page(ws, "Parent");
    const kids = [1, 2, 3, 4].map((p) => node(ws, { parent_type: "page_id", parent_id: parent.id, position: p }));
    await store().write(async (tx) => {
      await tx.insertNodes([parent, ...kids]);
      for (let i = 0; i < 3; i++) await tx.insertUser(user(ws, { name: `U${i}` }));
    });
    const first = (await store().read((tx) => tx.listChildren(ws, parent.id, null, 2)))!;
    assert.deepEqual(first.items.map((k) => k.position), [1, 2]);
    const early = node(ws, { parent_type: "page_id", parent_id: parent.id, position: 1.5 });
    const late = node(ws, { parent_type: "page_id", parent_id: parent.id, position: 3.5 });
    await store().write((tx) => tx.insertNodes([early, late]));
    const rest = (await store().read((tx) => tx.listChildren(ws, parent.id, first.next, 10)))!;
    assert.deepEqual(rest.items.map((k) => k.position), [3, 3.5, 4], "nothing repeated, the later insert included");
    const u1 = (await store().read((tx) => tx.listUsers(ws, null, 2)))!;
    await store().write((tx) => tx.insertUser(user(ws, { name: "U3" })));
    const u2 = (await store().read((tx) => tx.listUsers(ws, u1.next, 10)))!;
    assert.deepEqual([...u1.items, ...u2.items].map((u) => u.name), ["U0", "U1", "U2", "U3"]);
  });

  test("derived indexes follow in the same unit and after its commit: search titles, row queries", { skip: needs("rows") }, async () => {
    const ws = await newWorkspace(store());
    const ds = dataSource(ws, id());
    const r = row(ws, ds.id, "Quarterly Résumé");
    await store().write(async (tx) => {
      await tx.insertNodes([ds, r]);
      assert.deepEqual(await found(tx, ws, "resume"), [r.id]);
      assert.deepEqual(await tx.queryRowIds(ws, ds.id, ALL_ROWS, null), [r.id]);
    });
    await store().read(async (tx) => {
      assert.deepEqual(await found(tx, ws, "QUART"), [r.id]);
      assert.deepEqual((await tx.queryRows(ws, ds.id, ALL_ROWS, null))?.map((x) => x.id), [r.id]);
    });
    const renamed = row(ws, ds.id, "Annual plan", { id: r.id });
    await store().write((tx) => tx.updateNode(renamed));
    await store().read(async (tx) => {
      assert.deepEqual(await found(tx, ws, "quarterly"), []);
      assert.deepEqual(await found(tx, ws, "annual"), [r.id]);
    });
    await store().write((tx) => tx.updateNode({ ...renamed, in_trash: true }));
    await store().read(async (tx) => {
      assert.deepEqual(await tx.queryRowIds(ws, ds.id, ALL_ROWS, null), []);
      assert.deepEqual(await tx.queryRowIds(ws, ds.id, { ...ALL_ROWS, trashed: true }, null), [r.id]);
      assert.deepEqual(await found(tx, ws, "annual"), [], "untrashedOnly leaves it out");
    });
  });

  test("workspaces are apart: the same ids in two workspaces never meet", async () => {
    const a = await newWorkspace(store());
    const b = await newWorkspace(store());
    const shared = id();
    await store().write(async (tx) => {
      await tx.insertNodes([page(a, "Alpha", { id: shared })]);
      await tx.insertNodes([page(b, "Beta", { id: shared })]);
      await tx.addShare(a, "integ", shared, 0);
    });
    await store().read(async (tx) => {
      assert.deepEqual((await tx.getNode(a, shared))?.properties?.title, page(a, "Alpha").properties?.title);
      assert.deepEqual(await found(tx, b, "alpha"), []);
      assert.deepEqual(await found(tx, b, "beta"), [shared]);
      assert.equal(await tx.anyShared(b, "integ", [shared]), false);
      assert.equal(await tx.anyShared(a, "integ", [id(), shared]), true);
      assert.deepEqual(await tx.listShares(a, "integ"), [shared]);
      assert.deepEqual(await tx.sharesOn(b, [shared]), []);
    });
  });

  test("sharesOn: every integration's shares on any of the objects, in the order they were made", async () => {
    const ws = await newWorkspace(store());
    const [top, mid, other] = [id(), id(), id()];
    await store().write(async (tx) => {
      await tx.addShare(ws, "beta", mid, 2);
      await tx.addShare(ws, "alpha", top, 1);
      await tx.addShare(ws, "alpha", other, 3);
      await tx.addShare(ws, "gamma", top, 2);
    });
    await store().read(async (tx) => {
      assert.deepEqual(await tx.sharesOn(ws, [mid, top]), [
        { integration_id: "alpha", object_id: top },
        { integration_id: "beta", object_id: mid },
        { integration_id: "gamma", object_id: top },
      ]);
      assert.deepEqual(await tx.sharesOn(ws, []), []);
      assert.deepEqual(await tx.sharesOn(ws, [id()]), []);
    });
  });

  if (another) {
    test("two nodes on one database: writes seen at once by the other, numbering never collides", async () => {
      const second = await another();
      try {
        const ws = await newWorkspace(store());
        const ds = dataSource(ws, id());
        await store().write((tx) => tx.insertNodes([ds]));
        const numbers = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? second : store()).write((tx) => createRow(tx, ws, ds.id, `Row ${i}`))),
        );
        assert.deepEqual([...numbers].sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => i + 1));
        const p = page(ws, "Written on one");
        await store().write((tx) => tx.insertNodes([p]));
        assert.ok(await second.read((tx) => tx.getNode(ws, p.id)), "acknowledged on one node, seen on the other");
        const listed = await second.read((tx) => pageAll(4, (from, limit) => tx.listChildren(ws, ds.id, from, limit)));
        assert.equal(listed.flat().length, 10);
      } finally {
        await second.close();
      }
    });
  }
}
