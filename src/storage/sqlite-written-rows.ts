/**
 * Which rows of `nodes` a SQLite store's write units change, reported by the connection itself:
 * temporary triggers (this connection's own, not in the file's schema) call back into the store
 * for every row inserted, updated or deleted — by any statement, foreign-key actions included —
 * so what remembers reads (`sqlite-read-cache.ts`) can forget the nodes in sight a unit could
 * have changed instead of all of them. A node in sight is the node's row, whether it has
 * children, and its chain of ancestors (their trash flags and shares): so a row changed forgets
 * itself; a row made, removed, moved or trashed forgets its old and new parent too (their
 * `has_children`); and such a change to a node that has children of its own can change the sight
 * of every descendant, so it forgets every node in sight. docs/design/storage.md, "What a SQLite
 * store remembers".
 */
import type Database from "better-sqlite3";

/** The table whose rows are reported. */
export const ROW_TABLE = "nodes";

/** How a node in sight is grouped: workspace and node id (all integrations' entries for it). */
export const nodeGroup = (ws: string, id: string) => `${ws}\u0000${id}`;

type Value = string | number | bigint | null;

/**
 * Installs the triggers on `db` (after migrations: they are not part of the schema the table
 * catalog reads). `note(groups)` is called for each row changed with the groups it can have
 * changed, or with `null` when it can have changed any node in sight.
 */
export function reportNodeRows(db: Database.Database, note: (groups: readonly string[] | null) => void): void {
  db.function("quire_node_written", { deterministic: false, varargs: false }, (oldWs: Value, oldId: Value, oldParent: Value, oldTrash: Value, newWs: Value, newId: Value, newParent: Value, newTrash: Value, hasChildren: Value) => {
    note(groupsOf([oldWs, oldId, oldParent, oldTrash], [newWs, newId, newParent, newTrash], hasChildren === 1));
    return null;
  });
  // `has_children` is asked only when the chain can change (CASE is lazy): a plain update of a
  // row's columns costs one call and no lookup.
  const children = (ws: string, id: string) => `EXISTS (SELECT 1 FROM main.nodes c WHERE c.workspace_id = ${ws} AND c.parent_id = ${id} AND c.id IS NOT ${id})`;
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS quire_nodes_inserted AFTER INSERT ON main.nodes BEGIN
      SELECT quire_node_written(NULL, NULL, NULL, NULL, new.workspace_id, new.id, new.parent_id, new.in_trash, ${children("new.workspace_id", "new.id")});
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS quire_nodes_deleted AFTER DELETE ON main.nodes BEGIN
      SELECT quire_node_written(old.workspace_id, old.id, old.parent_id, old.in_trash, NULL, NULL, NULL, NULL, ${children("old.workspace_id", "old.id")});
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS quire_nodes_updated AFTER UPDATE ON main.nodes BEGIN
      SELECT quire_node_written(old.workspace_id, old.id, old.parent_id, old.in_trash, new.workspace_id, new.id, new.parent_id, new.in_trash,
        CASE WHEN old.parent_id IS new.parent_id AND old.in_trash IS new.in_trash THEN 0 ELSE ${children("old.workspace_id", "old.id")} END);
    END;
  `);
}

/** The groups one row's change can have changed; null: any. */
function groupsOf(before: Value[], after: Value[], hasChildren: boolean): string[] | null {
  const [ow, oi, op, ot] = before;
  const [nw, ni, np, nt] = after;
  const row = (ws: Value, id: Value) => (ws === null || id === null ? [] : [nodeGroup(String(ws), String(id))]);
  if (oi === null) return hasChildren ? null : [...row(nw, ni), ...row(nw, np)];
  if (ni === null) return hasChildren ? null : [...row(ow, oi), ...row(ow, op)];
  if (ow !== nw || oi !== ni) return null;
  if (op === np && ot === nt) return row(ow, oi);
  return hasChildren ? null : [...row(ow, oi), ...row(ow, op), ...row(nw, np)];
}
