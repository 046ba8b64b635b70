/**
 * Snapshots of a whole Quire (`Store.snapshots`): every workspace, every table (read from the
 * database's catalog at each call, so a table added later is covered), and the bytes of uploaded
 * files. Store-level, not a `Tx` port: saving reads every table in one consistent view and
 * restoring replaces every table in one transaction, so neither fits inside another unit.
 * Where a snapshot lives is the adapter's: SQLite in memory (`--memory`) or under
 * `<data dir>/snapshots/`; PostgreSQL in its own tables, so every node restores the same.
 * docs/design/snapshots.md.
 */
import type { BlobStore } from "./blobs.js";

/** One saved snapshot as the control API lists it. */
export interface SnapshotInfo {
  name: string;
  /** When it was saved (ms since the epoch, the server's clock). */
  created_time: number;
  /** Bytes it takes where it is kept. */
  size: number;
}

export interface SnapshotStore {
  /**
   * Saves the whole state under `name`, the file bytes in `blobs` among it (an adapter whose
   * blobs are tables of its own finds them there). Null when a snapshot of that name exists.
   */
  save(name: string, createdTime: number, blobs: BlobStore): Promise<SnapshotInfo | null>;
  /** Every snapshot, by name. */
  list(): Promise<SnapshotInfo[]>;
  /**
   * Replaces the whole state with the snapshot's in one transaction (file bytes written back
   * before it commits, those it does not know removed after). False when there is no such snapshot.
   */
  restore(name: string, blobs: BlobStore): Promise<boolean>;
  /** Deletes the snapshot; false when there is none. */
  remove(name: string): Promise<boolean>;
}

/**
 * Tables a snapshot never holds: the schema's version, the snapshots themselves, and `meta` — the
 * server's own keys (file-URL secret, CSRF key, the admin key's hash and sealed copy) live only
 * there (test/secrets-at-rest.test.ts), so a snapshot copies none of them and a restore keeps the
 * running server's; its other keys (the seed's ids, jobs' turns) say the same before and after.
 */
export const NOT_SNAPSHOTTED = new Set(["quire_schema", "quire_snapshots", "quire_snapshot_tables", "meta", "toolkit_rate_windows", "toolkit_faults", "toolkit_requests"]);

/** A snapshot's name: 1–100 of `[A-Za-z0-9._-]` (also a file name: no `/`, never `.` or `..` alone). */
export function validSnapshotName(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== "." && name !== "..";
}

/** The snapshot names a schema this Quire does not run (saved by another version). */
export class SnapshotSchemaMismatch extends Error {
  constructor(readonly snapshot: string) {
    super(`The snapshot ${snapshot} was saved by another version of Quire's schema; it cannot be restored here.`);
  }
}
