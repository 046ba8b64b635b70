/** `Tx.permissions` on PostgreSQL: page permission entries (`page_permissions`), found along a node's ancestry. */
import type { PermissionHit, PermissionRow, PermissionStore, Principal } from "../permissions.js";
import type { PgSession } from "./session.js";

/** Levels the ancestry walk climbs at most: a guard against a parent cycle in damaged data (as the node port's). */
const GUARD = 1_000_000;

const COLUMNS = `workspace_id, node_id, principal_type, principal_id, level`;

/** The walk up from every start node ($2), then the entries on each link (principals as `type:id` in $3 when given). */
const ALONG = (principals: boolean) => `
  WITH RECURSIVE chain(start, id, parent_id, depth) AS (
    SELECT id, id, parent_id, 0 FROM nodes WHERE workspace_id = $1 AND id = ANY($2::text[])
    UNION ALL
    SELECT chain.start, n.id, n.parent_id, chain.depth + 1
      FROM nodes n JOIN chain ON n.workspace_id = $1 AND n.id = chain.parent_id
     WHERE chain.depth < ${GUARD}
  )
  SELECT chain.start, chain.depth, p.node_id, p.principal_type, p.principal_id, p.level
    FROM chain JOIN page_permissions p ON p.workspace_id = $1 AND p.node_id = chain.id
   ${principals ? "WHERE (p.principal_type || ':' || p.principal_id) = ANY($3::text[])" : ""}
   ORDER BY chain.start, chain.depth, p.principal_type, p.principal_id`;

/** Page permission entries (src/storage/permissions.ts). */
export class PgPermissions implements PermissionStore {
  constructor(readonly s: PgSession) {}

  async set(row: PermissionRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO page_permissions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, node_id, principal_type, principal_id) DO UPDATE SET level = EXCLUDED.level`,
      [row.workspace_id, row.node_id, row.principal_type, row.principal_id, row.level],
    );
  }
  async remove(ws: string, nodeId: string, principal: Principal) {
    await this.s.lock(ws);
    const n = await this.s.exec(`DELETE FROM page_permissions WHERE workspace_id = $1 AND node_id = $2 AND principal_type = $3 AND principal_id = $4`, [
      ws,
      nodeId,
      principal.type,
      principal.id,
    ]);
    return n > 0;
  }
  async listOn(ws: string, nodeId: string) {
    await this.s.lock(ws);
    return this.s.query<PermissionRow>(`SELECT ${COLUMNS} FROM page_permissions WHERE workspace_id = $1 AND node_id = $2 ORDER BY principal_type, principal_id`, [ws, nodeId]);
  }
  async along(ws: string, nodeIds: readonly string[], principals: readonly Principal[] | null) {
    if (nodeIds.length === 0 || principals?.length === 0) return [];
    await this.s.lock(ws);
    const params: unknown[] = [ws, [...new Set(nodeIds)]];
    if (principals !== null) params.push(principals.map((p) => `${p.type}:${p.id}`));
    const rows = await this.s.query<PermissionHit>(ALONG(principals !== null), params);
    return rows.map((r) => ({ ...r, depth: Number(r.depth) }));
  }
  async nodesWith(ws: string, principals: readonly Principal[], limit: number) {
    if (principals.length === 0 || limit <= 0) return [];
    await this.s.lock(ws);
    const rows = await this.s.query<{ node_id: string }>(
      `SELECT DISTINCT node_id FROM page_permissions
        WHERE workspace_id = $1 AND (principal_type || ':' || principal_id) = ANY($2::text[])
        ORDER BY node_id LIMIT $3`,
      [ws, principals.map((p) => `${p.type}:${p.id}`), limit],
    );
    return rows.map((r) => r.node_id);
  }
  async removePrincipal(ws: string, principal: Principal) {
    await this.s.lock(ws);
    return this.s.exec(`DELETE FROM page_permissions WHERE workspace_id = $1 AND principal_type = $2 AND principal_id = $3`, [ws, principal.type, principal.id]);
  }
  async removeNodes(ws: string, nodeIds: readonly string[]) {
    if (nodeIds.length === 0) return 0;
    await this.s.lock(ws);
    return this.s.exec(`DELETE FROM page_permissions WHERE workspace_id = $1 AND node_id = ANY($2::text[])`, [ws, [...nodeIds]]);
  }
}
