/**
 * The blob store (src/storage/blobs.ts) against each implementation — disk, memory, PostgreSQL
 * (chunked bytea, src/storage/postgres/blobs.ts) — through the one interface: streaming in and
 * out across chunk boundaries, ranges, renames and replacement, concatenation, removal, listing;
 * and, on PostgreSQL, what one node's listing leaves out of another's while it runs.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from "../src/storage/blobs.js";
import { BLOB_CHUNK_BYTES, PgBlobStore } from "../src/storage/postgres/blobs.js";
import { openPostgresStore } from "../src/storage/postgres/index.js";
import { freshDatabase, TEST_STORE } from "./helpers/pg.js";

async function bytes(store: BlobStore, key: string, range?: { start: number; end: number }): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of store.read(key, range)) out.push(c as Buffer);
  return Buffer.concat(out);
}

async function put(store: BlobStore, key: string, data: Buffer, piece = 100_000): Promise<void> {
  const w = await store.writer(key);
  for (let i = 0; i < data.length; i += piece) await w.write(data.subarray(i, i + piece));
  await w.close();
}

interface Opened {
  store: BlobStore;
  close(): Promise<void>;
}

function blobCases(name: string, open: () => Promise<Opened>): void {
  describe(`blob store: ${name}`, () => {
    let o: Opened;
    before(async () => (o = await open()));
    after(async () => o?.close());

    test("streams in and out whole, across chunk boundaries, and by ranges", async () => {
      const data = randomBytes(BLOB_CHUNK_BYTES * 2 + 1234);
      const w = await o.store.writer("u1/incoming-a");
      await w.write(data.subarray(0, 70_000));
      assert.equal(await o.store.size("u1/content"), null);
      for (let i = 70_000; i < data.length; i += 123_457) await w.write(data.subarray(i, i + 123_457));
      await w.close();
      await o.store.rename("u1/incoming-a", "u1/content");
      assert.equal(await o.store.size("u1/incoming-a"), null);
      assert.equal(await o.store.size("u1/content"), data.length);
      assert.ok((await bytes(o.store, "u1/content")).equals(data));
      for (const [s, e] of [[0, 0], [5, 300_000], [BLOB_CHUNK_BYTES - 1, BLOB_CHUNK_BYTES], [data.length - 10, data.length - 1], [100, 100 + BLOB_CHUNK_BYTES * 2]]) {
        assert.ok((await bytes(o.store, "u1/content", { start: s, end: e })).equals(data.subarray(s, e + 1)), `range ${s}-${e}`);
      }
    });

    test("a rename replaces the target; concat joins in order and removes the parts; abort leaves nothing", async () => {
      await put(o.store, "u2/content", Buffer.from("old"));
      await put(o.store, "u2/incoming-b", Buffer.from("new!"));
      await o.store.rename("u2/incoming-b", "u2/content");
      assert.equal((await bytes(o.store, "u2/content")).toString(), "new!");
      const big = randomBytes(BLOB_CHUNK_BYTES + 7);
      await put(o.store, "u3/part-1-3", Buffer.from("abc"));
      await put(o.store, "u3/part-2-x", big);
      assert.equal(await o.store.concat("u3/content", ["u3/part-1-3", "u3/part-2-x"]), big.length + 3);
      assert.ok((await bytes(o.store, "u3/content")).equals(Buffer.concat([Buffer.from("abc"), big])));
      assert.equal(await o.store.size("u3/part-1-3"), null);
      const w = await o.store.writer("u4/incoming-c");
      await w.write(Buffer.from("half"));
      await w.abort();
      assert.equal(await o.store.size("u4/incoming-c"), null);
      await put(o.store, "u5/empty", Buffer.alloc(0));
      assert.equal(await o.store.size("u5/empty"), 0);
    });

    test("lists blobs by upload; removeAll takes an upload's blobs; bad keys are refused", async () => {
      await put(o.store, "u6/a", Buffer.from("1"));
      await put(o.store, "u6/b", Buffer.from("2"));
      const listed = await o.store.list();
      assert.deepEqual(listed.get("u6")?.sort(), ["a", "b"]);
      await o.store.removeAll("u6");
      assert.equal((await o.store.list()).get("u6"), undefined);
      assert.equal(await o.store.size("u6/a"), null);
      await assert.rejects(o.store.writer("../etc/passwd"), /bad blob key/);
    });
  });
}

if (TEST_STORE === "sqlite") {
  blobCases("disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quire-blobs-"));
    return { store: new DiskBlobStore(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
  });
  blobCases("memory", async () => ({ store: new MemoryBlobStore(), close: async () => undefined }));
}

if (TEST_STORE === "postgres") {
  /** A migrated fresh database and a pool on it. */
  async function database() {
    const db = await freshDatabase();
    await (await openPostgresStore({ url: db.url })).close();
    const pool = new pg.Pool({ connectionString: db.url, max: 6 });
    return { pool, drop: async () => (await pool.end(), await db.drop()) };
  }

  blobCases("postgres", async () => {
    const { pool, drop } = await database();
    const store = await PgBlobStore.open(pool);
    return { store, close: async () => (await store.close(), await drop()) };
  });

  describe("blob store: postgres, several nodes", () => {
    test("one node's listing leaves out what a running node writes, and takes up what a node gone left", async () => {
      const { pool, drop } = await database();
      // Every store is closed whatever happens: a node's lock holds a client of the pool, and
      // pool.end() (in drop) waits for it — a failed assertion must fail the test, not hang it.
      const opened: PgBlobStore[] = [];
      const open = async () => (opened.push(await PgBlobStore.open(pool)), opened[opened.length - 1]);
      try {
        const a = await open();
        const b = await open();
        await put(a, "n1/incoming-x", Buffer.from("abc"));
        const inFlight = await a.writer("n2/content");
        await inFlight.write(randomBytes(BLOB_CHUNK_BYTES + 1));
        assert.deepEqual([...(await b.list())], [], "a is running: its blobs may be in flight");
        await a.close(); // as a killed process's connection closes
        // PostgreSQL frees a closed session's lock when its backend exits, just after the socket
        // closes: b takes a's blobs up as soon as it sees the lock free (within seconds at most).
        let listed = [...(await b.list())];
        for (let i = 0; i < 100 && listed.length === 0; i++) {
          await new Promise((r) => setTimeout(r, 50));
          listed = [...(await b.list())];
        }
        assert.deepEqual(listed, [["n1", ["incoming-x"]]]);
        const chunks = await pool.query(`SELECT count(*)::int AS n FROM file_blob_chunks WHERE name LIKE '~w-%'`);
        assert.equal(chunks.rows[0].n, 0, "a dead writer's chunks are removed");
        const c = await open();
        await c.rename("n1/incoming-x", "n1/content");
        assert.deepEqual([...(await b.list())], [], "renamed by a running node: it is that node's now");
      } finally {
        for (const s of opened) await s.close();
        await drop();
      }
    });
  });
}
