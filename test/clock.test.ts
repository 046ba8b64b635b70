/**
 * The controlled clock (issue 15; docs/design/clock-rate-limits-faults.md): frozen at start or at
 * run time, shifted, back to the system's; timestamps, relative date filters and upload expiry
 * follow it; a moved clock makes the expiry sweep act at once; bad settings get Notion-shaped
 * errors; on PostgreSQL a second node on the same database follows the first's setting.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire, rt } from "./helpers/quire.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres, queryOnStore } from "./helpers/store.js";
import { parseDuration } from "../src/domain/toolkit/settings.js";
import { clockRoute } from "../src/cli-clock.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FROZEN = "2026-06-27T12:00:00.000Z";
const DAY = 86_400_000;

describe("clock", () => {
  test("--clock freezes every timestamp at start; GET shows it", async () => {
    const q = await startTestQuire({ clockTime: Date.parse(FROZEN) });
    const clock = await q.admin("GET", "/_quire/v1/clock");
    assert.equal(clock.status, 200);
    assert.deepEqual(clock.body, { object: "clock", time: FROZEN, frozen: true, offset_ms: clock.body.offset_ms, system: false, request_id: clock.body.request_id });
    const page: any = await q.client().pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("Frozen") } } });
    assert.equal(page.created_time, "2026-06-27T12:00:00.000Z");
    assert.equal(page.last_edited_time, "2026-06-27T12:00:00.000Z");
    await q.close();
  });

  test("PUT moves the clock (time, offset, frozen), DELETE puts the system's back", async () => {
    const q = await startTestQuire();
    const notion = q.client();
    const set = await q.admin("PUT", "/_quire/v1/clock", { time: "2030-01-02T03:04:00Z" });
    assert.equal(set.status, 200);
    assert.equal(set.body.time, "2030-01-02T03:04:00.000Z");
    assert.equal(set.body.frozen, true);
    const a: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("A") } } });
    assert.equal(a.created_time, "2030-01-02T03:04:00.000Z");

    // Running on from a time: later than it, within the test's own duration.
    const running = await q.admin("PUT", "/_quire/v1/clock", { time: "2031-05-01T00:00:00Z", frozen: false });
    assert.equal(running.body.frozen, false);
    const b: any = await notion.pages.create({ parent: { page_id: q.rootPageId }, properties: { title: { title: rt("B") } } });
    const bt = Date.parse(b.created_time);
    assert.ok(bt >= Date.parse("2031-05-01T00:00:00Z") && bt < Date.parse("2031-05-01T00:05:00Z"), b.created_time);

    // An offset of three days back, as a duration.
    const back = await q.admin("PUT", "/_quire/v1/clock", { offset: "-3d" });
    assert.equal(back.body.offset_ms, -3 * DAY);
    assert.ok(Math.abs(Date.parse(back.body.time) - (Date.now() - 3 * DAY)) < 60_000);
    // Frozen where it is, then running on from there.
    const frozen = await q.admin("PUT", "/_quire/v1/clock", { frozen: true });
    assert.equal(frozen.body.frozen, true);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal((await q.admin("GET", "/_quire/v1/clock")).body.time, frozen.body.time);

    const reset = await q.admin("DELETE", "/_quire/v1/clock");
    assert.equal(reset.body.system, true);
    assert.ok(Math.abs(Date.parse(reset.body.time) - Date.now()) < 5_000);
    await q.close();
  });

  test("relative date filters follow the clock", async () => {
    const q = await startTestQuire({ clockTime: Date.parse(FROZEN) });
    const notion = q.client();
    const db: any = await notion.databases.create({ parent: { type: "page_id", page_id: q.rootPageId }, title: rt("Tasks"), initial_data_source: { properties: { Name: { title: {} } } } } as any);
    const ds = db.data_sources[0].id;
    await notion.pages.create({ parent: { data_source_id: ds } as any, properties: { Name: { title: rt("made at the frozen time") } } });
    const pastWeek = () => notion.dataSources.query({ data_source_id: ds, filter: { timestamp: "created_time", created_time: { past_week: {} } } as any });
    assert.equal((await pastWeek()).results.length, 1);
    await q.admin("PUT", "/_quire/v1/clock", { time: "2026-07-10T12:00:00Z" });
    assert.equal((await pastWeek()).results.length, 0, "13 days later the row is no longer in the past week");
    await q.close();
  });

  test("a moved clock expires pending uploads, and the sweep marks them at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-clock-"));
    dirs.push(dir);
    const q = await startTestQuire({ memory: false, dataDir: dir, clockTime: Date.parse(FROZEN) });
    const notion = q.client();
    const upload: any = await notion.fileUploads.create({ mode: "single_part", filename: "a.txt", content_type: "text/plain" } as any);
    assert.equal(upload.status, "pending");
    assert.equal(Date.parse(upload.expiry_time), Date.parse(FROZEN) + 3_600_000);
    await q.admin("PUT", "/_quire/v1/clock", { offset: "2h", frozen: true });
    // Stored as expired by the sweep the move started (not only shown so when read).
    let rows: { status: string }[] = [];
    for (let i = 0; i < 100; i++) {
      rows = await queryOnStore(dir, "SELECT status FROM file_uploads WHERE id = ?", [upload.id]);
      if (rows[0]?.status === "expired") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(rows[0]?.status, "expired");
    const read: any = await notion.fileUploads.retrieve({ file_upload_id: upload.id });
    assert.equal(read.status, "expired");
    await q.close();
  });

  test("bad settings: Notion-shaped 400s, nothing changed", async () => {
    const q = await startTestQuire();
    for (const body of [{}, { time: "yesterday" }, { offset: "3 days" }, { time: "2026-06-27T12:00:00Z", offset: 5 }, { frozen: "yes" }, { offset: 1.5 }]) {
      const res = await q.admin("PUT", "/_quire/v1/clock", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.object, "error");
      assert.equal(res.body.code, "validation_error");
      assert.match(res.body.message, /^body failed validation/);
    }
    assert.equal((await q.admin("GET", "/_quire/v1/clock")).body.system, true);
    const noKey = await fetch(q.url + "/_quire/v1/clock", { method: "DELETE" });
    assert.equal(noKey.status, 401);
    assert.equal((await noKey.json()).code, "unauthorized");
    await q.close();
  });

  test("quire clock and quire rate-limit: the requests they send", () => {
    assert.deepEqual(clockRoute("clock", undefined, undefined, {}), ["GET", "/_quire/v1/clock"]);
    assert.deepEqual(clockRoute("clock", "set", "2026-06-27T12:00:00Z", {}), ["PUT", "/_quire/v1/clock", { time: "2026-06-27T12:00:00Z", frozen: true }]);
    assert.deepEqual(clockRoute("clock", "set", "2026-06-27T12:00:00Z", { running: true }), ["PUT", "/_quire/v1/clock", { time: "2026-06-27T12:00:00Z", frozen: false }]);
    assert.deepEqual(clockRoute("clock", "set", undefined, { offset: "-3d" }), ["PUT", "/_quire/v1/clock", { offset: "-3d" }]);
    assert.deepEqual(clockRoute("clock", "set", undefined, { offset: "-5000" }), ["PUT", "/_quire/v1/clock", { offset: -5000 }]);
    assert.deepEqual(clockRoute("clock", "reset", undefined, {}), ["DELETE", "/_quire/v1/clock"]);
    assert.deepEqual(clockRoute("rate-limit", "set", "notion", {}), ["PUT", "/_quire/v1/rate_limit", { limit: "notion" }]);
    assert.throws(() => clockRoute("clock", "set", undefined, {}), /needs a time/);
    assert.equal(clockRoute("clock", "wind", undefined, {}), null);
    assert.equal(clockRoute("member", "list", undefined, {}), undefined);
  });

  test("durations", () => {
    assert.equal(parseDuration("-3d"), -3 * DAY);
    assert.equal(parseDuration("1h30m"), 5_400_000);
    assert.equal(parseDuration("2500"), 2500);
    assert.equal(parseDuration("+90s"), 90_000);
    assert.equal(typeof parseDuration("3 days"), "string");
    assert.equal(typeof parseDuration("99999w"), "string");
  });

  test("PostgreSQL: a second node follows the clock set on the first within a second or so", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
    const db = await freshDatabase();
    const a = await startTestQuire({ databaseUrl: db.url });
    const b = await startTestQuire({ databaseUrl: db.url });
    await a.admin("PUT", "/_quire/v1/clock", { time: FROZEN });
    let seen = "";
    for (let i = 0; i < 40 && seen !== FROZEN; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await b.admin("GET", "/_quire/v1/clock")).body.time;
    }
    assert.equal(seen, FROZEN);
    const page: any = await b.client().pages.create({ parent: { page_id: b.rootPageId }, properties: { title: { title: rt("on node b") } } });
    assert.equal(page.created_time, FROZEN);
    await b.close();
    await a.close();
    await db.drop();
  });
});
