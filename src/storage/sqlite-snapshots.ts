/**
 * `Store.snapshots` on SQLite (storage/snapshots.ts). A snapshot is one SQLite database: the
 * store's own, copied whole while no write can run (one consistent view), plus a table of the
 * uploaded files' bytes. A `--memory` server keeps it in memory (`serialize()`); otherwise it is
 * `<data dir>/snapshots/<name>.sqlite`, made by `VACUUM INTO` a temporary file (0600) — page by
 * page, so a large store is never held in memory whole — fsynced and renamed, so a crash leaves
 * the whole snapshot or none (a temporary file a crash left is removed at the next start); a
 * restore reads it from its file. Restoring copies every table of the snapshot back in
 * one write unit (the store's own BEGIN IMMEDIATE … COMMIT): a kill -9 leaves the state before or
 * after, never between. docs/design/snapshots.md.
 */
import Database from "better-sqlite3";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import type { BlobStore } from "./blobs.js";
import { NOT_SNAPSHOTTED, SnapshotSchemaMismatch, type SnapshotInfo, type SnapshotStore } from "./snapshots.js";

/** What the adapter needs of the store it belongs to. */
export interface SqliteSnapshotHost {
  db: Database.Database;
  /** Runs `fn` in a read unit of the store (its mutex held: no write runs meanwhile). */
  read<T>(fn: () => T): Promise<T>;
  /** Runs `fn` with the store's mutex held and no transaction open (what `VACUUM INTO` needs). */
  readBare<T>(fn: () => T): Promise<T>;
  /** Runs `fn` in a write unit of the store (one transaction; the store's caches forget). */
  write<T>(fn: () => T): Promise<T>;
  /** `<data dir>/snapshots`, or null for a store in memory. */
  dir: string | null;
}

/** The table inside a snapshot that holds the uploaded files' bytes. */
const BLOBS_TABLE = "quire_snapshot_blobs";
const SUFFIX = ".sqlite";
/** A snapshot being written: `.<name>.<pid>.<n>.tmp`, renamed to `<name>.sqlite` once whole. */
const TEMPORARY = ".tmp";

/** Tables whose rows a snapshot copies: every ordinary table, less SQLite's and FTS5's own (kept in step by triggers). */
export function snapshotTables(db: Database.Database): string[] {
  const all = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  return all
    .map((t) => t.name)
    .filter((n) => !virtual.includes(n) && !virtual.some((v) => n.startsWith(`${v}_`)) && !NOT_SNAPSHOTTED.has(n) && n !== BLOBS_TABLE)
    .sort();
}

/** Snapshots of one SQLite store. */
export class SqliteSnapshots implements SnapshotStore {
  private readonly memory = new Map<string, { created: number; bytes: Buffer }>();
  private saves = 0;
  /** Names being saved right now. */
  private readonly saving = new Set<string>();

  /** Removes what a crash mid-save left (only this process serves the data directory: quire.db.lock). */
  constructor(private readonly host: SqliteSnapshotHost) {
    if (host.dir) removeStaleTemporaries(host.dir);
  }

  async save(name: string, createdTime: number, blobs: BlobStore): Promise<SnapshotInfo | null> {
    // Two saves of one name at once: the second is refused as if the first had finished (the
    // rename would otherwise let the later replace the earlier, both answered as saved).
    if (this.saving.has(name) || this.has(name)) return null;
    this.saving.add(name);
    try {
      return await this.saveNew(name, createdTime, blobs);
    } finally {
      this.saving.delete(name);
    }
  }

  private async saveNew(name: string, createdTime: number, blobs: BlobStore): Promise<SnapshotInfo | null> {
    const dir = this.host.dir;
    let tmp: string | null = null;
    let snap: Database.Database;
    if (dir) {
      tmp = await this.copyToTemporary(dir, name);
      snap = new Database(tmp, { fileMustExist: true });
      // The copy's edits below need no rollback: a crash discards the temporary file whole. Its
      // journal stays in memory (not a file beside it that would hold `meta`'s pages), and it is
      // fsynced once, when placed. (better-sqlite3's defensive mode refuses journal_mode = OFF.)
      snap.pragma("journal_mode = MEMORY");
      snap.pragma("synchronous = OFF");
    } else {
      const image = await this.host.read(() => this.host.db.serialize());
      // A file in WAL mode says so in its header (bytes 18–19 = 2); an image in memory has no WAL
      // to open, so it is marked a rollback-journal database (1), as a copy of the file would be.
      image[18] = 1;
      image[19] = 1;
      snap = new Database(image);
    }
    let closed = false;
    try {
      // The copy is the whole database: the tables a snapshot does not hold are emptied in it, their
      // bytes overwritten (secure_delete), so the server's keys in `meta` are in no snapshot.
      snap.pragma("secure_delete = ON");
      for (const t of NOT_SNAPSHOTTED) if (snap.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t)) snap.prepare(`DELETE FROM "${t}"`).run();
      snap.exec(`CREATE TABLE ${BLOBS_TABLE} (key TEXT PRIMARY KEY, bytes BLOB NOT NULL)`);
      const put = snap.prepare(`INSERT INTO ${BLOBS_TABLE} (key, bytes) VALUES (?, ?)`);
      for (const [prefix, names] of await blobs.list()) {
        for (const n of names) put.run(`${prefix}/${n}`, await readAll(blobs, `${prefix}/${n}`));
      }
      if (this.has(name)) return null; // saved meanwhile under the same name
      if (dir && tmp) {
        snap.close();
        closed = true;
        const size = placeDurably(dir, tmp, name, createdTime);
        tmp = null;
        return { name, created_time: createdTime, size };
      }
      const bytes = snap.serialize();
      this.memory.set(name, { created: createdTime, bytes });
      return { name, created_time: createdTime, size: bytes.length };
    } finally {
      if (!closed) snap.close();
      if (tmp) rmSync(tmp, { force: true });
    }
  }

  /**
   * Copies the store page by page into a new temporary file of `dir` (`VACUUM INTO`: one
   * consistent view, never the whole database in memory) and returns its path. The file is made
   * first, empty and 0600 (SQLite accepts an empty file), so the copy is never readable by others.
   * `VACUUM INTO` cannot run inside a transaction: it runs with the store's mutex held and none
   * open, so writes (and reads) wait for it — about a second per 100 MB (docs/design/snapshots.md).
   */
  private async copyToTemporary(dir: string, name: string): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${name}.${process.pid}.${++this.saves}${TEMPORARY}`);
    try {
      closeSync(openSync(tmp, "wx", 0o600));
      await this.host.readBare(() => this.host.db.prepare("VACUUM INTO ?").run(tmp));
      return tmp;
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  async list(): Promise<SnapshotInfo[]> {
    if (!this.host.dir) return [...this.memory].map(([name, s]) => ({ name, created_time: s.created, size: s.bytes.length })).sort(byName);
    let files: string[];
    try {
      files = readdirSync(this.host.dir).filter((f) => f.endsWith(SUFFIX));
    } catch {
      return [];
    }
    return files
      .map((f) => {
        const st = statSync(join(this.host.dir!, f));
        return { name: f.slice(0, -SUFFIX.length), created_time: Math.round(st.mtimeMs), size: st.size };
      })
      .sort(byName);
  }

  async restore(name: string, blobs: BlobStore): Promise<boolean> {
    const snap = this.open(name);
    if (!snap) return false;
    try {
      const { db } = this.host;
      const version = db.pragma("user_version", { simple: true });
      if (snap.pragma("user_version", { simple: true }) !== version) throw new SnapshotSchemaMismatch(name);
      // Bytes first: a crash after this leaves only unreferenced blobs, which start-up sweeps.
      const keep = new Set<string>();
      for (const { key, bytes: b } of snap.prepare(`SELECT key, bytes FROM ${BLOBS_TABLE}`).iterate() as Iterable<{ key: string; bytes: Buffer }>) {
        keep.add(key);
        const w = await blobs.writer(key);
        await w.write(b);
        await w.close();
      }
      await this.host.write(() => {
        // The copy goes in any order; foreign keys are checked at COMMIT.
        db.pragma("defer_foreign_keys = ON");
        const mine = snapshotTables(db);
        const theirs = new Set(snapshotTables(snap));
        for (const t of mine) db.prepare(`DELETE FROM "${t}"`).run();
        for (const t of mine.filter((x) => theirs.has(x))) copyTable(snap, db, t);
      });
      for (const [prefix, names] of await blobs.list()) {
        for (const n of names) if (!keep.has(`${prefix}/${n}`)) await blobs.remove(`${prefix}/${n}`);
      }
      return true;
    } finally {
      snap.close();
    }
  }

  async remove(name: string): Promise<boolean> {
    if (!this.host.dir) return this.memory.delete(name);
    try {
      rmSync(join(this.host.dir, name + SUFFIX));
      return true;
    } catch {
      return false;
    }
  }

  private has(name: string): boolean {
    return this.host.dir ? existsSync(join(this.host.dir, name + SUFFIX)) : this.memory.has(name);
  }

  /** The snapshot opened read-only (from its file, or its image in memory); null when there is none. */
  private open(name: string): Database.Database | null {
    if (!this.host.dir) {
      const bytes = this.memory.get(name)?.bytes;
      return bytes ? new Database(bytes, { readonly: true }) : null;
    }
    try {
      return new Database(join(this.host.dir, name + SUFFIX), { readonly: true, fileMustExist: true });
    } catch {
      return null;
    }
  }
}

/** Copies table `t`'s rows from `from` into `to` (the columns both have, by name). */
function copyTable(from: Database.Database, to: Database.Database, t: string): void {
  const columns = (db: Database.Database) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name);
  const theirs = new Set(columns(from));
  const cols = columns(to).filter((c) => theirs.has(c));
  const list = cols.map((c) => `"${c}"`).join(", ");
  const insert = to.prepare(`INSERT INTO "${t}" (${list}) VALUES (${cols.map(() => "?").join(", ")})`);
  for (const row of from.prepare(`SELECT ${list} FROM "${t}"`).raw().iterate() as Iterable<unknown[]>) insert.run(row);
}

async function readAll(blobs: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of blobs.read(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Removes the temporary files (and any journal of theirs) saves left behind, e.g. killed mid-copy. */
export function removeStaleTemporaries(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const stale = files.filter((f) => f.startsWith(".") && (f.endsWith(TEMPORARY) || f.endsWith(`${TEMPORARY}-journal`)));
  for (const f of stale) rmSync(join(dir, f), { force: true });
  return stale;
}

/** Fsyncs the written temporary file, gives it its time, renames it into place and fsyncs the directory; its size. */
function placeDurably(dir: string, tmp: string, name: string, createdTime: number): number {
  const fd = openSync(tmp, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The file's mtime is its created_time (list reads no file).
  const at = new Date(createdTime);
  utimesSync(tmp, at, at);
  const size = statSync(tmp).size;
  renameSync(tmp, join(dir, name + SUFFIX));
  const d = openSync(dir, "r");
  try {
    fsyncSync(d);
  } finally {
    closeSync(d);
  }
  return size;
}

const byName = (a: SnapshotInfo, b: SnapshotInfo) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
