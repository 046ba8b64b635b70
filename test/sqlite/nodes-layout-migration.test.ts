/**
 * SQLite migration 20: `nodes` rebuilt with its small columns before the JSON ones, over a file
 * written before it — every row and column kept, the indexes the adapter names by hand
 * (nodes_children, nodes_trashed, the primary key's sqlite_autoindex_nodes_1) back, the store
 * reading it, and a second run (tests rewind user_version) harmless.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "../../src/storage/sqlite-schema.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";
import { ROW_KEYS_VERSION } from "../../src/storage/planner/row-keys.js";

const LAYOUT = MIGRATIONS.findIndex((m) => m.includes("CREATE TEMP TABLE nodes_copy"));

function rowsOf(file: string): { columns: string[]; rows: Record<string, unknown>[]; indexes: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('nodes')`).all() as { name: string }[]).map((c) => c.name);
    const rows = db.prepare(`SELECT * FROM nodes ORDER BY workspace_id, id`).all() as Record<string, unknown>[];
    const indexes = (db.prepare(`SELECT name FROM pragma_index_list('nodes') ORDER BY name`).all() as { name: string }[]).map((i) => i.name);
    return { columns, rows, indexes };
  } finally {
    db.close();
  }
}

/** The same rows whatever the column order: each row's columns by name. */
const byName = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));

test("migration 20 puts nodes' small columns first and keeps every row, index and read", async () => {
  assert.ok(LAYOUT > 0, "the layout migration is in the list");
  const dir = mkdtempSync(join(tmpdir(), "quire-nodes-layout-"));
  try {
    const file = join(dir, "quire.db");
    const db = new Database(file);
    for (let v = 0; v < LAYOUT; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`user_version = ${LAYOUT}`);
    // Row keys current: the store's start rebuilds nothing, so what changes is the migration's doing.
    db.prepare(`INSERT INTO meta (key, value) VALUES ('row_keys', ?)`).run(ROW_KEYS_VERSION);
    const insert = db.prepare(
      `INSERT INTO nodes (workspace_id, id, type, parent_type, parent_id, position, data, properties, idx, key_list, icon, cover,
         in_trash, is_locked, is_archived, created_time, created_by, last_edited_time, last_edited_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'u1', ?, 'u2')`,
    );
    const big = JSON.stringify({ title: [{ type: "text", text: { content: "x".repeat(3000), link: null }, plain_text: "x".repeat(3000), href: null }] });
    insert.run("w", "p1", "page", "workspace", null, 1, "{}", big, null, null, JSON.stringify({ type: "emoji", emoji: "📘" }), null, 0, 1, 0, 10, 11);
    insert.run("w", "p2", "page", "page_id", "p1", 2.5, "{}", JSON.stringify({ title: [] }), '{"title":""}', '[1,[]]', null, null, 1, 0, 1, 20, 21);
    insert.run("w", "b1", "paragraph", "page_id", "p1", 3, JSON.stringify({ rich_text: [] }), null, null, null, null, null, 0, 0, 0, 30, 31);
    insert.run("w2", "p1", "page", "workspace", null, 1, "{}", JSON.stringify({ title: [] }), null, null, null, JSON.stringify({ type: "external", external: { url: "https://example.com/c.png" } }), 0, 0, 0, 40, 41);
    db.close();
    const before = rowsOf(file);
    assert.deepEqual(before.columns.slice(6, 8), ["data", "properties"], "the old layout: JSON before in_trash");

    const started = Date.now();
    const store = openSqliteStore({ filename: file });
    try {
      const after = rowsOf(file);
      assert.deepEqual(after.columns, [
        "workspace_id", "id", "type", "parent_type", "parent_id", "position", "in_trash", "is_locked", "is_archived",
        "created_time", "created_by", "last_edited_time", "last_edited_by", "icon", "cover", "data", "idx", "properties", "key_list",
      ]);
      assert.deepEqual(byName(after.rows), byName(before.rows), "every row and value kept");
      assert.deepEqual(after.indexes, ["nodes_children", "nodes_trashed", "sqlite_autoindex_nodes_1"]);
      // The store reads through them: a node, its children, and the trash's partial index.
      const page = await store.read((tx) => tx.getNode("w", "p1"));
      assert.equal(page?.in_trash, false);
      assert.equal(page?.is_locked, true);
      assert.deepEqual(page?.properties, JSON.parse(big));
      const other = await store.read((tx) => tx.getNode("w2", "p1"));
      assert.equal(other?.created_time, 40);
      const trashed = await store.read((tx) => tx.getNode("w", "p2"));
      assert.equal(trashed?.in_trash, true);
      assert.equal(trashed?.position, 2.5);
    } finally {
      await store.close();
    }
    assert.ok(Date.now() - started < 30_000);

    // Run again (tests rewind user_version past migrations): the same table.
    const again = new Database(file);
    again.pragma(`user_version = ${LAYOUT}`);
    again.close();
    const reopened = openSqliteStore({ filename: file });
    await reopened.close();
    assert.deepEqual(byName(rowsOf(file).rows), byName(before.rows));
    assert.deepEqual(rowsOf(file).indexes, ["nodes_children", "nodes_trashed", "sqlite_autoindex_nodes_1"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
