/** SQLite side of page permissions: the `page_permissions` table (migration slot 15). */
import type Database from "better-sqlite3";
import type { PermissionHit, PermissionRow, PermissionStore, Principal } from "./permissions.js";

/** Levels the ancestry walk climbs at most: a guard against a parent cycle in damaged data (as the node port's). */
const GUARD = 1_000_000;

/** The walk up from every start node (json array `@starts`), then the entries on each link. */
const ALONG = (principals: boolean) => `
  WITH RECURSIVE chain(start, id, parent_id, depth) AS (
    SELECT id, id, parent_id, 0 FROM nodes WHERE workspace_id = @ws AND id IN (SELECT value FROM json_each(@starts))
    UNION ALL
    SELECT chain.start, n.id, n.parent_id, chain.depth + 1
      FROM nodes n JOIN chain ON n.workspace_id = @ws AND n.id = chain.parent_id
     WHERE chain.depth < ${GUARD}
  )
  SELECT chain.start, chain.depth, p.node_id, p.principal_type, p.principal_id, p.level
    FROM chain JOIN page_permissions p ON p.workspace_id = @ws AND p.node_id = chain.id
   ${principals ? "WHERE p.principal_type || ':' || p.principal_id IN (SELECT value FROM json_each(@principals))" : ""}
   ORDER BY chain.start, chain.depth, p.principal_type, p.principal_id`;

export class SqlitePermissionStore implements PermissionStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      set: p(
        `INSERT INTO page_permissions (workspace_id, node_id, principal_type, principal_id, level)
         VALUES (@workspace_id, @node_id, @principal_type, @principal_id, @level)
         ON CONFLICT (workspace_id, node_id, principal_type, principal_id) DO UPDATE SET level = excluded.level`,
      ),
      remove: p(`DELETE FROM page_permissions WHERE workspace_id = ? AND node_id = ? AND principal_type = ? AND principal_id = ?`),
      listOn: p(`SELECT * FROM page_permissions WHERE workspace_id = ? AND node_id = ? ORDER BY principal_type, principal_id`),
      along: p(ALONG(true)),
      alongAll: p(ALONG(false)),
      nodesWith: p(
        `SELECT DISTINCT node_id FROM page_permissions
          WHERE workspace_id = @ws AND principal_type || ':' || principal_id IN (SELECT value FROM json_each(@principals))
          ORDER BY node_id LIMIT @limit`,
      ),
      removePrincipal: p(`DELETE FROM page_permissions WHERE workspace_id = ? AND principal_type = ? AND principal_id = ?`),
      removeNodes: p(`DELETE FROM page_permissions WHERE workspace_id = ? AND node_id IN (SELECT value FROM json_each(?))`),
    };
  }

  async set(row: PermissionRow) {
    this.s.set.run(row);
  }
  async remove(ws: string, nodeId: string, principal: Principal) {
    return this.s.remove.run(ws, nodeId, principal.type, principal.id).changes > 0;
  }
  async listOn(ws: string, nodeId: string) {
    return this.s.listOn.all(ws, nodeId) as PermissionRow[];
  }
  async along(ws: string, nodeIds: readonly string[], principals: readonly Principal[] | null) {
    if (nodeIds.length === 0 || principals?.length === 0) return [];
    const starts = JSON.stringify(nodeIds);
    if (principals === null) return this.s.alongAll.all({ ws, starts }) as PermissionHit[];
    return this.s.along.all({ ws, starts, principals: JSON.stringify(principals.map((p) => `${p.type}:${p.id}`)) }) as PermissionHit[];
  }
  async nodesWith(ws: string, principals: readonly Principal[], limit: number) {
    if (principals.length === 0 || limit <= 0) return [];
    const rows = this.s.nodesWith.all({ ws, principals: JSON.stringify(principals.map((p) => `${p.type}:${p.id}`)), limit }) as { node_id: string }[];
    return rows.map((r) => r.node_id);
  }
  async removePrincipal(ws: string, principal: Principal) {
    return this.s.removePrincipal.run(ws, principal.type, principal.id).changes;
  }
  async removeNodes(ws: string, nodeIds: readonly string[]) {
    if (nodeIds.length === 0) return 0;
    return this.s.removeNodes.run(ws, JSON.stringify(nodeIds)).changes;
  }
}
