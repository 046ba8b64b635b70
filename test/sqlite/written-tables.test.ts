/**
 * What a SQLite write unit wrote, as the read cache learns it (src/storage/sqlite-written.ts):
 * each writing statement's target tables, closed over foreign-key actions and triggers read from
 * the schema catalog; a statement whose targets are not named (DDL, `exec`) counts as every
 * table; reads and transaction control report nothing. On a schema made for the test, then on
 * Quire's own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { EVERY_TABLE, reportWrites, TableCatalog } from "../../src/storage/sqlite-written.js";
import { MIGRATIONS } from "../../src/storage/sqlite-schema.js";

function schema(): Database.Database {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  db.exec(`
    CREATE TABLE parents (id TEXT PRIMARY KEY);
    CREATE TABLE children (id TEXT PRIMARY KEY, parent TEXT REFERENCES parents (id) ON DELETE CASCADE);
    CREATE TABLE grandchildren (id TEXT PRIMARY KEY, child TEXT REFERENCES children (id) ON UPDATE SET NULL);
    CREATE TABLE kept (id TEXT PRIMARY KEY, parent TEXT REFERENCES parents (id));
    CREATE TABLE audit (what TEXT);
    CREATE TABLE other (id TEXT);
    CREATE TRIGGER children_audit AFTER DELETE ON children BEGIN INSERT INTO audit (what) VALUES (old.id); END;
  `);
  return db;
}

const sorted = (s: ReadonlySet<string>) => [...s].sort();

test("a write's tables are closed over foreign-key actions and triggers; a plain reference is not an action", () => {
  const catalog = new TableCatalog(schema());
  assert.deepEqual(sorted(catalog.written(`DELETE FROM parents WHERE id = ?`)), ["audit", "children", "grandchildren", "parents"]);
  assert.deepEqual(sorted(catalog.written(`UPDATE children SET id = ?`)), ["audit", "children", "grandchildren"]);
  assert.deepEqual(sorted(catalog.written(`INSERT INTO other (id) VALUES (?)`)), ["other"]);
  assert.deepEqual(sorted(catalog.written(`INSERT OR IGNORE INTO main.kept (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET parent = NULL`)), ["kept"]);
  assert.deepEqual(sorted(catalog.written(`REPLACE INTO "audit" (what) VALUES (?)`)), ["audit"]);
  assert.deepEqual(sorted(catalog.written(`CREATE TABLE t (x)`)), [EVERY_TABLE]);
  assert.deepEqual(sorted(catalog.named(`SELECT * FROM parents p JOIN children c ON c.parent = p.id WHERE EXISTS (SELECT 1 FROM kept)`)), ["children", "kept", "parents"]);
});

test("statements report what they wrote when they run; reads and transaction control report nothing", () => {
  const db = schema();
  const catalog = new TableCatalog(db);
  const seen: string[][] = [];
  reportWrites(db, catalog, (t) => seen.push(sorted(t)));
  const insert = db.prepare(`INSERT INTO parents (id) VALUES (?)`);
  const select = db.prepare(`SELECT * FROM parents`);
  const begin = db.prepare(`BEGIN IMMEDIATE`);
  const commit = db.prepare(`COMMIT`);
  assert.deepEqual(seen, [], "preparing reports nothing");
  begin.run();
  insert.run("a");
  db.prepare(`DELETE FROM other RETURNING id`).all();
  select.all();
  commit.run();
  // Closed over the actions whatever the statement's kind (an upsert or REPLACE can update or
  // delete): counting more than was written only makes the cache forget more.
  assert.deepEqual(seen, [["audit", "children", "grandchildren", "parents"], ["other"]]);
  db.exec(`DELETE FROM other`);
  assert.deepEqual(seen.at(-1), [EVERY_TABLE]);
});

test("Quire's schema: a page written reaches no table a token's owner is read from", () => {
  const db = new Database(":memory:");
  for (const m of MIGRATIONS) db.exec(m);
  const catalog = new TableCatalog(db);
  const owner = catalog.named(`SELECT * FROM integrations i JOIN workspaces w ON w.id = i.workspace_id JOIN users u ON u.id = i.bot_id`);
  for (const write of [`UPDATE nodes SET data = ? WHERE workspace_id = ? AND id = ?`, `INSERT INTO search_docs (title) VALUES (?)`, `INSERT INTO comments (id) VALUES (?)`]) {
    const hit = sorted(catalog.written(write)).filter((t) => owner.has(t));
    assert.deepEqual(hit, [], write);
  }
  // The search index's triggers are followed.
  assert.ok(catalog.written(`DELETE FROM search_docs WHERE docid = ?`).has("search_fts"));
});
