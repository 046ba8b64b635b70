/**
 * What keeps PostgreSQL's query units free of rare slow ones (docs/PERFORMANCE.md, "PostgreSQL's
 * p99 (issue 11, branch h11-pgp99)"): pooled connections stay open between bursts (a new one is
 * a cold backend), and a planner row count that aged by time is taken again in the background,
 * not in the unit that needs it. The settings and their behaviour, not timings. PostgreSQL pass only.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { POOL_IDLE_MS } from "../src/storage/postgres/pool.js";
import { PgRowsState, type Background } from "../src/storage/postgres/rows.js";
import { PgSession } from "../src/storage/postgres/session.js";
import type { NodeRow } from "../src/storage/types.js";
import { meterStatements, newMeter } from "../src/storage/meter.js";
import { parseFilter, parseSorts } from "../src/query/index.js";
import type { RowQuery } from "../src/storage/types.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

const skip = onPostgres ? false : "PostgreSQL pass only (npm test runs it there)";
const WS = "33333333-3333-4333-8333-333333333333";

function row(id: string): NodeRow {
  return {
    workspace_id: WS, id, type: "page", parent_type: "data_source_id", parent_id: "ds", position: 1, data: {}, properties: { title: [] },
    icon: null, cover: null, in_trash: false, is_locked: false, is_archived: false,
    created_time: 1, created_by: "u1", last_edited_time: 1, last_edited_by: "u1",
  };
}

/** Quire's connections to the database right now (the pool's and the node's liveness lock). */
async function quireConnections(admin: pg.Client): Promise<number> {
  const r = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'quire'`);
  return r.rows[0].n;
}

describe("PostgreSQL pool and row counts", { skip }, () => {
  test("pooled connections stay open between bursts by default (5 min); the option shortens it", async () => {
    assert.equal(POOL_IDLE_MS, 300_000);
    const db = await freshDatabase();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const kept = await openPostgresStore({ url: db.url });
    const closing = await openPostgresStore({ url: db.url, idleTimeoutMs: 100 });
    try {
      await Promise.all([kept, closing].map((s) => s.read((tx) => tx.getMeta("nothing"))));
      // Each store: one pooled connection and its liveness lock's.
      assert.equal(await quireConnections(admin), 4);
      await new Promise((r) => setTimeout(r, 800));
      // The shortened pool closed its idle connection; the default one still holds its own.
      assert.equal(await quireConnections(admin), 3);
    } finally {
      await kept.close();
      await closing.close();
      await admin.end();
      await db.drop();
    }
  });

  test("a row count older than its age is answered as remembered and taken again in the background; this process's writes recount in the unit", async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore({ url: db.url });
    const pool = new pg.Pool({ connectionString: db.url });
    const client = await pool.connect();
    try {
      await store.write(async (tx) => {
        await tx.insertWorkspace({ id: WS, name: "W", created_time: 1, time_zone: "UTC" });
        await tx.insertNodes(["r1", "r2", "r3"].map(row));
      });
      const s = new PgSession(client, false);
      const state = new PgRowsState(undefined, 0); // every count is old at once
      let recounts: Promise<unknown>[] = [];
      const background: Background = (fn) => {
        const p = (async () => {
          const c = await pool.connect();
          try {
            return await fn(new PgSession(c, false, true));
          } finally {
            c.release();
          }
        })();
        recounts.push(p);
        return p;
      };
      // Without a background runner (a Tx built alone), an old count is taken in the unit.
      assert.equal(await state.rowCount(s, WS, "ds"), 3);
      await store.write((tx) => tx.insertNodes([row("r4")])); // another node's write
      assert.equal(await state.rowCount(s, WS, "ds"), 4);
      state.background = background;
      await store.write((tx) => tx.insertNodes([row("r5")]));
      // Answered from memory; counted again on a unit of its own.
      assert.equal(await state.rowCount(s, WS, "ds"), 4);
      assert.equal(recounts.length, 1);
      await Promise.all(recounts);
      recounts = [];
      // No second count starts while one is running; the new count is used once it is in.
      await store.write((tx) => tx.insertNodes([row("r6")]));
      assert.equal(await state.rowCount(s, WS, "ds"), 5);
      assert.equal(await state.rowCount(s, WS, "ds"), 5);
      assert.equal(recounts.length, 1);
      await Promise.all(recounts);
      recounts = [];
      // 1,000 writes by this process: the next unit counts (as on SQLite), not the background.
      await store.write((tx) => tx.insertNodes([row("r7")]));
      state.wrote(1000);
      assert.equal(await state.rowCount(s, WS, "ds"), 7);
      assert.equal(recounts.length, 0);
    } finally {
      client.release();
      await pool.end();
      await store.close();
      await db.drop();
    }
  });

  test("the store counts again on a unit of its own: not among the request's statements, the same rows answered", async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore({ url: db.url, rowCountAgeMs: 0 });
    try {
      await store.write(async (tx) => {
        await tx.insertWorkspace({ id: WS, name: "W", created_time: 1, time_zone: "UTC" });
        await tx.insertNodes(["r1", "r2", "r3"].map(row));
      });
      const q = { filter: parseFilter(undefined, [], { now: Date.now() }), sorts: parseSorts(undefined, [], { path: "body.sorts" }), trashed: false, offset: 0, limit: 10 } as RowQuery;
      const ask = async () => {
        const meter = newMeter();
        const rows = await meterStatements(meter, () => store.read((tx) => tx.queryRows(WS, "ds", q, null)));
        return { ids: rows!.map((r) => r.id).sort(), meter };
      };
      const first = await ask(); // no count yet: taken in the unit
      const second = await ask(); // old at once: answered from memory, counted in the background
      await store.close(); // waits for the background count; a statement of it on the request's meter would show now
      assert.deepEqual(first.ids, ["r1", "r2", "r3"]);
      assert.deepEqual(second.ids, first.ids);
      assert.equal(second.meter.statements, first.meter.statements - 1);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
