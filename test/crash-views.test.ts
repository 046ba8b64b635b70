/**
 * Crash safety of views: the real CLI server in a child process, a burst of concurrent view
 * writes (create in the tab bar and as dashboard widgets, update, delete) and view queries
 * through the real SDK, `kill -9` in the middle of it, a restart on the same data directory.
 * Every acknowledged write is there whole (a widget in its dashboard's rows, a deleted view gone
 * with its queries), every acknowledged query still pages through its ids, and in-flight
 * writes are all or nothing (no widget without its row, no row without its widget).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@notionhq/client";
import { startServerProcess } from "./helpers/child.js";

const TOKEN = "crash-views-token-01";
const KILL_AFTER = 40;

test("kill -9 mid-burst: views, dashboard widgets and view queries keep every acknowledged write", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-crash-views-"));
  try {
    let server = await startServerProcess(["--port", "0", "--data", dir, "--token", TOKEN, "--quiet"]);
    let notion = new Client({ auth: TOKEN, baseUrl: server.url, retry: false } as ConstructorParameters<typeof Client>[0]);
    const root = /Start page:\s+(\S+)/.exec(server.output())![1];
    const db: any = await notion.databases.create({ parent: { page_id: root }, title: [{ text: { content: "Crash" } }], initial_data_source: { properties: { Name: { title: {} }, N: { number: {} } } } } as any);
    const ds = db.data_sources[0].id;
    for (let i = 0; i < 5; i++) await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: [{ text: { content: `r${i}` } }] }, N: { number: i } } } as any);
    const dash: any = await notion.views.create({ database_id: db.id, data_source_id: ds, name: "Dash", type: "dashboard" } as any);

    const created = new Map<string, { name: string; widget: boolean }>();
    const deleted = new Set<string>();
    const queries = new Map<string, { view: string; ids: string[] }>();
    let acked = 0;
    let killed = false;
    const ack = () => {
      if (++acked === KILL_AFTER) {
        killed = true;
        server.child.kill("SIGKILL");
      }
    };
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const widget = i % 3 === 1;
          const name = `w${w}-${i}`;
          const body = widget
            ? { view_id: dash.id, data_source_id: ds, name, type: "table", placement: { type: "new_row" } }
            : { database_id: db.id, data_source_id: ds, name, type: "table", filter: { property: "N", number: { greater_than: w % 3 } } };
          const view: any = await notion.views.create(body as any);
          created.set(view.id, { name, widget });
          ack();
          const renamed = `${name}-renamed`;
          await notion.views.update({ view_id: view.id, name: renamed });
          created.set(view.id, { name: renamed, widget });
          ack();
          const query: any = await notion.views.queries.create({ view_id: view.id, page_size: 1 });
          queries.set(query.id, { view: view.id, ids: [] });
          ack();
          if (i % 4 === 3) {
            await notion.views.delete({ view_id: view.id });
            deleted.add(view.id);
            ack();
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
    await server.stop("SIGKILL");

    server = await startServerProcess(["--port", "0", "--data", dir, "--token", TOKEN, "--quiet"]);
    notion = new Client({ auth: TOKEN, baseUrl: server.url, retry: false } as ConstructorParameters<typeof Client>[0]);
    try {
      const listed = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await notion.views.list({ database_id: db.id, start_cursor: cursor });
        page.results.forEach((r) => listed.add(r.id));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      for (const [id, { name }] of created) {
        if (deleted.has(id)) {
          assert.equal(listed.has(id), false, `deleted view ${id} is listed`);
          continue;
        }
        const view: any = await notion.views.retrieve({ view_id: id });
        // The rename may have been in flight: either name, never anything else.
        assert.ok(view.name === name || view.name === `${name}-renamed`, `${view.name} vs ${name}`);
        assert.ok(listed.has(id));
      }
      // Every widget in the dashboard's rows exists, and every widget view is in a row.
      const rows = ((await notion.views.retrieve({ view_id: dash.id })) as any).configuration.rows;
      const inRows = new Set<string>(rows.flatMap((r: any) => r.widgets.map((w: any) => w.view_id)));
      for (const id of inRows) assert.ok(listed.has(id), `row widget ${id} has no view`);
      for (const id of listed) {
        const view: any = await notion.views.retrieve({ view_id: id });
        if (view.dashboard_view_id) assert.ok(inRows.has(id), `widget ${id} is in no row`);
      }
      for (const [id, { view }] of queries) {
        if (deleted.has(view)) continue;
        const res = await notion.views.queries.results({ view_id: view, query_id: id });
        assert.ok(res.results.length >= 1, `query ${id} lost its ids`);
      }
      assert.ok(acked >= KILL_AFTER);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
