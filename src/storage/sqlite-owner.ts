/**
 * One process owns a SQLite database file (docs/design/storage.md, "SQLite"): the liveness of
 * nodes and the read cache rely on every write to the file going through this process. Enforced
 * by a lock file beside it (`<file>.lock`, a SQLite file of its own held in EXCLUSIVE locking
 * mode): the operating system keeps the lock until the process closes it or dies (kill -9
 * included), and another process that tries to take it fails at once, before opening the file.
 * The database file itself stays readable by other tools (backups, the bench's raw-SQL ceiling).
 * Several stores of one process may share a file (tests do); they then keep no read cache.
 */
import Database from "better-sqlite3";
import { resolve } from "node:path";
import type { ReadCache, WriteSet } from "./sqlite-read-cache.js";

/** The file is owned by another process: it cannot be opened here. */
export class SqliteFileInUse extends Error {}

interface Owned {
  lock: Database.Database;
  caches: Set<ReadCache>;
}

/** Files this process owns, by absolute path. */
const owned = new Map<string, Owned>();

/** Takes the lock of `path`, or throws `SqliteFileInUse` when another process holds it. */
function takeLock(path: string, file: string): Database.Database {
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.pragma("journal_mode = MEMORY");
    // A write takes the EXCLUSIVE lock, which EXCLUSIVE locking mode keeps until close.
    lock.exec("CREATE TABLE IF NOT EXISTS owner (pid INTEGER); DELETE FROM owner;");
    lock.prepare("INSERT INTO owner (pid) VALUES (?)").run(process.pid);
    return lock;
  } catch (e) {
    lock.close();
    if ((e as { code?: string }).code === "SQLITE_BUSY")
      throw new SqliteFileInUse(`${file} is in use by another Quire process: one process serves a SQLite data directory. Stop it first, or run several nodes on PostgreSQL (--database-url).`);
    throw e;
  }
}

/**
 * Claims `filename` for this process on behalf of a store whose reads `cache` remembers; returns
 * the release the store calls when it closes. In-memory databases are private to their store.
 */
export function claimFile(filename: string, cache: ReadCache): () => void {
  if (filename === ":memory:" || filename === "") return () => undefined;
  const key = resolve(filename);
  let own = owned.get(key);
  if (!own) {
    own = { lock: takeLock(`${key}.lock`, key), caches: new Set() };
    owned.set(key, own);
  }
  const mine = own;
  mine.caches.add(cache);
  // Two stores on one file each write behind the other's back: neither may remember reads.
  if (mine.caches.size > 1) for (const c of mine.caches) c.disable();
  return () => {
    if (!mine.caches.delete(cache) || mine.caches.size > 0) return;
    mine.lock.close();
    owned.delete(key);
  };
}

/** Forgets what every store of this process remembers of `filename`: it was edited by hand while open (tests). */
export function forgetReads(filename: string): void {
  for (const c of owned.get(resolve(filename))?.caches ?? []) c.forgetAll();
}

/** What the last write unit of `filename`'s store wrote: tables and rows (benches: "GET page after a write to another page"). */
export function lastWrite(filename: string): WriteSet {
  for (const c of owned.get(resolve(filename))?.caches ?? []) return c.lastWrite;
  return { tables: new Set(), rows: new Map() };
}

/** Has `filename`'s store forget what a write unit writing `write` would make it forget, without the write (benches). */
export function repeatWrite(filename: string, write: WriteSet): void {
  for (const c of owned.get(resolve(filename))?.caches ?? []) c.repeatWrite(write);
}
