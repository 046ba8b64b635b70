/**
 * Work that many nodes look for runs exactly once: queued background tasks (resumed and drained
 * by every node), expired uploads (swept by every node), tasks and imports of a node gone
 * (failed by whichever node notices) and the periodic sweeps' turns. Each
 * "node" is a store of its own with its own Deps, as a Quire process has; in the PostgreSQL pass
 * two stores share one fresh database (test/helpers/pg.ts), in the SQLite pass one store stands
 * for both (one process owns a SQLite file). The multi-process test is test/multi-node.test.ts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store, Tx } from "../src/storage/types.js";
import type { Deps } from "../src/domain/context.js";
import { FrozenClock } from "../src/domain/clock.js";
import { MemoryBlobStore } from "../src/storage/blobs.js";
import { openSqliteStore } from "../src/storage/sqlite.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { defineBackground, resumeBackground } from "../src/domain/async-tasks/background.js";
import { sweepExpiredUploads } from "../src/domain/files/sweep.js";
import { takeTurn } from "../src/domain/jobs.js";
import { failWorkOfNodesGone } from "../src/domain/orphans.js";
import { freshDatabase, TEST_STORE } from "./helpers/pg.js";
import { T0, comment, id, newWorkspace, sleep, task, upload, user } from "./store/fixtures.js";

const KIND = "test-exactly-once";
// The work leaves one comment per run on a parent named after its task: two runs, two comments.
defineBackground(KIND, async (tx, ctx, request) => {
  await sleep(2);
  await tx.comments.insert(comment(ctx.actor.workspace.id, String(request.mark)));
  return {};
});

/** Two nodes on one database, and how to close them. */
interface Pair {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

async function sqlitePair(): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), "quire-once-"));
  const store = openSqliteStore({ filename: join(dir, "q.db") });
  return { a: store, b: store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function postgresPair(): Promise<Pair> {
  const db = await freshDatabase();
  const a = await openPostgresStore({ url: db.url });
  const b = await openPostgresStore({ url: db.url });
  return { a, b, close: async () => (await a.close(), await b.close(), await db.drop()) };
}

/** A node's dependencies around its store (blobs shared: one blob store for the cluster). */
function node(store: Store, clock: FrozenClock, blobs: MemoryBlobStore): Deps {
  const files = { blobs, secret: "s", maxFileBytes: 1 << 20, allowPrivateUrls: false } as unknown as Deps["files"];
  return { store, clock, ids: id, publicUrl: () => "http://127.0.0.1", files };
}

/** A blob store that counts removals per upload. */
class CountingBlobs extends MemoryBlobStore {
  readonly removed = new Map<string, number>();
  override async removeAll(prefix: string) {
    this.removed.set(prefix, (this.removed.get(prefix) ?? 0) + 1);
    await super.removeAll(prefix);
  }
}

const backends: [string, () => Promise<Pair>][] = [TEST_STORE === "postgres" ? ["postgres", postgresPair] : ["sqlite", sqlitePair]];

for (const [name, open] of backends) {
  describe(`exactly once across nodes: ${name}`, () => {
    let pair: Pair;
    before(async () => {
      pair = await open();
    });
    after(async () => {
      await pair?.close();
    });

    test("queued background tasks drained by two nodes at once each run once", async () => {
      const ws = await newWorkspace(pair.a);
      const bot = user(ws, { type: "bot", integration_id: "integ" });
      const tasks = Array.from({ length: 24 }, (_, i) => task(ws, { integration_id: "integ", operation: `background:${KIND}`, request: { version: "2025-09-03", mark: id() }, created_time: T0 + i }));
      await pair.a.write(async (tx) => {
        await tx.insertUser(bot);
        await tx.insertIntegration({ workspace_id: ws, id: "integ", name: "I", token_hash: id(), bot_id: bot.id, capabilities: ["read_content", "insert_content", "update_content"], created_time: T0 });
        for (const t of tasks) await tx.tasks.insert(t);
      });
      const clock = new FrozenClock(T0);
      const blobs = new MemoryBlobStore();
      resumeBackground(node(pair.a, clock, blobs));
      resumeBackground(node(pair.b, clock, blobs));
      for (let i = 0; i < 400; i++) {
        const left = await pair.a.read(async (tx) => (await Promise.all(tasks.map((t) => tx.tasks.get(ws, t.id)))).filter((t) => t?.status === "queued").length);
        if (left === 0) break;
        await sleep(25);
      }
      await sleep(50); // a second run, if any, would land now
      await pair.b.read(async (tx) => {
        for (const t of tasks) {
          assert.equal((await tx.tasks.get(ws, t.id))?.status, "succeeded");
          const runs = await tx.comments.listOpen(ws, String(t.request.mark), null, 10);
          assert.equal(runs?.items.length, 1, `task ${t.id} ran ${runs?.items.length} times`);
        }
      });
    });

    test("expired uploads swept by two nodes at once are expired, and their bytes removed, once", async () => {
      const ws = await newWorkspace(pair.a);
      const blobs = new CountingBlobs();
      const uploads = Array.from({ length: 30 }, (_, i) => upload(ws, "bot", { expiry_time: T0 + 10 + i }));
      const attached = upload(ws, "bot", { expiry_time: T0 + 5, status: "uploaded" });
      await pair.a.write(async (tx) => {
        for (const u of [...uploads, attached]) await tx.files.insert(u);
      });
      for (const u of [...uploads, attached]) {
        const w = await blobs.writer(`${u.id}/content`);
        await w.write(Buffer.from("bytes"));
        await w.close();
      }
      const clock = new FrozenClock(T0 + 1000);
      // An attach committed by a request after a sweep read its candidates: left alone. The attach
      // is sequenced there (after node a's first read ends, before its write) rather than raced,
      // which let node a sometimes expire the upload first (then 31 expired, correctly).
      let attach: Promise<unknown> | undefined;
      let attachSent!: () => void;
      const sent = new Promise<void>((resolve) => (attachSent = resolve));
      const a: Store = {
        read: async <T>(fn: (tx: Tx) => Promise<T>) => {
          const result = await pair.a.read(fn);
          if (!attach) {
            attach = pair.b.write(async (tx) => tx.files.update({ ...attached, attached: true, expiry_time: null }));
            attachSent();
          }
          await attach;
          return result;
        },
        readOne: (fn) => pair.a.readOne(fn),
        write: (fn) => pair.a.write(fn),
        liveness: pair.a.liveness,
        close: async () => undefined,
      };
      const [na, nb] = await Promise.all([
        sweepExpiredUploads(node(a, clock, blobs), 7).then(async (n) => n + (await sweepExpiredUploads(node(pair.a, clock, blobs)))),
        sent.then(() => attach).then(() => sweepExpiredUploads(node(pair.b, clock, blobs))),
      ]);
      assert.equal(na + nb, uploads.length, `node a expired ${na}, node b ${nb}`);
      await pair.a.read(async (tx) => {
        for (const u of uploads) assert.equal((await tx.files.get(ws, u.id))?.status, "expired");
        const kept = await tx.files.get(ws, attached.id);
        assert.equal(kept?.status, "uploaded");
        assert.equal(kept?.attached, true);
      });
      for (const u of uploads) assert.equal(blobs.removed.get(u.id), 1, `upload ${u.id}'s blobs removed ${blobs.removed.get(u.id)} times`);
      assert.equal(blobs.removed.get(attached.id), undefined);
      assert.equal(await blobs.size(`${attached.id}/content`), 5);
    });

    test("tasks and imports of a node gone, noticed by two nodes at once, are failed once; a live node's are left alone", async () => {
      const ws = await newWorkspace(pair.a);
      const dead = id();
      const live = pair.b.liveness.node;
      const owners = [dead, null, live, dead];
      const tasks = owners.map((node, i) => task(ws, { node, created_time: T0 + i }));
      const imports = owners.map((node, i) => upload(ws, "bot", { mode: "external_url", external_url: "https://example.com/f", node, created_time: T0 + i }));
      await pair.a.write(async (tx) => {
        for (const t of tasks) await tx.tasks.insert(t);
        for (const u of imports) await tx.files.insert(u);
      });
      const blobs = new MemoryBlobStore();
      // Distinct clocks: what each node records shows which one failed what.
      const [ra, rb] = await Promise.all([
        failWorkOfNodesGone(node(pair.a, new FrozenClock(T0 + 1000), blobs)),
        failWorkOfNodesGone(node(pair.b, new FrozenClock(T0 + 2000), blobs)),
      ]);
      assert.equal(ra.tasks + rb.tasks, 3, `node a failed ${ra.tasks} tasks, node b ${rb.tasks}`);
      assert.equal(ra.imports + rb.imports, 3, `node a failed ${ra.imports} imports, node b ${rb.imports}`);
      await pair.a.read(async (tx) => {
        for (const [i, t] of tasks.entries()) {
          const got = (await tx.tasks.get(ws, t.id))!;
          if (owners[i] === live) assert.equal(got.status, "queued", "a live node's task is its own to finish");
          else assert.deepEqual([got.status, (got.error as { code: string }).code], ["failed", "internal_server_error"]);
        }
        for (const [i, u] of imports.entries()) {
          const got = (await tx.files.get(ws, u.id))!;
          if (owners[i] === live) assert.equal(got.status, "pending", "a live node's import is its own to finish");
          else assert.deepEqual([got.status, (got.import_result as { error: { code: string } }).error.code], ["failed", "download_failed"]);
        }
      });
    });

    test("a periodic job's turn is taken by one node per period", async () => {
      const job = `job-${id()}`;
      const every = 60_000;
      const at = async (ms: number) => Promise.all([takeTurn(pair.a, job, ms, every), takeTurn(pair.b, job, ms, every), takeTurn(pair.a, job, ms + 5, every)]);
      const first = await at(T0);
      assert.equal(first.filter(Boolean).length, 1, JSON.stringify(first));
      assert.deepEqual(await at(T0 + every / 2), [false, false, false]);
      assert.equal((await at(T0 + every)).filter(Boolean).length, 1);
    });
  });
}
