/**
 * `Store.snapshots` on PostgreSQL (storage/snapshots.ts): kept in the database itself, so every
 * node lists and restores the same ones. A snapshot is a `quire_snapshots` row and, per table,
 * a `quire_snapshot_tables` row holding that table's rows as one JSON array (`json_agg`), made
 * and read back (`json_populate_recordset`) by the server: no row crosses the wire. The tables
 * are read from the catalog at each call (a table added later is covered), the blob tables
 * (postgres/blobs.ts) among them: file bytes are saved with everything else.
 *
 * Saving is one REPEATABLE READ transaction (one consistent view of every table). Restoring is one
 * transaction: every workspace's advisory lock and the global ones (postgres/session.ts) are
 * taken first, so writers wait before their first statement, then every table is locked against
 * writes, emptied with DELETE (not TRUNCATE: TRUNCATE is not MVCC-safe, and a read already
 * running on another node would see empty tables), and filled from the snapshot. A read sees the
 * state before or after, never a mix; other nodes keep nothing that could go stale (the row
 * planner's counts only pick plans; the schema cache checks the text it was made from).
 */
import { NOT_SNAPSHOTTED, SnapshotSchemaMismatch, type SnapshotInfo, type SnapshotStore } from "../snapshots.js";
import { GLOBAL_LOCK, type PgSession } from "./session.js";

/** The snapshot tables, appended to the PostgreSQL migrations (Citus: reference tables, like meta). */
export const SNAPSHOTS_MIGRATION = `
  CREATE TABLE quire_snapshots (
    name text COLLATE "C" PRIMARY KEY, created_time bigint NOT NULL, size bigint NOT NULL, schema_version integer NOT NULL
  );
  CREATE TABLE quire_snapshot_tables (
    name text COLLATE "C" NOT NULL, table_name text COLLATE "C" NOT NULL, rows json NOT NULL,
    PRIMARY KEY (name, table_name)
  );
`;

/** Runs `fn` in a write unit that begins with `begin` (the store's own units: postgres/store.ts). */
export type PgUnit = <T>(begin: string, fn: (s: PgSession) => Promise<T>) => Promise<T>;

/** A saving unit's way out when the name turned out taken: the unit rolls back. */
class NameTaken extends Error {}

/** Snapshots of one PostgreSQL database. */
export class PgSnapshots implements SnapshotStore {
  constructor(
    private readonly unit: PgUnit,
    /** Called after a restore commits (this node's caches forget). */
    private readonly restored: () => void = () => {},
  ) {}

  async save(name: string, createdTime: number): Promise<SnapshotInfo | null> {
    try {
      return await this.unit("BEGIN ISOLATION LEVEL REPEATABLE READ", async (s) => {
        if (await s.one(`SELECT 1 FROM quire_snapshots WHERE name = $1`, [name])) throw new NameTaken();
        const version = await schemaVersion(s);
        for (const t of await snapshotTables(s)) {
          await s.exec(`INSERT INTO quire_snapshot_tables (name, table_name, rows) SELECT $1, $2, COALESCE(json_agg(x), '[]'::json) FROM "${t}" x`, [name, t]);
        }
        const size = Number((await s.one<{ n: string }>(`SELECT COALESCE(sum(octet_length(rows::text)), 0) AS n FROM quire_snapshot_tables WHERE name = $1`, [name]))!.n);
        await s.exec(`INSERT INTO quire_snapshots (name, created_time, size, schema_version) VALUES ($1, $2, $3, $4)`, [name, createdTime, size, version]);
        return { name, created_time: createdTime, size };
      });
    } catch (e) {
      // Taken, or taken meanwhile by another request or node (unique violation, or REPEATABLE READ's serialization failure).
      if (e instanceof NameTaken || ["23505", "40001"].includes((e as { code?: string }).code ?? "")) return null;
      throw e;
    }
  }

  async list(): Promise<SnapshotInfo[]> {
    return this.unit("BEGIN ISOLATION LEVEL READ COMMITTED", async (s) =>
      (await s.query<{ name: string; created_time: number; size: number }>(`SELECT name, created_time, size FROM quire_snapshots ORDER BY name`)).map((r) => ({
        name: r.name,
        created_time: Number(r.created_time),
        size: Number(r.size),
      })),
    );
  }

  async restore(name: string): Promise<boolean> {
    const done = await this.unit("BEGIN ISOLATION LEVEL READ COMMITTED", async (s) => {
      const snap = await s.one<{ schema_version: number }>(`SELECT schema_version FROM quire_snapshots WHERE name = $1 FOR SHARE`, [name]);
      if (!snap) return false;
      if (snap.schema_version !== (await schemaVersion(s))) throw new SnapshotSchemaMismatch(name);
      // Writers take their workspace's advisory lock before their first statement: holding every
      // one (those now and those in the snapshot) makes them wait holding no table lock.
      const ws = await s.query<{ id: string }>(
        `SELECT id FROM workspaces UNION SELECT x.id FROM quire_snapshot_tables t, json_to_recordset(t.rows) AS x(id text)
          WHERE t.name = $1 AND t.table_name = 'workspaces' ORDER BY 1`,
        [name],
      );
      for (const key of [...Object.values(GLOBAL_LOCK), ...ws.map((w) => w.id)]) await s.lock(key);
      const tables = await snapshotTables(s);
      await s.exec(`LOCK TABLE ${tables.map((t) => `"${t}"`).join(", ")} IN EXCLUSIVE MODE`);
      await s.exec(`SET CONSTRAINTS ALL DEFERRED`);
      for (const t of tables) await s.exec(`DELETE FROM "${t}"`);
      const saved = new Set((await s.query<{ t: string }>(`SELECT table_name AS t FROM quire_snapshot_tables WHERE name = $1`, [name])).map((r) => r.t));
      for (const t of tables.filter((x) => saved.has(x))) {
        const cols = (await insertableColumns(s, t)).map((c) => `"${c}"`).join(", ");
        await s.exec(
          `INSERT INTO "${t}" (${cols}) OVERRIDING SYSTEM VALUE
           SELECT ${cols} FROM json_populate_recordset(NULL::"${t}", (SELECT rows FROM quire_snapshot_tables WHERE name = $1 AND table_name = $2))`,
          [name, t],
        );
      }
      return true;
    });
    if (done) this.restored();
    return done;
  }

  async remove(name: string): Promise<boolean> {
    return this.unit("BEGIN ISOLATION LEVEL READ COMMITTED", async (s) => {
      await s.exec(`DELETE FROM quire_snapshot_tables WHERE name = $1`, [name]);
      return (await s.exec(`DELETE FROM quire_snapshots WHERE name = $1`, [name])) > 0;
    });
  }
}

/** Every base table of the schema whose rows a snapshot holds. */
async function snapshotTables(s: PgSession): Promise<string[]> {
  const rows = await s.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.t).filter((t) => !NOT_SNAPSHOTTED.has(t));
}

/** The table's columns a row may be given (generated columns are computed). */
async function insertableColumns(s: PgSession, table: string): Promise<string[]> {
  const rows = await s.query<{ c: string }>(
    `SELECT a.attname AS c FROM pg_attribute a
      WHERE a.attrelid = format('%I', $1::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum`,
    [table],
  );
  return rows.map((r) => r.c);
}

async function schemaVersion(s: PgSession): Promise<number> {
  return Number((await s.one<{ v: number }>(`SELECT max(version) AS v FROM quire_schema`))!.v);
}
