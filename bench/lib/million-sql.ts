/**
 * The database ceiling of bench:million's "list children": the one statement a hand-written
 * server would run for a page of 100 children (the children in position order after a cursor,
 * with whether each has children), on the same database Quire filled — better-sqlite3 in this
 * process on SQLite, a `pg` client over loopback on PostgreSQL. Milliseconds per call.
 */
import Database from "better-sqlite3";
import pg from "pg";

export interface ListCeiling {
  /** Times one page of `limit` children of `parent`, from `cursor` (a child id) or the first. */
  time(parent: string, cursor: string | null, limit: number): Promise<number>;
  close(): Promise<void>;
}

// INDEXED BY as Quire's own statement has it: without it SQLite answers the EXISTS by scanning the
// workspace along the primary key (a million rows per child at this size).
const SQLITE = `SELECT n.*, EXISTS (SELECT 1 FROM nodes c INDEXED BY nodes_children WHERE c.workspace_id = n.workspace_id AND c.parent_id = n.id AND c.in_trash = 0) AS has_children
  FROM nodes n WHERE n.workspace_id = ? AND n.parent_id = ? AND n.in_trash = 0
   AND n.position >= coalesce((SELECT position FROM nodes WHERE workspace_id = ? AND parent_id = ? AND id = ?), -1e308)
  ORDER BY n.position LIMIT ?`;

const POSTGRES = `SELECT n.*, EXISTS (SELECT 1 FROM nodes c WHERE c.workspace_id = n.workspace_id AND c.parent_id = n.id AND NOT c.in_trash) AS has_children
  FROM nodes n WHERE n.workspace_id = $1 AND n.parent_id = $2 AND NOT n.in_trash
   AND n.position >= coalesce((SELECT position FROM nodes WHERE workspace_id = $1 AND parent_id = $2 AND id = $3), '-Infinity')
  ORDER BY n.position, n.id LIMIT $4`;

/** Opens the ceiling on the SQLite file (read-only), in the workspace of node `anyNode`. */
export function sqliteCeiling(file: string, anyNode: string): ListCeiling {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const { workspace_id: ws } = db.prepare("SELECT workspace_id FROM nodes WHERE id = ?").get(anyNode) as { workspace_id: string };
  const stmt = db.prepare(SQLITE);
  return {
    async time(parent, cursor, limit) {
      const t = performance.now();
      stmt.all(ws, parent, ws, parent, cursor, limit + 1);
      return performance.now() - t;
    },
    async close() {
      db.close();
    },
  };
}

/** Opens the ceiling on the PostgreSQL database (one connection, a prepared statement), in `anyNode`'s workspace. */
export async function postgresCeiling(url: string, anyNode: string): Promise<ListCeiling> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ws = (await client.query("SELECT workspace_id FROM nodes WHERE id = $1", [anyNode])).rows[0].workspace_id as string;
  return {
    async time(parent, cursor, limit) {
      const t = performance.now();
      await client.query({ name: "list", text: POSTGRES, values: [ws, parent, cursor, limit + 1] });
      return performance.now() - t;
    },
    async close() {
      await client.end();
    },
  };
}
