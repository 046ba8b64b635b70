/**
 * SQLite's page size (src/storage/sqlite-page-size.ts): a new file is made with SQLITE_PAGE_SIZE
 * pages, so a ~2.5 KB data-source row lies whole in its b-tree page (no overflow page to read);
 * a file made with 4 KiB pages (before this) is rebuilt with them at start-up, every row kept and
 * the file back in WAL mode.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { SQLITE_PAGE_SIZE } from "../../src/storage/sqlite-page-size.js";
import type { NodeRow, Store } from "../../src/storage/types.js";
import { node, page, richText } from "../store/fixtures.js";

const WS = "w";

/** A page whose stored row is ~2.5 KB (the text is there twice: content and plain_text); a data-source row of the bench is ~2 KB. */
const bigPage = (i: number): NodeRow => page(WS, `Row ${i}`, { properties: { title: richText(`Row ${i} ${"x".repeat(1000)}`) } });

/** The file's page size, journal mode, overflow pages of `nodes` and integrity, read beside the store (read-only). */
function fileFacts(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      pageSize: db.pragma("page_size", { simple: true }) as number,
      journal: db.pragma("journal_mode", { simple: true }) as string,
      overflow: (db.prepare(`SELECT count(*) AS n FROM dbstat WHERE name = 'nodes' AND pagetype = 'overflow'`).get() as { n: number }).n,
      integrity: db.pragma("integrity_check", { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

async function fill(store: Store, rows: NodeRow[]): Promise<void> {
  await store.write((tx) => tx.insertNodes(rows));
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-page-size-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test("a new file has SQLITE_PAGE_SIZE pages and a 2.5 KB row needs no overflow page", withDir(async (dir) => {
  assert.equal(SQLITE_PAGE_SIZE, 16384);
  const file = join(dir, "quire.db");
  const store = openSqliteStore({ filename: file });
  try {
    await fill(store, [bigPage(1), bigPage(2), node(WS, { data: { rich_text: richText("a block") } })]);
  } finally {
    await store.close();
  }
  const facts = fileFacts(file);
  assert.equal(facts.pageSize, SQLITE_PAGE_SIZE);
  assert.equal(facts.journal, "wal");
  assert.equal(facts.overflow, 0, "the rows lie whole in their pages");
  assert.equal(facts.integrity, "ok");
}));

test("a file made with 4 KiB pages is rebuilt with SQLITE_PAGE_SIZE at start-up, every row kept", withDir(async (dir) => {
  const file = join(dir, "quire.db");
  const rows = [...Array.from({ length: 30 }, (_, i) => bigPage(i)), node(WS, { data: { rich_text: richText("a block") } })];
  const old = openSqliteStore({ filename: file, pageSize: 4096 });
  try {
    await fill(old, rows);
  } finally {
    await old.close();
  }
  const before = fileFacts(file);
  assert.equal(before.pageSize, 4096);
  assert.ok(before.overflow >= 30, `at 4 KiB each 2.5 KB row has an overflow page (${before.overflow})`);

  const store = openSqliteStore({ filename: file });
  try {
    const after = fileFacts(file);
    assert.equal(after.pageSize, SQLITE_PAGE_SIZE);
    assert.equal(after.journal, "wal", "back in WAL mode after the VACUUM");
    assert.equal(after.overflow, 0);
    assert.equal(after.integrity, "ok");
    const read = await store.read((tx) => tx.getNodes(WS, rows.map((r) => r.id)));
    assert.equal(read.length, rows.length);
    for (const r of rows) assert.deepEqual(read.find((n) => n.id === r.id)?.properties ?? null, r.properties);
    // It keeps taking writes.
    await fill(store, [bigPage(99)]);
  } finally {
    await store.close();
  }
  // A second start converts nothing: the pages are already that size (and asking for less never shrinks them).
  const again = openSqliteStore({ filename: file, pageSize: 4096 });
  await again.close();
  assert.equal(fileFacts(file).pageSize, SQLITE_PAGE_SIZE);
}));
