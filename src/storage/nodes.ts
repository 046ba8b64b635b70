import type { NodeRow, StoredNode, AncestorLink, NodeInSight, Page } from "./records.js";

/** A child's place among its siblings: ordered by position, then id. */
export interface ChildPosition {
  id: string;
  position: number;
}

/** Pages and blocks as one tree: reads, order among siblings, writes. A part of `Tx` (src/storage/types.ts). */
export interface NodePort {
  getNode(workspaceId: string, id: string): Promise<StoredNode | null>;
  /**
   * The nodes among `ids` that exist, in one statement whatever their number (in no set order;
   * duplicates read once): what reads of many related pages ask instead of one `getNode` each.
   */
  getNodes(workspaceId: string, ids: readonly string[]): Promise<StoredNode[]>;
  /**
   * The untrashed children of type `type` of every one of `parentIds`, in one statement, in
   * (parent_id, position, id) order: a database's data sources for many databases at once.
   */
  getChildrenOf(workspaceId: string, parentIds: readonly string[], type: string): Promise<StoredNode[]>;
  /**
   * The node, whether it or an ancestor is shared with the integration, and whether an ancestor
   * is in the trash — in one statement (the access check of every read: docs/PERFORMANCE.md).
   * Null when the node does not exist.
   */
  getNodeInSight(workspaceId: string, integrationId: string, id: string): Promise<NodeInSight | null>;
  /** The node and its ancestors, nearest first, up to the top. */
  getAncestry(workspaceId: string, id: string): Promise<AncestorLink[]>;
  /** Untrashed children in order, starting at child `from` when given; null if `from` is not a child. */
  listChildren(workspaceId: string, parentId: string, from: string | null, limit: number): Promise<Page<StoredNode> | null>;
  /** Lowest and highest position among all children (trashed included), or null when none. */
  childBounds(workspaceId: string, parentId: string): Promise<{ min: number; max: number } | null>;
  /** The position of the first child placed after `position`, or null. */
  nextPosition(workspaceId: string, parentId: string, position: number): Promise<number | null>;
  /**
   * Children (trashed included) after `after` in (position, id) order — from the first when null —,
   * at most `limit`: a window to renumber or page through, never every child of a parent that may
   * have hundreds of thousands.
   */
  childPositions(workspaceId: string, parentId: string, after: ChildPosition | null, limit: number): Promise<ChildPosition[]>;
  insertNodes(rows: NodeRow[]): Promise<void>;
  updateNode(row: NodeRow): Promise<void>;
  setPositions(workspaceId: string, moves: { id: string; position: number }[]): Promise<void>;
}
