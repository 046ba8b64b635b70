/** SQLite migration 10 (default views of existing data sources), moved from test/views-queries.test.ts: it rewinds the SQLite file itself. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startTestQuire, rt } from "../helpers/quire.js";
import { MIGRATIONS } from "../../src/storage/sqlite-schema.js";

describe("view queries: SQLite migrations", () => {
  test("migration 10 gives each data source that existed before it a default table view", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-view-migration-"));
    try {
      let q = await startTestQuire({ memory: false, dataDir: dir });
      let notion = q.client();
      const made: any = await notion.databases.create({ parent: { page_id: q.rootPageId }, title: rt("Older"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
      const second: any = await notion.dataSources.create({ parent: { type: "database_id", database_id: made.id }, title: rt("Second"), properties: { Name: { title: {} } } } as any);
      await q.close();
      // Back to the schema before views (migration 10), templates (11), work's nodes (13) and people's roles (14): their tables and columns gone, user_version 9.
      const file = new Database(join(dir, "quire.db"));
      file.exec("DROP TABLE views; DROP TABLE view_queries; DROP TABLE view_query_results; DROP TABLE page_templates; DROP INDEX async_tasks_queued;");
      file.exec("ALTER TABLE async_tasks DROP COLUMN node; ALTER TABLE file_uploads DROP COLUMN node; ALTER TABLE users DROP COLUMN role;");
      file.pragma("user_version = 9");
      file.close();
      assert.equal(MIGRATIONS.length >= 10, true);

      q = await startTestQuire({ memory: false, dataDir: dir, token: q.token });
      notion = q.client();
      const ids = (await notion.views.list({ database_id: made.id })).results.map((r) => r.id);
      assert.equal(ids.length, 2);
      const views = await Promise.all(ids.map((id) => notion.views.retrieve({ view_id: id }) as Promise<any>));
      assert.deepEqual(views.map((v) => [v.name, v.type, v.data_source_id, v.configuration]), [
        ["Default view", "table", made.data_sources[0].id, { type: "table" }],
        ["Default view", "table", second.id, { type: "table" }],
      ]);
      for (const v of views) assert.match(v.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal((await notion.views.queries.create({ view_id: ids[0] })).total_count, 0);
      await q.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
