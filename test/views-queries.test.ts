/**
 * View queries through the SDK (`notion.views.queries.*`): the view's filter, quick filters and
 * sorts evaluated against real rows (the same answer as a data source query), paging from the
 * cached ids, the 15-minute expiry on a frozen clock, idempotent delete, access; the cache as a
 * store (it survives a restart, expired rows are swept); migration 10's default views: test/sqlite/views-migration.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@notionhq/client";
import { startTestQuire, rt, type TestQuire } from "./helpers/quire.js";
import { queryOnStore } from "./helpers/store.js";
import { MISSING_ID, apiError } from "./helpers/api.js";
import { FrozenClock } from "../src/domain/clock.js";

const T0 = Date.parse("2026-07-04T09:10:53.847Z");
const MINUTE = 60_000;
const notFound = (kind: string, id: string, name = "Quire Dev") =>
  `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`;

/** Rows: [Name, Tag, N, Done]. */
const ROWS: [string, string, number, boolean][] = [
  ["alpha", "A", 5, true],
  ["bravo", "B", 3, false],
  ["charlie", "A", 1, false],
  ["delta", "A", 8, true],
  ["echo", "B", 8, true],
  ["foxtrot", "A", 3, true],
  ["golf", "B", 0, false],
];

describe("view queries", () => {
  let q: TestQuire;
  let notion: Client;
  const clock = new FrozenClock(T0);
  let db: string;
  let ds: string;
  const rowIds = new Map<string, string>();

  before(async () => {
    q = await startTestQuire({ clock });
    notion = q.client();
    const made: any = await notion.databases.create({
      parent: { page_id: q.rootPageId },
      title: rt("Rows"),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Tag: { select: { options: [{ name: "A" }, { name: "B" }] } },
          N: { number: {} },
          Done: { checkbox: {} },
          Double: { formula: { expression: 'prop("N") * 2' } },
        },
      },
    } as any);
    db = made.id;
    ds = made.data_sources[0].id;
    for (const [name, tag, n, done] of ROWS) {
      clock.advance(1000);
      const page = await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt(name) }, Tag: { select: { name: tag } }, N: { number: n }, Done: { checkbox: done } } } as any);
      rowIds.set(name, page.id);
    }
  });
  after(async () => q.close());

  const view = (body: Record<string, unknown>) => notion.views.create({ database_id: db, data_source_id: ds, name: "q", type: "table", ...body } as any) as Promise<any>;
  const names = (ids: string[]) => ids.map((id) => [...rowIds].find(([, v]) => v === id)?.[0] ?? id);
  /** Every result id of a query: its first page, then the results endpoint page by page. */
  async function allResults(viewId: string, pageSize: number): Promise<{ first: any; ids: string[] }> {
    const first: any = await notion.views.queries.create({ view_id: viewId, page_size: pageSize });
    const ids = first.results.map((r: any) => r.id);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = await notion.views.queries.results({ view_id: viewId, query_id: first.id, start_cursor: cursor, page_size: pageSize });
      ids.push(...page.results.map((r) => r.id));
      cursor = page.next_cursor;
    }
    return { first, ids };
  }
  /** The same question asked of the data source directly. */
  async function dataSourceIds(filter: unknown, sorts: unknown): Promise<string[]> {
    const res = await notion.dataSources.query({ data_source_id: ds, ...(filter ? { filter } : {}), ...(sorts ? { sorts } : {}) } as any);
    return res.results.map((r) => r.id);
  }

  describe("evaluation", () => {
    test("the default view answers every row, newest first as a data source query without sorts", async () => {
      const [defaultView] = (await notion.views.list({ database_id: db })).results;
      const { first, ids } = await allResults(defaultView.id, 3);
      assert.equal(first.total_count, ROWS.length);
      assert.deepEqual(names(ids), ROWS.map((r) => r[0]).reverse());
      assert.deepEqual(ids, await dataSourceIds(null, null));
    });

    test("filter, quick filters and sorts all apply, as a data source query with their conjunction", async () => {
      const filter = { or: [{ property: "N", number: { greater_than: 2 } }, { property: "Done", checkbox: { equals: false } }] };
      const sorts = [{ property: "N", direction: "descending" }, { property: "Name", direction: "ascending" }];
      const v = await view({ filter, sorts, quick_filters: { Tag: { select: { equals: "A" } } } });
      const { first, ids } = await allResults(v.id, 2);
      assert.deepEqual(names(ids), ["delta", "alpha", "foxtrot", "charlie"]);
      assert.equal(first.total_count, 4);
      assert.deepEqual(ids, await dataSourceIds({ and: [filter, { property: "Tag", select: { equals: "A" } }] }, sorts));
    });

    test("conditions on formulas (evaluated in memory) and timestamps, select by several names", async () => {
      const v = await view({
        filter: { and: [{ property: "Double", formula: { number: { greater_than_or_equal_to: 6 } } }, { timestamp: "created_time", created_time: { after: new Date(T0 + 1500).toISOString() } }] },
        quick_filters: { Tag: { select: { does_not_equal: ["B"] } } },
        sorts: [{ timestamp: "created_time", direction: "descending" }],
      });
      const { ids } = await allResults(v.id, 100);
      assert.deepEqual(names(ids), ["foxtrot", "delta"]);
    });

    test("an update changes what the next query answers", async () => {
      const v = await view({ filter: { property: "Done", checkbox: { equals: true } } });
      assert.equal((await allResults(v.id, 100)).ids.length, 4);
      await notion.views.update({ view_id: v.id, filter: null, quick_filters: { Tag: { select: { equals: "B" } } } } as any);
      assert.deepEqual(names((await allResults(v.id, 100)).ids), ["golf", "echo", "bravo"]);
    });

    test("rows in the trash are not results; a dashboard cannot be queried", async () => {
      const extra = await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt("trashed") }, Tag: { select: { name: "B" } } } } as any);
      await notion.pages.update({ page_id: extra.id, in_trash: true } as any);
      const v = await view({ quick_filters: { Tag: { select: { equals: "B" } } } });
      assert.equal((await allResults(v.id, 100)).ids.includes(extra.id), false);
      const dash = await view({ type: "dashboard", name: "Dash" });
      await assert.rejects(notion.views.queries.create({ view_id: dash.id }), apiError(400, "validation_error", `View ${dash.id} is a dashboard: query one of its widget views instead.`));
    });
  });

  describe("the cached results", () => {
    test("the recorded shape, the first page, and paging from the cache", async () => {
      const v = await view({ sorts: [{ property: "Name", direction: "ascending" }] });
      const first: any = await notion.views.queries.create({ view_id: v.id, page_size: 3 });
      assert.deepEqual(Object.keys(first), ["object", "id", "view_id", "expires_at", "total_count", "results", "next_cursor", "has_more", "request_id"]);
      assert.equal(first.object, "view_query");
      assert.equal(first.view_id, v.id);
      assert.equal(first.expires_at, new Date(clock.now() + 15 * MINUTE).toISOString().replace("Z", "+00:00"));
      assert.deepEqual(first.results[0], { object: "page", id: rowIds.get("alpha") });
      assert.equal(first.has_more, true);
      assert.equal(first.next_cursor, rowIds.get("delta"));
      const page: any = await notion.views.queries.results({ view_id: v.id, query_id: first.id, start_cursor: first.next_cursor, page_size: 3 });
      assert.deepEqual(Object.keys(page), ["object", "results", "next_cursor", "has_more", "type", "page", "request_id"]);
      assert.deepEqual(names(page.results.map((r: any) => r.id)), ["delta", "echo", "foxtrot"]);
      const whole: any = await notion.views.queries.results({ view_id: v.id, query_id: first.id });
      assert.equal(whole.results.length, ROWS.length);
      assert.equal(whole.has_more, false);
    });

    test("the results are a snapshot: rows added or edited later do not change them", async () => {
      const v = await view({ quick_filters: { Tag: { select: { equals: "A" } } } });
      const first: any = await notion.views.queries.create({ view_id: v.id });
      const added = await notion.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: rt("late") }, Tag: { select: { name: "A" } } } } as any);
      await notion.pages.update({ page_id: rowIds.get("alpha")!, properties: { Tag: { select: { name: "B" } } } } as any);
      try {
        const cached = await notion.views.queries.results({ view_id: v.id, query_id: first.id });
        assert.deepEqual(cached.results.map((r) => r.id), first.results.map((r: any) => r.id));
        const fresh: any = await notion.views.queries.create({ view_id: v.id });
        assert.ok(fresh.results.some((r: any) => r.id === added.id));
        assert.ok(!fresh.results.some((r: any) => r.id === rowIds.get("alpha")));
      } finally {
        await notion.pages.update({ page_id: rowIds.get("alpha")!, properties: { Tag: { select: { name: "A" } } } } as any);
        await notion.pages.update({ page_id: added.id, in_trash: true } as any);
      }
    });

    test("cursors and page sizes are checked", async () => {
      const v = await view({});
      const first: any = await notion.views.queries.create({ view_id: v.id, page_size: 2 });
      await assert.rejects(notion.views.queries.results({ view_id: v.id, query_id: first.id, start_cursor: MISSING_ID }), apiError(400, "validation_error", `The start_cursor provided is invalid: ${MISSING_ID}`));
      await assert.rejects(notion.views.queries.results({ view_id: v.id, query_id: first.id, start_cursor: "abc" }), apiError(400, "validation_error", "query failed validation: query.start_cursor should be a valid uuid or `undefined`, instead was `\"abc\"`."));
      await assert.rejects(notion.views.queries.create({ view_id: v.id, page_size: 0 }), apiError(400, "validation_error", "body failed validation: body.page_size should be ≥ `1` or `undefined`, instead was `0`."));
      await assert.rejects(notion.views.queries.create({ view_id: v.id, page_size: 101 }), apiError(400, "validation_error", "body failed validation: body.page_size should be ≤ `100` or `undefined`, instead was `101`."));
    });

    test("a query expires 15 minutes after it was made (404), by the injected clock", async () => {
      const v = await view({});
      const first: any = await notion.views.queries.create({ view_id: v.id, page_size: 1 });
      clock.advance(15 * MINUTE - 1);
      assert.equal((await notion.views.queries.results({ view_id: v.id, query_id: first.id })).results.length, ROWS.length);
      clock.advance(1);
      await assert.rejects(notion.views.queries.results({ view_id: v.id, query_id: first.id }), apiError(404, "object_not_found", notFound("view_query", first.id)));
      // Deleting an expired query still succeeds (idempotent).
      assert.deepEqual({ ...(await notion.views.queries.delete({ view_id: v.id, query_id: first.id })), request_id: null }, { object: "view_query", id: first.id, deleted: true, request_id: null });
    });

    test("delete is idempotent; a deleted query is a 404", async () => {
      const v = await view({});
      const first: any = await notion.views.queries.create({ view_id: v.id });
      const gone = await notion.views.queries.delete({ view_id: v.id, query_id: first.id });
      assert.deepEqual(Object.keys(gone), ["object", "id", "deleted", "request_id"]);
      assert.deepEqual([gone.object, gone.id, gone.deleted], ["view_query", first.id, true]);
      assert.equal((await notion.views.queries.delete({ view_id: v.id, query_id: first.id })).deleted, true);
      assert.equal((await notion.views.queries.delete({ view_id: v.id, query_id: MISSING_ID })).deleted, true);
      await assert.rejects(notion.views.queries.results({ view_id: v.id, query_id: first.id }), apiError(404, "object_not_found"));
    });

    test("a query belongs to its view and to the integration that ran it", async () => {
      const v = await view({});
      const w = await view({ name: "other" });
      const first: any = await notion.views.queries.create({ view_id: v.id });
      await assert.rejects(notion.views.queries.results({ view_id: w.id, query_id: first.id }), apiError(404, "object_not_found", notFound("view_query", first.id)));
      const friend = await q.integration("Friend", undefined, [db]);
      const other = q.client({ auth: friend.token });
      await assert.rejects(other.views.queries.results({ view_id: v.id, query_id: first.id }), apiError(404, "object_not_found", notFound("view_query", first.id, "Friend")));
      await other.views.queries.delete({ view_id: v.id, query_id: first.id });
      assert.equal((await notion.views.queries.results({ view_id: v.id, query_id: first.id })).results.length, ROWS.length);
      const stranger = await q.integration("Stranger");
      await assert.rejects(q.client({ auth: stranger.token }).views.queries.results({ view_id: v.id, query_id: first.id }), apiError(404, "object_not_found", notFound("view", v.id, "Stranger")));
      await notion.views.delete({ view_id: v.id });
      await assert.rejects(notion.views.queries.results({ view_id: v.id, query_id: first.id }), apiError(404, "object_not_found", notFound("view", v.id)));
    });
  });
});

describe("view queries on disk", () => {
  test("cached results survive a restart; expired ones are swept when the next query is made", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-view-queries-"));
    const clock = new FrozenClock(T0);
    try {
      let q = await startTestQuire({ memory: false, dataDir: dir, clock });
      let notion = q.client();
      const made: any = await notion.databases.create({ parent: { page_id: q.rootPageId }, title: rt("Kept"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
      for (const name of ["one", "two", "three"]) await notion.pages.create({ parent: { data_source_id: made.data_sources[0].id }, properties: { Name: { title: rt(name) } } } as any);
      const [v] = (await notion.views.list({ database_id: made.id })).results;
      const first: any = await notion.views.queries.create({ view_id: v.id, page_size: 1 });
      await q.close();

      q = await startTestQuire({ memory: false, dataDir: dir, clock, token: q.token });
      notion = q.client();
      const page = await notion.views.queries.results({ view_id: v.id, query_id: first.id, start_cursor: first.next_cursor });
      assert.equal(page.results.length, 2);
      clock.advance(15 * MINUTE);
      const second: any = await notion.views.queries.create({ view_id: v.id });
      await q.close();

      assert.deepEqual(await queryOnStore(dir, "SELECT id FROM view_queries"), [{ id: second.id }]);
      assert.deepEqual(await queryOnStore(dir, "SELECT DISTINCT query_id FROM view_query_results"), [{ query_id: second.id }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

});
