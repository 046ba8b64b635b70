/** Schema migrations on PostgreSQL: run at start under a session advisory lock, so many nodes may start at once. */
import type pg from "pg";
import { DatabaseUnavailable } from "./pool.js";
import { PG_MIGRATIONS } from "./schema.js";

/** The advisory lock (two-key form, apart from the workspace locks' one-key form) migrations hold. */
const MIGRATION_LOCK = [0x51554952, 1] as const;

/** Brings the database to the latest schema; each migration is one transaction with its version row. */
export async function migrate(pool: pg.Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query(`SELECT pg_advisory_lock($1, $2)`, [...MIGRATION_LOCK]);
    try {
      await c.query(`CREATE TABLE IF NOT EXISTS quire_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const r = await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM quire_schema`);
      const version = r.rows[0].v ?? 0;
      if (version > migrations.length) {
        throw new DatabaseUnavailable(`The database's schema (version ${version}) is newer than this Quire knows (${migrations.length}): upgrade Quire.`);
      }
      for (let v = version; v < migrations.length; v++) {
        await c.query("BEGIN");
        try {
          await c.query(migrations[v]);
          await c.query(`INSERT INTO quire_schema (version) VALUES ($1)`, [v + 1]);
          await c.query("COMMIT");
        } catch (e) {
          await c.query("ROLLBACK");
          throw e;
        }
      }
    } finally {
      await c.query(`SELECT pg_advisory_unlock($1, $2)`, [...MIGRATION_LOCK]);
    }
  } finally {
    c.release();
  }
}
