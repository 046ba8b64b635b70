/**
 * Storage contract, part 3: the title search port (docs/design/search.md) — matching (word
 * prefixes, case, accents, any word), the relevance tiers and their tie-breaks, the edited
 * orders, keyset continuation from a hit's key, kinds, trash, `within`, parents, ancestry, subtree and
 * trashed. Both adapters must answer the same ids in the same order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import type { SearchHit, SearchQuery } from "../../src/storage/search.js";
import { T0, dataSource, id, newWorkspace, node, page } from "./fixtures.js";

const Q: SearchQuery = { text: null, kinds: ["page", "data_source"], order: "relevance", untrashedOnly: true, from: null, within: null, limit: 100 };

/** Every hit of `q`, `size` at a time, each page continuing from the key of the next hit. */
async function keyset(store: Store, ws: string, q: SearchQuery, size: number): Promise<string[]> {
  const out: string[] = [];
  let from: SearchHit["key"] | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const hits: SearchHit[] = await store.read((tx) => tx.search.candidates(ws, { ...q, from, limit: size + 1 }));
    out.push(...hits.slice(0, size).map((h) => h.id));
    if (hits.length <= size) return out;
    from = hits[size].key;
  }
  throw new Error("paging did not end");
}

/** The search cases, run against `store()`. */
export function searchCases(store: () => Store): void {
  test("search: word prefixes ignoring case and accents, any word, never mid-word, symbols as substrings", async () => {
    const ws = await newWorkspace(store());
    const titles = ["Meeting notes", "Café menu", "Notebook", "Customer center", "Center stage", "★ Stars ★", "naïve Plan"];
    const pages = titles.map((t, i) => page(ws, t, { last_edited_time: T0 + i }));
    await store().write((tx) => tx.insertNodes(pages));
    const ids = async (text: string) => (await store().read((tx) => tx.search.candidates(ws, { ...Q, text }))).map((h) => titles[pages.findIndex((p) => p.id === h.id)]);
    assert.deepEqual(await ids("meet"), ["Meeting notes"]);
    assert.deepEqual(await ids("CAFE"), ["Café menu"]);
    assert.deepEqual(await ids("naive"), ["naïve Plan"]);
    assert.deepEqual(await ids("book"), [], "not in the middle of a word");
    assert.deepEqual((await ids("customer center")).sort(), ["Center stage", "Customer center"].sort());
    assert.deepEqual(await ids("★"), ["★ Stars ★"]);
    assert.deepEqual(await ids('"OR" NEAR('), [], "query syntax is plain text");
  });

  test("search: relevance tiers (phrase at the start, every word, some word), then shorter, then newer, then id", async () => {
    const ws = await newWorkspace(store());
    const mk = (title: string, edited: number, pid = id()) => page(ws, title, { id: pid, last_edited_time: T0 + edited });
    const start = mk("Project plan for the year", 1);
    const every = mk("The plan of the project", 2);
    const some = mk("Project", 3);
    const someLong = mk("Project kickoff agenda and many more words", 4);
    const [lo, hi] = [id(), id()].sort();
    const twinOld = mk("Plan", 5, hi);
    const twinNew = mk("Plan", 6, lo);
    await store().write((tx) => tx.insertNodes([start, every, some, someLong, twinOld, twinNew]));
    const hits = await store().read((tx) => tx.search.candidates(ws, { ...Q, text: "project plan" }));
    const order = hits.map((h) => h.id);
    assert.equal(order[0], start.id, "tier 0: the phrase starts the title");
    assert.equal(order[1], every.id, "tier 1: every word");
    assert.deepEqual(new Set(order.slice(2)), new Set([some.id, someLong.id, twinOld.id, twinNew.id]));
    assert.ok(order.indexOf(some.id) < order.indexOf(someLong.id), "shorter first in a tier");
    assert.deepEqual(hits.map((h) => h.key[0]), [0, 1, 2, 2, 2, 2]);
    const plan = (await store().read((tx) => tx.search.candidates(ws, { ...Q, text: "plan" }))).map((h) => h.id);
    assert.ok(plan.indexOf(twinNew.id) < plan.indexOf(twinOld.id), "equal titles: the newer first");
    const [a, b] = [id(), id()].sort();
    await store().write((tx) => tx.insertNodes([mk("Same", 9, b), mk("Same", 9, a)]));
    const same = (await store().read((tx) => tx.search.candidates(ws, { ...Q, text: "same" }))).map((h) => h.id);
    assert.deepEqual(same, [a, b], "then by id");
    assert.deepEqual(await keyset(store(), ws, { ...Q, text: "project plan" }, 2), order, "keys continue the order");
  });

  test("search: edited orders with ties by id, keyset paging both ways, kinds, trash, within", async () => {
    const ws = await newWorkspace(store());
    const dbId = id();
    const ds = dataSource(ws, dbId, "Roadmap", { last_edited_time: T0 + 3 });
    const ps = [0, 1, 1, 2, 4].map((e) => page(ws, `Page ${e}`, { last_edited_time: T0 + e }));
    const trashed = page(ws, "Gone", { last_edited_time: T0 + 5, in_trash: true });
    const block = node(ws, { parent_type: "page_id", parent_id: ps[0].id, last_edited_time: T0 + 6 });
    await store().write((tx) => tx.insertNodes([ds, ...ps, trashed, block]));
    const desc = [...ps, ds].sort((a, b) => b.last_edited_time - a.last_edited_time || (a.id < b.id ? 1 : -1)).map((n) => n.id);
    assert.deepEqual(await keyset(store(), ws, { ...Q, order: "edited_descending" }, 2), desc);
    assert.deepEqual(await keyset(store(), ws, { ...Q, order: "edited_ascending" }, 4), [...desc].reverse());
    await store().read(async (tx) => {
      const only = await tx.search.candidates(ws, { ...Q, kinds: ["data_source"], order: "edited_descending" });
      assert.deepEqual(only.map((h) => [h.id, h.kind, h.parent_id]), [[ds.id, "data_source", dbId]]);
      const all = await tx.search.candidates(ws, { ...Q, untrashedOnly: false, order: "edited_descending" });
      assert.deepEqual(all.filter((h) => h.in_trash).map((h) => h.id), [trashed.id]);
      const within = await tx.search.candidates(ws, { ...Q, within: [ps[1].id, ps[3].id, block.id], order: "edited_ascending" });
      assert.deepEqual(within.map((h) => h.id), [ps[1].id, ps[3].id]);
      assert.deepEqual(await tx.search.candidates(ws, { ...Q, within: [] }), []);
      assert.deepEqual(await tx.search.candidates(ws, { ...Q, text: "page", within: [ps[4].id] }).then((h) => h.map((x) => x.id)), [ps[4].id]);
    });
  });

  test("search: parents, ancestry, subtree (capped) and trashed walk the tree", async () => {
    const ws = await newWorkspace(store());
    const top = page(ws, "Top");
    const kids = [0, 1, 2].map((i) => page(ws, `Kid ${i}`, { parent_type: "page_id", parent_id: top.id, position: i }));
    const grand = node(ws, { parent_type: "page_id", parent_id: kids[0].id });
    const binned = page(ws, "Binned", { in_trash: true });
    const under = node(ws, { parent_type: "page_id", parent_id: binned.id });
    await store().write((tx) => tx.insertNodes([top, ...kids, grand, binned, under]));
    await store().read(async (tx) => {
      const links = await tx.search.parents(ws, [grand.id, binned.id, id()]);
      assert.deepEqual(links.sort((a, b) => (a.id < b.id ? -1 : 1)), [
        { id: grand.id, parent_id: kids[0].id, in_trash: false },
        { id: binned.id, parent_id: null, in_trash: true },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)));
      // ancestry: the same links, and every ancestor's, up to `depth` levels above, each once.
      const chain = async (ids: string[], depth: number) => (await tx.search.ancestry(ws, ids, depth)).sort((a, b) => (a.id < b.id ? -1 : 1));
      const link = (n: { id: string; parent_id: string | null; in_trash: boolean }) => ({ id: n.id, parent_id: n.parent_id, in_trash: n.in_trash });
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      assert.deepEqual(await chain([grand.id, kids[1].id, binned.id, id()], 5), [grand, kids[0], kids[1], top, binned].map(link).sort(byId));
      assert.deepEqual(await chain([grand.id, binned.id], 1), [grand, kids[0], binned].map(link).sort(byId));
      assert.deepEqual(await chain([grand.id], 0), [link(grand)]);
      assert.deepEqual(await chain([], 5), []);
      assert.deepEqual((await tx.search.subtree(ws, [top.id], 10))?.sort(), [top, ...kids, grand].map((n) => n.id).sort());
      assert.equal(await tx.search.subtree(ws, [top.id], 4), null);
      assert.deepEqual((await tx.search.trashed(ws, 10))?.sort(), [binned.id, under.id].sort());
      assert.equal(await tx.search.trashed(ws, 1), null);
    });
  });
}
