/**
 * The views, templates and meeting-notes ports through the Store interface, on the store of this
 * pass (SQLite, or PostgreSQL with QUIRE_TEST_STORE=postgres): both adapters must answer the
 * same — orders, paging, sweeps, template rows leaving queries — and keep workspaces apart.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { ViewRow } from "../src/storage/views.js";
import { USER, WS, openQueryDb, pageRow, prop, rt, uid, type QueryDb } from "./helpers/query-db.js";

const OTHER_WS = "00000000-0000-4000-8000-00000000bbbb";
let q: QueryDb;
before(async () => { q = await openQueryDb(); });
after(() => q.close());

const view = (over: Partial<ViewRow>): ViewRow => ({
  workspace_id: WS, id: uid(), database_id: "db-1", data_source_id: "ds-1", dashboard_view_id: null, type: "table", name: "V",
  position: 0, filter: null, sorts: null, quick_filters: null, configuration: { type: "table" },
  created_time: 1, created_by: USER, last_edited_time: 1, last_edited_by: USER, ...over,
});

test("views: stored, listed in tab order, updated and deleted with their queries", async () => {
  const a = view({ position: 2, name: "a", filter: { property: "p", checkbox: { equals: true } }, sorts: [{ property: "p", direction: "ascending" }] });
  const b = view({ position: 1, name: "b", quick_filters: { p: { checkbox: { equals: false } } } });
  const c = view({ position: 1, name: "c", created_time: 0, database_id: "db-2" });
  const foreign = view({ workspace_id: OTHER_WS, id: a.id, position: 0, name: "other workspace" });
  await q.store.write(async (tx) => { for (const v of [a, b, c, foreign]) await tx.views.insert(v); });
  await q.store.read(async (tx) => {
    assert.deepEqual(await tx.views.get(WS, a.id), a);
    assert.deepEqual((await tx.views.listByDatabase(WS, "db-1")).map((v) => v.name), ["b", "a"]);
    assert.deepEqual((await tx.views.listByDataSource(WS, "ds-1")).map((v) => v.name), ["b", "a", "c"]);
    assert.equal((await tx.views.get(OTHER_WS, a.id))!.name, "other workspace");
    assert.equal(await tx.views.get(WS, "nope"), null);
  });
  await q.store.write(async (tx) => {
    await tx.views.update({ ...a, name: "a2", position: 0, filter: null, data_source_id: null, last_edited_time: 5, created_time: 99 });
    await tx.views.insertQuery({ workspace_id: WS, id: "vq-a", view_id: a.id, integration_id: "i", created_time: 1, expires_at: 100, total_count: 3, capped: false }, ["p1", "p2", "p3"]);
  });
  await q.store.read(async (tx) => {
    const got = await tx.views.get(WS, a.id);
    assert.deepEqual(got, { ...a, name: "a2", position: 0, filter: null, data_source_id: null, last_edited_time: 5 });
    assert.deepEqual((await tx.views.listByDatabase(WS, "db-1")).map((v) => v.name), ["a2", "b"]);
  });
  assert.equal(await q.store.write((tx) => tx.views.delete(WS, a.id)), true);
  await q.store.read(async (tx) => {
    assert.equal(await tx.views.getQuery(WS, "vq-a"), null);
    assert.equal(await tx.views.queryResults(WS, "vq-a", null, 10).then((p) => p!.items.length), 0);
    assert.equal((await tx.views.get(OTHER_WS, a.id))!.name, "other workspace");
  });
  assert.equal(await q.store.write((tx) => tx.views.delete(WS, a.id)), false);
});

test("view queries: results in order, paged from a page id, swept when expired", async () => {
  const ids = Array.from({ length: 25 }, (_, i) => `page-${String(i).padStart(2, "0")}`).reverse();
  const row = { workspace_id: WS, view_id: "v", integration_id: "i", created_time: 1, total_count: 25, capped: true };
  await q.store.write(async (tx) => {
    await tx.views.insertQuery({ ...row, id: "vq-1", expires_at: 100 }, ids);
    await tx.views.insertQuery({ ...row, id: "vq-2", expires_at: 200 }, ids.slice(0, 3));
    await tx.views.insertQuery({ ...row, workspace_id: OTHER_WS, id: "vq-3", expires_at: 50 }, []);
  });
  await q.store.read(async (tx) => {
    assert.deepEqual(await tx.views.getQuery(WS, "vq-1"), { ...row, id: "vq-1", expires_at: 100 });
    const first = await tx.views.queryResults(WS, "vq-1", null, 10);
    assert.deepEqual(first, { items: ids.slice(0, 10), next: ids[10] });
    assert.deepEqual(await tx.views.queryResults(WS, "vq-1", first!.next, 10), { items: ids.slice(10, 20), next: ids[20] });
    assert.deepEqual(await tx.views.queryResults(WS, "vq-1", ids[20], 10), { items: ids.slice(20), next: null });
    assert.equal(await tx.views.queryResults(WS, "vq-1", "not-a-result", 10), null);
    assert.equal(await tx.views.queryResults(OTHER_WS, "vq-1", ids[0], 10), null);
  });
  assert.equal(await q.store.write((tx) => tx.views.sweepQueries(100)), 2);
  await q.store.read(async (tx) => {
    assert.equal(await tx.views.getQuery(WS, "vq-1"), null);
    assert.equal(await tx.views.getQuery(OTHER_WS, "vq-3"), null);
    assert.deepEqual((await tx.views.queryResults(WS, "vq-2", null, 10))!.items, ids.slice(0, 3));
  });
  assert.equal(await q.store.write((tx) => tx.views.sweepQueries(100)), 0);
  assert.equal(await q.store.write((tx) => tx.views.deleteQuery(WS, "vq-2")), true);
  assert.equal(await q.store.write((tx) => tx.views.deleteQuery(WS, "vq-2")), false);
});

test("templates: marked in order, default changed in place, out of the rows and back", async () => {
  const schema = [prop("title", "Name", "title")];
  const { id: ds, rows } = await q.insert(schema, (dsId) => Array.from({ length: 6 }, (_, i) => pageRow(dsId, schema, { id: uid(), properties: { title: rt(`r${i}`) }, created_time: 1000 + i })));
  const [t1, t2] = [rows[4].id, rows[1].id];
  const query = { filter: null, sorts: [], trashed: false, offset: 0, limit: 100 };
  await q.store.write(async (tx) => {
    await tx.templates.put({ workspace_id: WS, data_source_id: ds, page_id: t1, is_default: false, created_time: 10 });
    await tx.templates.put({ workspace_id: WS, data_source_id: ds, page_id: t2, is_default: true, created_time: 20 });
    await tx.templates.put({ workspace_id: WS, data_source_id: ds, page_id: t1, is_default: true, created_time: 30 });
  });
  await q.store.read(async (tx) => {
    assert.deepEqual((await tx.templates.list(WS, ds)).map((t) => [t.page_id, t.is_default, t.created_time]), [[t1, true, 10], [t2, true, 20]]);
    assert.deepEqual(await tx.templates.get(WS, t2), { workspace_id: WS, data_source_id: ds, page_id: t2, is_default: true, created_time: 20 });
    assert.equal(await tx.templates.get(WS, rows[0].id), null);
    assert.deepEqual((await tx.templates.among(WS, [rows[0].id, t2, t1])).sort(), [t1, t2].sort());
    assert.deepEqual(await tx.templates.among(OTHER_WS, [t1]), []);
    const rowIds = rows.map((r) => r.id).filter((id) => id !== t1 && id !== t2).reverse();
    assert.deepEqual(await tx.queryRowIds(WS, ds, query, null), rowIds);
    assert.deepEqual((await tx.allRows(WS, ds, false)).map((r) => r.id).sort(), [...rowIds].sort());
    assert.deepEqual(await tx.rowsAmong(WS, ds, [t1, rows[0].id]), [rows[0].id]);
  });
  assert.equal(await q.store.write((tx) => tx.templates.remove(WS, t1)), true);
  assert.equal(await q.store.write((tx) => tx.templates.remove(WS, t1)), false);
  await q.store.read(async (tx) => {
    assert.deepEqual(await tx.queryRowIds(WS, ds, query, null), rows.map((r) => r.id).filter((id) => id !== t2).reverse());
    assert.deepEqual(await tx.rowsAmong(WS, ds, [t1]), [t1]);
  });
});

test("meeting notes: attendees replaced, notes found by attendee, workspaces apart", async () => {
  await q.store.write(async (tx) => {
    await tx.meetingNotes.setAttendees(WS, "mn-1", ["u1", "u2", "u2"]);
    await tx.meetingNotes.setAttendees(WS, "mn-2", ["u2"]);
    await tx.meetingNotes.setAttendees(OTHER_WS, "mn-3", ["u2"]);
    await tx.meetingNotes.setAttendees(WS, "mn-1", ["u3", "u2"]);
  });
  await q.store.read(async (tx) => {
    assert.deepEqual((await tx.meetingNotes.attendedBy(WS, "u2")).sort(), ["mn-1", "mn-2"]);
    assert.deepEqual(await tx.meetingNotes.attendedBy(WS, "u1"), []);
    assert.deepEqual(await tx.meetingNotes.attendedBy(WS, "u3"), ["mn-1"]);
    assert.deepEqual(await tx.meetingNotes.attendedBy(OTHER_WS, "u2"), ["mn-3"]);
  });
  await q.store.write((tx) => tx.meetingNotes.setAttendees(WS, "mn-1", []));
  assert.deepEqual(await q.store.read((tx) => tx.meetingNotes.attendedBy(WS, "u3")), []);
});
