/**
 * File bytes in PostgreSQL (the blob store when the database is PostgreSQL, so every node of a
 * cluster serves every upload): a blob is a `file_blobs` row (its size) and its bytes in
 * `file_blob_chunks`, 256 KiB of `bytea` each, with their offset so a range reads only the
 * chunks it covers. Bytes stream in chunk by chunk and out in batches of chunks; a blob is never
 * held whole. A writer writes under a name of its own and `close` puts the chunks under the key
 * in one transaction (replacing what was there), so a reader sees a blob whole or not at all.
 *
 * Many nodes share these tables, and each reconciles at its start (domain/files/reconcile.ts:
 * every blob no committed row refers to is debris). So each node marks what it writes with its
 * node id (`Store.liveness`, postgres/liveness.ts: a session advisory lock held while it runs);
 * `list()` leaves out the blobs of nodes alive — perhaps writing them now — and lists those of
 * nodes gone (a killed process's connection closes, and PostgreSQL releases its lock at once).
 *
 * Keys are `<upload id>/<name>`; both tables are keyed by the upload id, not the workspace: the
 * BlobStore interface knows no workspace (the signed download route has only the upload id).
 * Under Citus they are distributed by `upload_id`, co-located with each other, and never joined
 * with a workspace table (docs/SCALING.md; the catalog test lists them as exceptions).
 */
import { Readable } from "node:stream";
import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { concatStreamed, type BlobStore, type BlobWriter } from "../blobs.js";
import type { NodeLiveness } from "../liveness.js";
import { PgLiveness } from "./liveness.js";

/** Bytes per stored chunk. */
export const BLOB_CHUNK_BYTES = 256 * 1024;
/** Chunks read per round trip when streaming a blob out (4 MiB). */
const READ_BATCH = 16;

/** The blob tables, appended to the PostgreSQL migrations. */
export const BLOBS_MIGRATION = `
  CREATE TABLE file_blobs (
    upload_id text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, size bigint NOT NULL, node text NOT NULL,
    PRIMARY KEY (upload_id, name)
  );
  CREATE TABLE file_blob_chunks (
    upload_id text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, seq integer NOT NULL, start bigint NOT NULL,
    bytes bytea NOT NULL, node text NOT NULL,
    PRIMARY KEY (upload_id, name, seq)
  );
`;

const KEY = /^[0-9a-z-]+(\/[0-9a-z._-]+)?$/;

/** `<upload id>/<name>` split, refused when malformed (as the disk store refuses it). */
function split(key: string): [string, string] {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`bad blob key: ${key}`);
  const at = key.indexOf("/");
  return at < 0 ? [key, ""] : [key.slice(0, at), key.slice(at + 1)];
}

/** Writers' own names start with this: chunks under it belong to no blob yet. */
const WRITING = "~w-";

/** Blobs in PostgreSQL tables, on a pool of their own statements (outside any unit of work). */
export class PgBlobStore implements BlobStore {
  /**
   * Opens the store for this node: `liveness` is the store's node (server.ts passes it, so one
   * lock stands for the process); without it the blob store takes a node of its own, on a
   * connection of `pool` held until `close`.
   */
  static async open(pool: Pool, liveness?: NodeLiveness): Promise<PgBlobStore> {
    if (liveness) return new PgBlobStore(pool, liveness, null);
    const own = await PgLiveness.open(() => pool.connect(), pool);
    return new PgBlobStore(pool, own, own);
  }

  private readonly node: string;

  private constructor(
    private readonly pool: Pool,
    private readonly liveness: NodeLiveness,
    /** The node this store took itself, released at `close`. */
    private readonly own: PgLiveness | null,
  ) {
    this.node = liveness.node;
  }

  /** Releases a node of its own (its blobs are then another start's to reconcile). */
  async close(): Promise<void> {
    await this.own?.close();
  }

  async writer(key: string): Promise<BlobWriter> {
    const [upload, name] = split(key);
    const temp = `${WRITING}${randomUUID()}`;
    let pending: Buffer[] = [];
    let buffered = 0;
    let seq = 0;
    let offset = 0;
    const flush = async (all: boolean) => {
      while (buffered >= BLOB_CHUNK_BYTES || (all && buffered > 0)) {
        const joined = Buffer.concat(pending);
        const chunk = joined.subarray(0, BLOB_CHUNK_BYTES);
        await this.pool.query(`INSERT INTO file_blob_chunks (upload_id, name, seq, start, bytes, node) VALUES ($1, $2, $3, $4, $5, $6)`, [upload, temp, seq++, offset, chunk, this.node]);
        offset += chunk.length;
        const rest = joined.subarray(chunk.length);
        pending = rest.length ? [Buffer.from(rest)] : [];
        buffered = rest.length;
      }
    };
    return {
      write: async (chunk) => {
        pending.push(Buffer.from(chunk));
        buffered += chunk.length;
        await flush(false);
      },
      close: async () => {
        await flush(true);
        await this.tx(async (c) => {
          await this.drop(c, upload, name);
          await c.query(`UPDATE file_blob_chunks SET name = $3 WHERE upload_id = $1 AND name = $2`, [upload, temp, name]);
          await c.query(`INSERT INTO file_blobs (upload_id, name, size, node) VALUES ($1, $2, $3, $4)`, [upload, name, offset, this.node]);
        });
      },
      abort: async () => {
        await this.pool.query(`DELETE FROM file_blob_chunks WHERE upload_id = $1 AND name = $2`, [upload, temp]);
      },
    };
  }

  async rename(from: string, to: string) {
    const [u1, n1] = split(from);
    const [u2, n2] = split(to);
    await this.tx(async (c) => {
      const moved = await c.query(`SELECT 1 FROM file_blobs WHERE upload_id = $1 AND name = $2 FOR UPDATE`, [u1, n1]);
      if (moved.rowCount === 0) throw new Error(`no blob ${from}`);
      await this.drop(c, u2, n2);
      await c.query(`UPDATE file_blob_chunks SET upload_id = $3, name = $4 WHERE upload_id = $1 AND name = $2`, [u1, n1, u2, n2]);
      await c.query(`UPDATE file_blobs SET upload_id = $3, name = $4, node = $5 WHERE upload_id = $1 AND name = $2`, [u1, n1, u2, n2, this.node]);
    });
  }

  async concat(target: string, sources: string[]) {
    return concatStreamed(this, target, sources);
  }

  async size(key: string) {
    const [upload, name] = split(key);
    const { rows } = await this.pool.query(`SELECT size FROM file_blobs WHERE upload_id = $1 AND name = $2`, [upload, name]);
    return rows.length ? Number(rows[0].size) : null;
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    const [upload, name] = split(key);
    const pool = this.pool;
    async function* chunks() {
      const start = range?.start ?? 0;
      const end = range?.end ?? Number.MAX_SAFE_INTEGER;
      let from = start;
      for (;;) {
        const { rows } = await pool.query(
          `SELECT start, bytes FROM file_blob_chunks WHERE upload_id = $1 AND name = $2 AND start + length(bytes) > $3 AND start <= $4
           ORDER BY seq LIMIT ${READ_BATCH}`,
          [upload, name, from, end],
        );
        for (const r of rows as { start: string; bytes: Buffer }[]) {
          const at = Number(r.start);
          yield r.bytes.subarray(Math.max(0, start - at), Math.min(r.bytes.length, end - at + 1));
          from = at + r.bytes.length;
        }
        if (rows.length < READ_BATCH) return;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(key: string) {
    const [upload, name] = split(key);
    await this.tx((c) => this.drop(c, upload, name));
  }

  async removeAll(prefix: string) {
    const [upload] = split(prefix);
    await this.tx(async (c) => {
      await c.query(`DELETE FROM file_blob_chunks WHERE upload_id = $1`, [upload]);
      await c.query(`DELETE FROM file_blobs WHERE upload_id = $1`, [upload]);
    });
  }

  /**
   * Every blob but those of other nodes still running (they may be writing them now), by upload;
   * first removes the chunks that writers of nodes gone left under no blob.
   */
  async list() {
    const nodes = await this.pool.query(`SELECT DISTINCT node FROM file_blob_chunks UNION SELECT DISTINCT node FROM file_blobs`);
    const gone: string[] = [this.node, ...(await this.liveness.gone((nodes.rows as { node: string }[]).map((r) => r.node)))];
    await this.pool.query(`DELETE FROM file_blob_chunks WHERE name LIKE '~w-%' AND node = ANY($1::text[]) AND node <> $2`, [gone, this.node]);
    const { rows } = await this.pool.query(`SELECT upload_id, name FROM file_blobs WHERE node = ANY($1::text[]) ORDER BY upload_id, name`, [gone]);
    const out = new Map<string, string[]>();
    for (const r of rows as { upload_id: string; name: string }[]) out.set(r.upload_id, [...(out.get(r.upload_id) ?? []), r.name]);
    return out;
  }

  private async drop(c: PoolClient, upload: string, name: string) {
    await c.query(`DELETE FROM file_blob_chunks WHERE upload_id = $1 AND name = $2`, [upload, name]);
    await c.query(`DELETE FROM file_blobs WHERE upload_id = $1 AND name = $2`, [upload, name]);
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }
}
