/**
 * Contract cases of the toolkit's shared state (src/storage/toolkit-shared.ts, `Store.shared`):
 * rate windows counted per workspace and key, opened by a first request and reopened after the
 * window; faults listed in creation order, spent to their count and then gone; on PostgreSQL a
 * second node counts and spends the same rows — exactly, under concurrency — and the request log
 * appends, trims, pages both ways and clears.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../../src/storage/types.js";
import { T0 } from "./fixtures.js";

export function toolkitCases(store: () => Store, another?: () => Promise<Store>): void {
  test("toolkit rate windows: counted per workspace and key, both keys in one call, reopened after the window", async () => {
    const w = store().shared!.rateWindows;
    await w.clear();
    assert.deepEqual(await w.count("ws-1", ["c:a", "w"], T0, 1000), [
      { key: "c:a", windowStart: T0, count: 1 },
      { key: "w", windowStart: T0, count: 1 },
    ]);
    assert.deepEqual(await w.count("ws-1", ["c:b", "w"], T0 + 10, 1000), [
      { key: "c:b", windowStart: T0 + 10, count: 1 },
      { key: "w", windowStart: T0, count: 2 },
    ]);
    // Another workspace's counters are its own.
    assert.deepEqual(await w.count("ws-2", ["w"], T0 + 20, 1000), [{ key: "w", windowStart: T0 + 20, count: 1 }]);
    // At the window's end the counter opens a new window.
    assert.deepEqual(await w.count("ws-1", ["w", "c:a"], T0 + 1000, 1000), [
      { key: "w", windowStart: T0 + 1000, count: 1 },
      { key: "c:a", windowStart: T0 + 1000, count: 1 },
    ]);
    assert.equal(await w.sweep(T0 + 1000), 2, "ws-1's c:b and ws-2's w opened before it");
    assert.deepEqual(await w.count("ws-1", ["c:b"], T0 + 1001, 1000), [{ key: "c:b", windowStart: T0 + 1001, count: 1 }]);
    await w.clear();
    assert.deepEqual(await w.count("ws-1", ["w"], T0 + 1002, 1000), [{ key: "w", windowStart: T0 + 1002, count: 1 }]);
  });

  test("toolkit faults: listed oldest first, spent to their count then gone, unlimited ones counted, removed, cleared", async () => {
    const f = store().shared!.faults;
    await f.clear();
    await f.add({ id: "f1", rule: '{"x":1}', remaining: 2, hits: 0, created_time: T0 });
    await f.add({ id: "f0", rule: '{"x":0}', remaining: null, hits: 0, created_time: T0 });
    assert.deepEqual((await f.list()).map((r) => r.id), ["f1", "f0"]);
    assert.deepEqual(await f.spend("f1"), { remaining: 1, hits: 1 });
    assert.deepEqual(await f.spend("f1"), { remaining: 0, hits: 2 });
    assert.equal(await f.spend("f1"), null);
    assert.equal(await f.get("f1"), null);
    assert.equal(await f.remove("f1"), false);
    assert.deepEqual(await f.spend("f0"), { remaining: null, hits: 1 });
    assert.deepEqual(await f.get("f0"), { id: "f0", rule: '{"x":0}', remaining: null, hits: 1, created_time: T0 });
    assert.equal(await f.spend("nope"), null);
    assert.equal(await f.remove("f0"), true);
    await f.add({ id: "f2", rule: "{}", remaining: 1, hits: 0, created_time: T0 });
    assert.equal(await f.clear(), 1);
    assert.deepEqual(await f.list(), []);
  });

  test("toolkit: a second node counts the same windows and spends the same faults, exactly under concurrency", { skip: another ? false : "one process per database on this backend" }, async () => {
    const a = store().shared!;
    const other = await another!();
    try {
      const b = other.shared!;
      assert.ok(a.shared && b.shared);
      await a.rateWindows.clear();
      const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).rateWindows.count("ws-n", ["c:x", "w"], T0, 60_000)));
      assert.deepEqual(counts.map((c) => c[0].count).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
      await a.faults.add({ id: "shared", rule: "{}", remaining: 5, hits: 0, created_time: T0 });
      const spent = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).faults.spend("shared")));
      assert.equal(spent.filter((s) => s !== null).length, 5);
      assert.deepEqual(await b.faults.list(), []);
    } finally {
      await other.close();
    }
  });

  test("toolkit request log: appended in order, trimmed to the newest, paged both ways, found by id, cleared", async (t) => {
    const log = store().shared!.requests;
    if (!log) return void t.skip("the request log is the process's ring on this backend");
    await log.clear();
    assert.equal(await log.last(), 0);
    await log.append([1, 2, 3].map((n) => ({ id: `r${n}`, entry: `{"n":${n}}` })), 4);
    await log.append([4, 5].map((n) => ({ id: `r${n}`, entry: `{"n":${n}}` })), 4);
    const newest = await log.before(null, 10);
    assert.deepEqual(newest.map((r) => r.id), ["r5", "r4", "r3", "r2"], "trimmed to the newest 4");
    assert.equal(await log.last(), newest[0].seq);
    assert.deepEqual((await log.before(newest[1].seq, 1)).map((r) => r.id), ["r3"]);
    assert.deepEqual((await log.after(newest[2].seq, 10)).map((r) => r.entry), ['{"n":4}', '{"n":5}']);
    assert.equal((await log.get("r4"))?.entry, '{"n":4}');
    // One batch longer than the log keeps: its newest entries only.
    await log.append([6, 7, 8, 9, 10, 11].map((n) => ({ id: `r${n}`, entry: `{"n":${n}}` })), 4);
    assert.deepEqual((await log.before(null, 10)).map((r) => r.id), ["r11", "r10", "r9", "r8"]);
    assert.equal(await log.get("r1"), null);
    await log.clear();
    assert.deepEqual(await log.before(null, 10), []);
  });

  test("toolkit request log: each entry's JSON text comes back exactly as appended, escapes, non-ASCII, the batch separator (U+0001) and a 192 KB answer included, in batch order", async (t) => {
    const log = store().shared!.requests;
    if (!log) return void t.skip("the request log is the process's ring on this backend");
    await log.clear();
    const bodies = ['say "hi"\\ \n\t', "é ✓ \u2028 😀 \ud800", '{"results":[{"id":"a"}]}'.repeat(8000), "", "\u0000 nul", "\u0001 the batch's separator, as a body holds it"];
    const appended = bodies.map((b, i) => ({ id: `e${i}`, entry: JSON.stringify({ id: `e${i}`, response_body: b, n: i }) }));
    await log.append(appended, 10);
    const back = await log.after(0, 10);
    assert.deepEqual(back.map((r) => r.id), appended.map((e) => e.id), "in the batch's order");
    assert.deepEqual(back.map((r) => r.entry), appended.map((e) => e.entry), "the same text, byte for byte");
    assert.equal((JSON.parse(back[2].entry) as { response_body: string }).response_body.length, 192_000);
    await log.clear();
  });
}
