/**
 * The database ceiling of a read request: the exact statements Quire ran for it (recorded by
 * bench/quire-server.ts, with their parameters), replayed in a tight loop with better-sqlite3 on
 * the same database file. One "op" is the whole set, rows fetched, nothing parsed or shaped.
 * Rates are per CPU-second of this process (what one idle core would do), so that other
 * processes on the machine do not lower the ceiling.
 */
import Database from "better-sqlite3";
import type { TracedStatement } from "../quire-server.js";

export interface SqlCeiling {
  opsPerSecond: number;
  /** Each statement alone: its first words and microseconds per run. */
  statements: { sql: string; micros: number }[];
}

type Run = () => void;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Calls `f` in batches for about `ms` milliseconds of CPU time; returns calls per CPU-second. */
function rate(f: Run, ms: number): number {
  let calls = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) f();
    calls += 100;
    elapsed = cpuMs() - start;
  }
  return (calls * 1000) / elapsed;
}

function runner(db: Database.Database, s: TracedStatement): Run {
  const stmt = db.prepare(s.sql);
  if (s.method === "all") return () => stmt.all(...s.params);
  if (s.method === "get") return () => stmt.get(...s.params);
  if (s.method === "run") return () => stmt.run(...s.params);
  return () => {
    for (const _row of stmt.iterate(...s.params));
  };
}

/** BEGIN, COMMIT, ROLLBACK: a unit's bounds, not work. */
export const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;

/** Replays `statements` for about `seconds` (after a short warm-up) and reports ops/s. */
export function sqlCeiling(file: string, statements: TracedStatement[], seconds: number): SqlCeiling {
  // A read unit's BEGIN/COMMIT (src/storage/sqlite.ts) are replayed too: they write nothing.
  if (statements.some((s) => !s.reader && !TRANSACTION_CONTROL.test(s.sql))) throw new Error("the traced request wrote to the database; only reads can be replayed");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const runs = statements.map((s) => runner(db, s));
    const all = () => runs.forEach((r) => r());
    rate(all, Math.min(500, seconds * 250));
    const opsPerSecond = rate(all, seconds * 1000);
    // Each statement alone: a unit's BEGIN/COMMIT cannot be replayed on their own.
    const each = runs.flatMap((r, i) =>
      TRANSACTION_CONTROL.test(statements[i].sql) ? [] : [{ sql: statements[i].sql.replace(/\s+/g, " ").slice(0, 60), micros: 1e6 / rate(r, Math.max(100, (seconds * 1000) / 10)) }],
    );
    return { opsPerSecond, statements: each };
  } finally {
    db.close();
  }
}
