/**
 * Where uploaded files' bytes live: on disk under `<data dir>/files/` (streamed, never held
 * whole in memory), or in memory with `--memory`. Keys are `<upload id>/<name>`.
 *
 * Durability: a closed blob is fsynced, and a rename is followed by an fsync of its directory,
 * so bytes a database commit refers to are on disk before that commit is acknowledged (a crash,
 * even of the machine, never leaves a row pointing at missing or truncated bytes).
 */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { once } from "node:events";
import { Readable } from "node:stream";

/** Bytes being written to one blob. */
export interface BlobWriter {
  write(chunk: Buffer): Promise<void>;
  /** Makes the blob readable under its key. */
  close(): Promise<void>;
  /** Drops what was written. */
  abort(): Promise<void>;
}

export interface BlobStore {
  writer(key: string): Promise<BlobWriter>;
  rename(from: string, to: string): Promise<void>;
  /** Writes `target` as the concatenation of `sources` (in order) and removes them; returns its size. */
  concat(target: string, sources: string[]): Promise<number>;
  /** Size in bytes, or null when there is no such blob. */
  size(key: string): Promise<number | null>;
  /** The blob's bytes, or those from `start` to `end` (inclusive) when given. */
  read(key: string, range?: { start: number; end: number }): Readable;
  remove(key: string): Promise<void>;
  /** Removes every blob under `prefix/`. */
  removeAll(prefix: string): Promise<void>;
  /** Every key, grouped by prefix (`<upload id>` → its names). */
  list(): Promise<Map<string, string[]>>;
}

/**
 * `concat` for a store whose blobs are streamed (disk, PostgreSQL): the sources read in order
 * into one writer (dropped if anything fails, the sources then kept), then removed.
 */
export async function concatStreamed(store: BlobStore, target: string, sources: string[]): Promise<number> {
  const w = await store.writer(target);
  let total = 0;
  try {
    for (const s of sources) {
      for await (const chunk of store.read(s)) {
        total += (chunk as Buffer).length;
        await w.write(chunk as Buffer);
      }
    }
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
  for (const s of sources) await store.remove(s);
  return total;
}

const KEY = /^[0-9a-z-]+(\/[0-9a-z._-]+)?$/;
function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes("..")) throw new Error(`bad blob key: ${key}`);
  return key;
}

/** Blobs as files under `root`. */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}
  private path(key: string) {
    return join(this.root, checkKey(key));
  }
  async writer(key: string): Promise<BlobWriter> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const out: WriteStream = createWriteStream(path);
    await once(out, "open");
    let failed: Error | null = null;
    out.on("error", (e) => (failed = e));
    return {
      async write(chunk) {
        if (failed) throw failed;
        if (!out.write(chunk)) await once(out, "drain");
      },
      async close() {
        out.end();
        await once(out, "finish");
        if (failed) throw failed;
        await fsyncPath(path);
      },
      async abort() {
        out.destroy();
        await unlink(path).catch(() => undefined);
      },
    };
  }
  async rename(from: string, to: string) {
    await rename(this.path(from), this.path(to));
    await fsyncPath(dirname(this.path(to)));
  }
  async concat(target: string, sources: string[]) {
    return concatStreamed(this, target, sources);
  }
  async size(key: string) {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }
  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(key), range);
  }
  async remove(key: string) {
    await unlink(this.path(key)).catch(() => undefined);
  }
  async removeAll(prefix: string) {
    await rm(this.path(prefix), { recursive: true, force: true });
  }
  async list() {
    const out = new Map<string, string[]>();
    const dirs = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const d of dirs) {
      if (!d.isDirectory() || !KEY.test(d.name)) continue;
      out.set(d.name, await readdir(join(this.root, d.name)).catch(() => []));
    }
    return out;
  }
}

/** fsync of a file or a directory (its entries: a rename into it is durable once this returns). */
async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Blobs in memory (for `--memory`). */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer[]>();
  async writer(key: string): Promise<BlobWriter> {
    checkKey(key);
    const chunks: Buffer[] = [];
    return {
      write: async (chunk) => void chunks.push(Buffer.from(chunk)),
      close: async () => void this.blobs.set(key, chunks),
      abort: async () => undefined,
    };
  }
  async rename(from: string, to: string) {
    const b = this.blobs.get(from);
    if (!b) throw new Error(`no blob ${from}`);
    this.blobs.delete(from);
    this.blobs.set(checkKey(to), b);
  }
  async concat(target: string, sources: string[]) {
    const all = sources.flatMap((s) => this.blobs.get(s) ?? []);
    for (const s of sources) this.blobs.delete(s);
    this.blobs.set(checkKey(target), all);
    return all.reduce((n, c) => n + c.length, 0);
  }
  async size(key: string) {
    const b = this.blobs.get(key);
    return b ? b.reduce((n, c) => n + c.length, 0) : null;
  }
  read(key: string, range?: { start: number; end: number }): Readable {
    const chunks = this.blobs.get(key) ?? [];
    if (!range) return Readable.from(chunks);
    return Readable.from([Buffer.concat(chunks).subarray(range.start, range.end + 1)]);
  }
  async remove(key: string) {
    this.blobs.delete(key);
  }
  async removeAll(prefix: string) {
    for (const k of [...this.blobs.keys()]) if (k.startsWith(`${prefix}/`)) this.blobs.delete(k);
  }
  async list() {
    const out = new Map<string, string[]>();
    for (const k of this.blobs.keys()) {
      const [prefix, name] = k.split("/");
      if (name === undefined) continue;
      out.set(prefix, [...(out.get(prefix) ?? []), name]);
    }
    return out;
  }
}
