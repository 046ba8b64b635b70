/**
 * The store port of page permissions: explicit entries giving a person, a group or the whole
 * workspace a level on a page (or database) and, through inheritance, on everything below it.
 * What a person ends up with is decided in src/domain/permissions.ts; this port stores entries
 * and finds them along a node's ancestry.
 */

/** Notion's page access levels, highest first (src/domain/permissions.ts ranks them). */
export const PERMISSION_LEVELS = ["full_access", "can_edit", "can_comment", "can_view"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** Who an entry gives access to: a person, a group, or every member of the workspace (id = the workspace's id). */
export type PrincipalType = "user" | "group" | "workspace";

/** A principal as entries name it. */
export interface Principal {
  type: PrincipalType;
  id: string;
}

/** One explicit entry: `principal` has `level` on `node_id` and, unless overridden, below it. */
export interface PermissionRow {
  workspace_id: string;
  node_id: string;
  principal_type: PrincipalType;
  principal_id: string;
  level: PermissionLevel;
}

/** An entry met walking up from `start`: on the node `depth` links above it (0: on `start` itself). */
export interface PermissionHit {
  start: string;
  depth: number;
  node_id: string;
  principal_type: PrincipalType;
  principal_id: string;
  level: PermissionLevel;
}

/** Page permission entries: `Tx.permissions` (src/storage/sqlite-permissions.ts, src/storage/postgres/permissions.ts). */
export interface PermissionStore {
  /** Sets the principal's level on the node (replacing its entry there, if any). */
  set(row: PermissionRow): Promise<void>;
  /** Removes the principal's entry on the node; false when there was none. */
  remove(workspaceId: string, nodeId: string, principal: Principal): Promise<boolean>;
  /** The entries on one node, in (principal_type, principal_id) order. */
  listOn(workspaceId: string, nodeId: string): Promise<PermissionRow[]>;
  /**
   * Every entry on each of `nodeIds` and on its ancestors, in one statement, for the given
   * principals only (all of them when null), in (start, depth, principal_type, principal_id)
   * order. A start that does not exist has none.
   */
  along(workspaceId: string, nodeIds: readonly string[], principals: readonly Principal[] | null): Promise<PermissionHit[]>;
  /**
   * The nodes with an entry naming any of the principals, each once, in id order, at most
   * `limit` (where a person's access starts: the OAuth consent page's tree roots).
   */
  nodesWith(workspaceId: string, principals: readonly Principal[], limit: number): Promise<string[]>;
  /** Removes every entry naming the principal (a group deleted, a person gone); how many went. */
  removePrincipal(workspaceId: string, principal: Principal): Promise<number>;
  /** Removes every entry on the nodes (nodes deleted for good); how many went. */
  removeNodes(workspaceId: string, nodeIds: readonly string[]): Promise<number>;
}
