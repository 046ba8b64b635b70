/**
 * The page size of Quire's SQLite files (issue 11; docs/design/storage.md, "Page size"). `nodes`
 * is a WITHOUT ROWID table, and SQLite keeps a WITHOUT ROWID row in its b-tree page only up to
 * ~1,000 bytes on a 4 KiB page (~4,090 on a 16 KiB one); the rest goes to an overflow page. A
 * data source row is ~2 KB, so at 4 KiB every row read also read an overflow page, and
 * better-sqlite3's SQLite (built with DIRECT_OVERFLOW_READ) reads each outside its memory map
 * with a pread of its own — ~5,600 per page of query results — which is why a small map used to
 * cost twice the CPU (docs/PERFORMANCE.md, "SQLite's page size and a smaller map").
 */
import type Database from "better-sqlite3";

/** Page size of every SQLite file Quire makes, and of older files once start-up converted them. */
export const SQLITE_PAGE_SIZE = 16384;

/** What `settlePageSize` did to the file. */
export type PageSizeOutcome = { kind: "new" | "kept" | "memory" } | { kind: "converted"; from: number; ms: number };

/**
 * Before the file's first table (and before WAL mode, in which the page size cannot change):
 * a new file is made with `pageSize`-byte pages; an existing file with smaller pages is rebuilt
 * with them by `VACUUM` (once; ~27 s for the 866 MiB 100,000-row bench file, about what migration
 * 20's rebuild took). The VACUUM is one transaction: should it fail (a full disk), the file is
 * left as it was and opens with its old pages. A database in memory keeps SQLite's default: it
 * only ever holds a test's data, and its image is what snapshots copy.
 */
export function settlePageSize(db: Database.Database, filename: string, pageSize: number): PageSizeOutcome {
  if (filename === ":memory:" || filename === "") return { kind: "memory" };
  if ((db.pragma("page_count", { simple: true }) as number) === 0) {
    db.pragma(`page_size = ${pageSize}`);
    return { kind: "new" };
  }
  const from = db.pragma("page_size", { simple: true }) as number;
  if (from >= pageSize) return { kind: "kept" };
  const started = performance.now();
  // WAL mode fixes the page size: leave it for the VACUUM (openSqliteStore sets it again after).
  db.pragma("journal_mode = DELETE");
  db.pragma(`page_size = ${pageSize}`);
  try {
    db.exec("VACUUM");
  } catch {
    return { kind: "kept" };
  }
  return { kind: "converted", from, ms: performance.now() - started };
}
