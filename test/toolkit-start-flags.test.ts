/**
 * Start flags and stored settings (docs/design/clock-rate-limits-faults.md, "Start flags and stored
 * settings"): `--clock` and `--rate-limit` given at start apply for that run only; a setting made
 * at run time through the control API is stored and holds at later starts until reset; a flag
 * given again wins for its run; on PostgreSQL a run-time change on one node replaces another
 * node's start flag.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestQuire } from "./helpers/quire.js";
import { freshDatabase } from "./helpers/pg.js";
import { onPostgres } from "./helpers/store.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FROZEN = "2026-06-27T12:00:00.000Z";
const LATER = "2030-01-02T03:04:00.000Z";

test("a start flag lasts its run; a run-time setting is stored until reset; a flag again wins for its run", async () => {
  const dir = mkdtempSync(join(tmpdir(), "quire-flags-"));
  dirs.push(dir);
  const start = (opts = {}) => startTestQuire({ memory: false, dataDir: dir, ...opts });
  const settings = async (q: Awaited<ReturnType<typeof start>>) => {
    const clock = (await q.admin("GET", "/_quire/v1/clock")).body;
    return { time: clock.system ? "system" : clock.time, frozen: clock.frozen, limit: (await q.admin("GET", "/_quire/v1/rate_limit")).body.limit };
  };

  let q = await start({ clockTime: Date.parse(FROZEN), rateLimit: { kind: "per_minute", n: 3 } });
  assert.deepEqual(await settings(q), { time: FROZEN, frozen: true, limit: "3/min" });
  await q.close();

  // Without the flags: the system's clock, no limit — nothing of the flagged run was stored.
  q = await start();
  assert.deepEqual(await settings(q), { time: "system", frozen: false, limit: "off" });
  await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "5/min" });
  await q.admin("PUT", "/_quire/v1/clock", { time: LATER });
  await q.close();

  // What was set at run time holds at the next start.
  q = await start();
  assert.deepEqual(await settings(q), { time: LATER, frozen: true, limit: "5/min" });
  await q.close();

  // A flag wins for its run over the stored setting; a run-time change in that run replaces it and is stored.
  q = await start({ rateLimit: { kind: "notion" } });
  assert.deepEqual(await settings(q), { time: LATER, frozen: true, limit: "notion" });
  await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "7/min" });
  assert.equal((await settings(q)).limit, "7/min");
  await q.admin("DELETE", "/_quire/v1/clock");
  await q.close();

  q = await start();
  assert.deepEqual(await settings(q), { time: "system", frozen: false, limit: "7/min" });
  // The stored limit acts: the eighth request in the window is refused.
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await q.raw("GET", "/v1/users/me")).status);
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 429]);
  await q.admin("PUT", "/_quire/v1/rate_limit", { limit: "off" });
  await q.close();
});

test("PostgreSQL: one node's start flag is its own; a run-time change on another node replaces it", { skip: onPostgres ? false : "PostgreSQL pass only: nodes share a database" }, async () => {
  const db = await freshDatabase();
  const a = await startTestQuire({ databaseUrl: db.url, rateLimit: { kind: "per_minute", n: 2 } });
  const b = await startTestQuire({ databaseUrl: db.url });
  const limitOf = async (q: typeof a) => (await q.admin("GET", "/_quire/v1/rate_limit")).body.limit;
  assert.equal(await limitOf(a), "2/min");
  assert.equal(await limitOf(b), "off", "a flag is not stored");
  await b.admin("PUT", "/_quire/v1/rate_limit", { limit: "4/min" });
  let seen = "";
  for (let i = 0; i < 40 && seen !== "4/min"; i++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await limitOf(a);
  }
  assert.equal(seen, "4/min", "node a follows the run-time change, its flag replaced");
  await b.close();
  await a.close();
  await db.drop();
});
