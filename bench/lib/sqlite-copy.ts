/**
 * A copy of a bench's SQLite database for another process. One process owns a SQLite data
 * directory (src/storage/sqlite-owner.ts), so a bench that times Quire in a child process and the
 * store's engine in its own process — or several Quire processes on one data set — gives each its
 * own copy of the same bytes. Raw read-only better-sqlite3 connections (the hand-written SQL
 * ceilings) take no ownership and keep reading the original.
 */
import Database from "better-sqlite3";
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Copies `dbFile` (its WAL checkpointed into it first) into `toDir`, replacing what was there; the
 * copy's path. The data directory's `secret.key` goes with it: the database holds the admin key and
 * dev token sealed under it, and a Quire on the copy refuses to start without it. So do its
 * `snapshots/` (the seed's `__initial`): a Quire that finds none takes one at start, an image of the
 * whole database in memory (~2 GB of VmHWM for the 100,000-row file), which the bench would then
 * report as the server's peak.
 */
export function copyDatabase(dbFile: string, toDir: string): string {
  const db = new Database(dbFile);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  rmSync(toDir, { recursive: true, force: true });
  mkdirSync(toDir, { recursive: true });
  const to = join(toDir, basename(dbFile));
  copyFileSync(dbFile, to);
  const key = join(dirname(dbFile), "secret.key");
  if (existsSync(key)) copyFileSync(key, join(toDir, "secret.key"));
  const snapshots = join(dirname(dbFile), "snapshots");
  if (existsSync(snapshots)) cpSync(snapshots, join(toDir, "snapshots"), { recursive: true });
  return to;
}
