/**
 * `NodePort` on PostgreSQL: pages and blocks as one tree — reads, ancestry (a recursive CTE),
 * children in position order, writes. Every node write calls the unit's derived-state hook
 * (row keys, the title index) in the same transaction.
 */
import type { ChildPosition, NodePort } from "../nodes.js";
import type { AncestorLink, NodeInSight, NodeRow, Page, StoredNode } from "../records.js";
import { json, pageOf } from "./json.js";
import { storedNodeOf } from "../node-rows.js";
import type { PgSession, Row } from "./session.js";

/** What the unit keeps in step with node writes (postgres/tx.ts wires the rows and search ports). */
export type NodesWritten = (rows: NodeRow[], inserted: boolean) => Promise<void>;
/** Called before a stored node is updated (the row-key index reads a data source's old schema: postgres/row-keys.ts). */
export type NodeUpdating = (row: NodeRow) => Promise<void>;

/**
 * `has_children` as the first child in position order, not EXISTS: with statistics, a parent of
 * many children (a data source) makes PostgreSQL expect thousands of children per node and check
 * EXISTS with a sequential scan that stops at the first — which for a childless row reads every
 * node (28 s for a page of 101 rows among 100,000, docs/PERFORMANCE.md); ordered by position, the
 * subquery is one probe of nodes_children.
 */
const NODE_COLUMNS = `n.workspace_id, n.id, n.type, n.parent_type, n.parent_id, n.position, n.data, n.properties, n.idx, n.icon, n.cover,
  n.in_trash, n.is_locked, n.is_archived, n.created_time, n.created_by, n.last_edited_time, n.last_edited_by,
  (SELECT 1 FROM nodes c WHERE c.workspace_id = n.workspace_id AND c.parent_id = n.id AND NOT c.in_trash ORDER BY c.position LIMIT 1) IS NOT NULL AS has_children`;

/** The columns a read selects, for the other ports that read nodes (rows). */
export const PG_NODE_COLUMNS = NODE_COLUMNS;

/** The same guard as the SQLite adapter's (src/storage/sqlite.ts ANCESTRY_GUARD): against a cycle in damaged data. */
const ANCESTRY_GUARD = 1_000_000;

/** A stored node from its row. */
export function toNode(r: Row): StoredNode {
  // Field by field (node-rows.ts), as on SQLite: a spread of the driver's row copied every column,
  // extra ones included, on every read (issue 11).
  return storedNodeOf(r, isTrue);
}

const isTrue = (v: unknown): boolean => v === true;

const INSERT_COLUMNS = [
  "workspace_id", "id", "type", "parent_type", "parent_id", "position", "data", "properties", "idx", "icon", "cover",
  "in_trash", "is_locked", "is_archived", "created_time", "created_by", "last_edited_time", "last_edited_by",
] as const;
/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters). */
const INSERT_BATCH = 1000;

function values(row: NodeRow): unknown[] {
  return [
    row.workspace_id, row.id, row.type, row.parent_type, row.parent_id, row.position, json(row.data), json(row.properties),
    json(row.idx ?? null), json(row.icon), json(row.cover), row.in_trash, row.is_locked, row.is_archived,
    row.created_time, row.created_by, row.last_edited_time, row.last_edited_by,
  ];
}

/** The tree of pages and blocks. */
export class PgNodes implements NodePort {
  constructor(
    private readonly s: PgSession,
    private readonly written: NodesWritten,
    private readonly updating: NodeUpdating | null = null,
  ) {}

  async getNode(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.id = $2`, [ws, id], "quire_get_node");
    return r ? toNode(r) : null;
  }
  async getNodes(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    await this.s.lock(ws);
    const rows = await this.s.query(`SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.id = ANY($2::text[])`, [ws, [...new Set(ids)]]);
    return rows.map(toNode);
  }
  async getChildrenOf(ws: string, parentIds: readonly string[], type: string) {
    if (parentIds.length === 0) return [];
    await this.s.lock(ws);
    const rows = await this.s.query(
      `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.parent_id = ANY($2::text[]) AND n.type = $3 AND NOT n.in_trash
       ORDER BY n.parent_id, n.position, n.id`,
      [ws, [...new Set(parentIds)], type],
    );
    return rows.map(toNode);
  }
  async getNodeInSight(ws: string, integrationId: string, id: string): Promise<NodeInSight | null> {
    await this.s.lock(ws);
    // One statement, as on SQLite (src/storage/sqlite.ts nodeInSight): the chain folded into one row.
    const r = await this.s.one(
      `WITH RECURSIVE chain(id, in_trash, parent_id, depth) AS (
         SELECT id, in_trash, parent_id, 0 FROM nodes WHERE workspace_id = $1 AND id = $3
         UNION ALL
         SELECT a.id, a.in_trash, a.parent_id, chain.depth + 1
           FROM nodes a JOIN chain ON a.workspace_id = $1 AND a.id = chain.parent_id
          WHERE chain.depth < ${ANCESTRY_GUARD}
       ), sight AS (
         SELECT bool_or(EXISTS (SELECT 1 FROM shares s WHERE s.workspace_id = $1 AND s.integration_id = $2 AND s.object_id = chain.id)) AS visible,
                bool_or(chain.depth > 0 AND chain.in_trash) AS inherited_trash
           FROM chain
       )
       SELECT ${NODE_COLUMNS}, sight.visible AS sight_visible, sight.inherited_trash AS sight_inherited_trash
         FROM nodes n CROSS JOIN sight WHERE n.workspace_id = $1 AND n.id = $3`,
      [ws, integrationId, id],
      "quire_node_in_sight", // every read of a node by id runs it: prepared once per connection
    );
    if (!r) return null;
    return { node: toNode(r), visible: r.sight_visible === true, inherited_trash: r.sight_inherited_trash === true };
  }
  async getAncestry(ws: string, id: string): Promise<AncestorLink[]> {
    await this.s.lock(ws);
    return this.s.query<AncestorLink>(
      `WITH RECURSIVE chain(id, type, in_trash, parent_type, parent_id, depth) AS (
         SELECT id, type, in_trash, parent_type, parent_id, 0 FROM nodes WHERE workspace_id = $1 AND id = $2
         UNION ALL
         SELECT n.id, n.type, n.in_trash, n.parent_type, n.parent_id, chain.depth + 1
           FROM nodes n JOIN chain ON n.workspace_id = $1 AND n.id = chain.parent_id
          WHERE chain.depth < ${ANCESTRY_GUARD}
       ) SELECT id, type, in_trash, parent_type, parent_id FROM chain ORDER BY depth`,
      [ws, id],
    );
  }
  async listChildren(ws: string, parentId: string, from: string | null, limit: number): Promise<Page<StoredNode> | null> {
    await this.s.lock(ws);
    let rows: Row[];
    if (from === null) {
      rows = await this.s.query(
        `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.parent_id = $2 AND NOT n.in_trash ORDER BY n.position, n.id LIMIT $3`,
        [ws, parentId, limit + 1],
      );
    } else {
      const at = await this.s.one<{ position: number }>(
        `SELECT position FROM nodes WHERE workspace_id = $1 AND parent_id = $2 AND id = $3 AND NOT in_trash`,
        [ws, parentId, from],
      );
      if (!at) return null;
      rows = await this.s.query(
        `SELECT ${NODE_COLUMNS} FROM nodes n WHERE n.workspace_id = $1 AND n.parent_id = $2 AND NOT n.in_trash AND n.position >= $3
         ORDER BY n.position, n.id LIMIT $4`,
        [ws, parentId, at.position, limit + 1],
      );
    }
    return pageOf(rows.map(toNode), limit);
  }
  async childBounds(ws: string, parentId: string) {
    await this.s.lock(ws);
    const r = await this.s.one<{ min: number | null; max: number | null }>(
      `SELECT MIN(position) AS min, MAX(position) AS max FROM nodes WHERE workspace_id = $1 AND parent_id = $2`,
      [ws, parentId],
    );
    return !r || r.min === null ? null : { min: r.min, max: r.max as number };
  }
  async nextPosition(ws: string, parentId: string, position: number) {
    await this.s.lock(ws);
    const r = await this.s.one<{ position: number }>(
      `SELECT position FROM nodes WHERE workspace_id = $1 AND parent_id = $2 AND position > $3 ORDER BY position, id LIMIT 1`,
      [ws, parentId, position],
    );
    return r ? r.position : null;
  }
  async childPositions(ws: string, parentId: string, after: ChildPosition | null, limit: number) {
    await this.s.lock(ws);
    return this.s.query<ChildPosition>(
      `SELECT id, position FROM nodes WHERE workspace_id = $1 AND parent_id = $2 AND (position, id) > ($3::float8, $4::text) ORDER BY position, id LIMIT $5`,
      [ws, parentId, after?.position ?? "-Infinity", after?.id ?? "", limit],
    );
  }
  async insertNodes(rows: NodeRow[]) {
    if (rows.length === 0) return;
    for (const ws of new Set(rows.map((r) => r.workspace_id))) await this.s.lock(ws);
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      const n = INSERT_COLUMNS.length;
      const tuples = batch.map((_, r) => `(${INSERT_COLUMNS.map((__, c) => `$${r * n + c + 1}`).join(", ")})`);
      await this.s.exec(`INSERT INTO nodes (${INSERT_COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}`, batch.flatMap(values));
    }
    await this.written(rows, true);
  }
  async updateNode(row: NodeRow) {
    await this.s.lock(row.workspace_id);
    if (this.updating) await this.updating(row);
    const v = values(row);
    // The creation columns (14, 15: created_time, created_by) never change.
    await this.s.exec(
      `UPDATE nodes SET type = $3, parent_type = $4, parent_id = $5, position = $6, data = $7, properties = $8, idx = $9,
         icon = $10, cover = $11, in_trash = $12, is_locked = $13, is_archived = $14, last_edited_time = $15, last_edited_by = $16
       WHERE workspace_id = $1 AND id = $2`,
      [...v.slice(0, 14), ...v.slice(16)],
    );
    await this.written([row], false);
  }
  async setPositions(ws: string, moves: { id: string; position: number }[]) {
    if (moves.length === 0) return;
    await this.s.lock(ws);
    await this.s.exec(
      `UPDATE nodes n SET position = m.position FROM unnest($2::text[], $3::float8[]) AS m(id, position)
       WHERE n.workspace_id = $1 AND n.id = m.id`,
      [ws, moves.map((m) => m.id), moves.map((m) => m.position)],
    );
  }
}
