/**
 * The PostgreSQL title index against SQLite's FTS5 (docs/design/search.md, "On PostgreSQL"): the
 * same 300 random titles (repeated, accented and numeric words, some trashed) written to both
 * stores, then every query in every order must answer the same ids in the same order, with the
 * same relevance scores (one workspace: the statistics are the same). PostgreSQL pass only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import type { SearchOrder } from "../src/storage/search.js";
import type { Store } from "../src/storage/types.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";
import { T0, page, workspace } from "./store/fixtures.js";

const VOCAB = ["meeting", "notes", "meet", "Café", "cafe", "résumé", "plan", "planning", "weekly", "budget", "2026", "alpha", "beta", "Notebook", "book", "a", "the", "Ærø", "naïve"];
const QUERIES = ["meet", "meeting notes", "cafe", "CAFÉ plan", "plan", "weekly meeting plan", "the", "book", "2026 budget", "a b", "zz", "★", "naive", "notes notes", "ærø", "aero", "AER"];

/** A deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

test("the same titles answer the same ids, order and scores on SQLite and PostgreSQL", { skip: !onPostgres && "PostgreSQL pass only" }, async () => {
  const db = await freshDatabase();
  const sqlite = openSqliteStore({ filename: ":memory:" });
  const pg = await openPostgresStore({ url: db.url });
  try {
    const ws = workspace();
    const r = rng(20261206);
    const rows = Array.from({ length: 300 }, () =>
      page(ws.id, Array.from({ length: 1 + r(6) }, () => VOCAB[r(VOCAB.length)]).join(" "), { last_edited_time: T0 + r(40), in_trash: r(10) === 0 }),
    );
    for (const s of [sqlite, pg] as Store[]) {
      await s.write((tx) => tx.insertWorkspace(ws));
      for (let i = 0; i < rows.length; i += 50) await s.write((tx) => tx.insertNodes(rows.slice(i, i + 50)));
    }
    for (const text of QUERIES) {
      for (const order of ["relevance", "edited_descending", "edited_ascending"] as SearchOrder[]) {
        for (const untrashedOnly of [true, false]) {
          const q = { text, kinds: ["page", "data_source"] as const, order, untrashedOnly, from: null, within: null, limit: 1000 };
          const [a, b] = await Promise.all([sqlite.read((tx) => tx.search.candidates(ws.id, q)), pg.read((tx) => tx.search.candidates(ws.id, q))]);
          const what = `"${text}" ${order}${untrashedOnly ? "" : " with trash"}`;
          assert.deepEqual(b.map((h) => h.id), a.map((h) => h.id), what);
          if (order !== "relevance") continue;
          for (let i = 0; i < a.length; i++) {
            assert.equal(b[i].key[0], a[i].key[0], `${what}: tier of result ${i}`);
            assert.ok(Math.abs(Number(b[i].key[1]) - Number(a[i].key[1])) < 1e-9, `${what}: score of result ${i}: ${b[i].key[1]} vs ${a[i].key[1]}`);
          }
        }
      }
    }
  } finally {
    await sqlite.close();
    await pg.close();
    await db.drop();
  }
});
