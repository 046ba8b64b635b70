/** SQLite migration 7 (the title search index) over nodes stored before it (moved from test/search.test.ts: it builds the SQLite file itself). */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "../../src/storage/sqlite-schema.js";
import { openSqliteStore } from "../../src/storage/sqlite.js";

describe("migration 7", () => {
  test("indexes the pages, databases and data sources already stored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-search-migration-"));
    try {
      const file = join(dir, "quire.db");
      const db = new Database(file);
      for (let v = 0; v < 6; v++) db.exec(MIGRATIONS[v]);
      db.pragma("user_version = 6");
      const node = (id: string, type: string, parent: string | null, data: unknown, properties: unknown, trash = 0) =>
        db
          .prepare(
            `INSERT INTO nodes (workspace_id, id, type, parent_type, parent_id, position, data, properties, in_trash, created_time, created_by, last_edited_time, last_edited_by)
             VALUES ('w', ?, ?, ?, ?, 1, ?, ?, ?, 1, 'u', ?, 'u')`,
          )
          .run(id, type, parent ? "page_id" : "workspace", parent, JSON.stringify(data), properties === null ? null : JSON.stringify(properties), trash, id.length);
      const text = (s: string) => ({ type: "text", text: { content: s, link: null }, plain_text: s, href: null });
      node("p1", "page", null, {}, { title: [text("Old "), text("harbour")] });
      node("b1", "paragraph", "p1", { rich_text: [text("harbour")] }, null);
      node("d1", "database", "p1", { title: [text("Harbour fleet")], description: [], is_inline: false }, null);
      node("s1", "data_source", "d1", { title: [text("Harbour boats")], properties: [] }, null, 1);
      node("p2", "page", "p1", {}, { title: [] });
      node("p3", "page", "p1", {}, { title: "not rich text" });
      // Indexed by migration 7 with the mentioned page's title; indexed again without it at start.
      node("p4", "page", "p1", {}, { title: [text("Voyage "), { type: "mention", mention: { type: "page", page: { id: "p1" } }, plain_text: "Old harbour", href: null }] });
      db.close();
      const store = openSqliteStore({ filename: file });
      try {
        const found = await store.read((tx) =>
          tx.search.candidates("w", { text: "harbour", kinds: ["page", "database"], order: "relevance", untrashedOnly: false, from: null, within: null, limit: 10 }),
        );
        assert.deepEqual(found.map((h) => [h.id, h.kind]), [["d1", "database"], ["p1", "page"]]);
        const sources = await store.read((tx) =>
          tx.search.candidates("w", { text: null, kinds: ["data_source"], order: "edited_descending", untrashedOnly: false, from: null, within: null, limit: 10 }),
        );
        assert.deepEqual(sources.map((h) => [h.id, h.in_trash]), [["s1", true]]);
        const all = await store.read((tx) =>
          tx.search.candidates("w", { text: null, kinds: ["page"], order: "edited_ascending", untrashedOnly: true, from: null, within: null, limit: 10 }),
        );
        assert.deepEqual(all.map((h) => h.id), ["p1", "p2", "p3", "p4"]);
        const voyage = await store.read((tx) =>
          tx.search.candidates("w", { text: "voyage", kinds: ["page"], order: "relevance", untrashedOnly: false, from: null, within: null, limit: 10 }),
        );
        assert.deepEqual(voyage.map((h) => h.id), ["p4"]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
