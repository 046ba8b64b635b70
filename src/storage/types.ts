import type { FilterNode, OrderPosition, SortKey } from "../query/ast.js";
import type { CommentStore } from "./comments.js";
import type { FileUploadStore } from "./file-uploads.js";
import type { SearchStore } from "./search.js";
import type { TaskStore } from "./tasks.js";
import type { ViewStore } from "./views.js";
import type { TemplateStore } from "./templates.js";
import type { MeetingNoteStore } from "./meeting-notes.js";

/**
 * The store interface: everything domain code may ask of storage. Async so that a PostgreSQL
 * adapter can implement it; every row is keyed by workspace id; no SQL dialect leaks above here.
 */

export type Capability =
  | "read_content"
  | "update_content"
  | "insert_content"
  | "read_comments"
  | "insert_comments"
  | "user_info_none"
  | "user_info_without_email"
  | "user_info_with_email";

export interface WorkspaceRow {
  id: string;
  name: string;
  created_time: number;
  /** IANA time zone for formulas and relative date filters. */
  time_zone: string;
}

export interface UserRow {
  workspace_id: string;
  id: string;
  type: "person" | "bot";
  name: string | null;
  avatar_url: string | null;
  email: string | null;
  /** Set for bot users: the integration they speak for. */
  integration_id: string | null;
  created_time: number;
}

export interface IntegrationRow {
  workspace_id: string;
  id: string;
  name: string;
  /** SHA-256 of the bearer token, hex. Tokens themselves are not stored. */
  token_hash: string;
  bot_id: string;
  capabilities: Capability[];
  created_time: number;
}

export type ParentType = "workspace" | "page_id" | "block_id" | "database_id" | "data_source_id";

/** A page or a block (pages are blocks in Notion, and share ids with their child_page block). */
export interface NodeRow {
  workspace_id: string;
  id: string;
  /** `page` for pages; the block type otherwise. */
  type: string;
  parent_type: ParentType;
  parent_id: string | null;
  /** Order among siblings; only compared, never shown. */
  position: number;
  /** The block's type payload as stored (response form), or page-level extras. */
  data: Record<string, unknown>;
  /** Pages: property values keyed by property id (docs/design/database-values.md). */
  properties: Record<string, unknown> | null;
  /** Database pages: per-property projections (plain text, date bounds) for filtering in SQL. */
  idx?: Record<string, unknown> | null;
  icon: Record<string, unknown> | null;
  cover: Record<string, unknown> | null;
  /** The node's own trash flag (set by trashing it, not an ancestor). */
  in_trash: boolean;
  /**
   * Not stored: true when an ancestor is in the trash, which puts this node there too (read
   * paths fill it in; presenters and the edit rule look at both flags).
   */
  inherited_trash?: boolean;
  is_locked: boolean;
  is_archived: boolean;
  created_time: number;
  created_by: string;
  last_edited_time: number;
  last_edited_by: string;
}

/** A node as read back, with whether it has (untrashed) children. */
export interface StoredNode extends NodeRow {
  has_children: boolean;
}

export interface AncestorLink {
  id: string;
  type: string;
  in_trash: boolean;
  parent_type: ParentType;
  parent_id: string | null;
}

export interface Page<T> {
  items: T[];
  /** The id of the first item of the next page, or null. */
  next: string | null;
}

/** A data-source query as the store runs it: the parsed filter and sorts, and a window. */
export interface RowQuery {
  filter: FilterNode | null;
  sorts: readonly SortKey[];
  /** Pages in the trash instead of the others. */
  trashed: boolean;
  offset: number;
  limit: number;
}

/** A workspace's custom emoji (created through the control API). */
export interface CustomEmojiRow {
  workspace_id: string;
  id: string;
  /** Unique in the workspace; what `:name:` and the list's `name` filter match. */
  name: string;
  url: string;
  created_time: number;
  created_by: string | null;
}

/** Custom emojis: `Tx.emojis`. */
export interface CustomEmojiStore {
  get(workspaceId: string, id: string): Promise<CustomEmojiRow | null>;
  getByName(workspaceId: string, name: string): Promise<CustomEmojiRow | null>;
  /** In creation order from the emoji `from` (a cursor), only those named `name` when given; null if `from` is unknown. */
  list(workspaceId: string, from: string | null, limit: number, name?: string): Promise<Page<CustomEmojiRow> | null>;
  insert(row: CustomEmojiRow): Promise<void>;
  remove(workspaceId: string, id: string): Promise<boolean>;
}

/** Operations available inside one read or write unit. */
export interface Tx {
  /** Comments (src/storage/sqlite-comments.ts). */
  readonly comments: CommentStore;
  /** Custom emojis (src/storage/sqlite-emojis.ts). */
  readonly emojis: CustomEmojiStore;
  /** File uploads (src/storage/sqlite-files.ts). */
  readonly files: FileUploadStore;
  /** The title search index, kept in step with node writes by the store (src/storage/sqlite-search.ts). */
  readonly search: SearchStore;
  /** Async tasks (src/storage/sqlite-tasks.ts). */
  readonly tasks: TaskStore;
  /** Database views and cached view queries (src/storage/sqlite-views.ts). */
  readonly views: ViewStore;
  /** Page templates of data sources (src/storage/sqlite-templates.ts); templates are not rows. */
  readonly templates: TemplateStore;
  /** Meeting notes attendance (src/storage/sqlite-meeting-notes.ts). */
  readonly meetingNotes: MeetingNoteStore;

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  getWorkspace(id: string): Promise<WorkspaceRow | null>;
  firstWorkspace(): Promise<WorkspaceRow | null>;
  insertWorkspace(row: WorkspaceRow): Promise<void>;
  updateWorkspace(row: WorkspaceRow): Promise<void>;

  getUser(workspaceId: string, id: string): Promise<UserRow | null>;
  /** Users in creation order, starting at the user `from` (a cursor) when given. */
  listUsers(workspaceId: string, from: string | null, limit: number): Promise<Page<UserRow> | null>;
  /** The person with this email, ignoring ASCII case (emails are unique among a workspace's people). */
  findPersonByEmail(workspaceId: string, email: string): Promise<UserRow | null>;
  insertUser(row: UserRow): Promise<void>;
  updateUser(row: UserRow): Promise<void>;

  getIntegrationByTokenHash(hash: string): Promise<IntegrationRow | null>;
  getIntegration(workspaceId: string, id: string): Promise<IntegrationRow | null>;
  listIntegrations(workspaceId: string): Promise<IntegrationRow[]>;
  insertIntegration(row: IntegrationRow): Promise<void>;
  updateIntegration(row: IntegrationRow): Promise<void>;
  deleteIntegration(workspaceId: string, id: string): Promise<void>;

  addShare(workspaceId: string, integrationId: string, objectId: string, at: number): Promise<void>;
  removeShare(workspaceId: string, integrationId: string, objectId: string): Promise<boolean>;
  listShares(workspaceId: string, integrationId: string): Promise<string[]>;
  /** True when any of `objectIds` is shared with the integration. */
  anyShared(workspaceId: string, integrationId: string, objectIds: string[]): Promise<boolean>;

  getNode(workspaceId: string, id: string): Promise<StoredNode | null>;
  /** The node and its ancestors, nearest first, up to the top. */
  getAncestry(workspaceId: string, id: string): Promise<AncestorLink[]>;
  /** Untrashed children in order, starting at child `from` when given; null if `from` is not a child. */
  listChildren(workspaceId: string, parentId: string, from: string | null, limit: number): Promise<Page<StoredNode> | null>;
  /** Lowest and highest position among all children (trashed included), or null when none. */
  childBounds(workspaceId: string, parentId: string): Promise<{ min: number; max: number } | null>;
  /** The position of the first child placed after `position`, or null. */
  nextPosition(workspaceId: string, parentId: string, position: number): Promise<number | null>;
  /** All children (trashed included) in order: for renumbering. */
  childPositions(workspaceId: string, parentId: string): Promise<{ id: string; position: number }[]>;
  insertNodes(rows: NodeRow[]): Promise<void>;
  updateNode(row: NodeRow): Promise<void>;
  setPositions(workspaceId: string, moves: { id: string; position: number }[]): Promise<void>;

  /**
   * Rows of a data source matching a query, in its order (ties broken by id): `q.limit` rows
   * starting at `at` — a cursor's row, which may since have changed or gone: the rows that do
   * not sort strictly before it — or, without `at`, at row `q.offset`. Null when the query needs
   * values the store cannot compute (formulas, rollups).
   */
  queryRows(workspaceId: string, dataSourceId: string, q: RowQuery, at: OrderPosition | null): Promise<StoredNode[] | null>;
  /** The ids of the rows `queryRows` answers, without loading them (view queries cache ids only). */
  queryRowIds(workspaceId: string, dataSourceId: string, q: RowQuery, at: OrderPosition | null): Promise<string[] | null>;
    /** Every row of a data source (in the trash or not; never its templates), for queries evaluated in memory. */
  allRows(workspaceId: string, dataSourceId: string, trashed: boolean): Promise<StoredNode[]>;
  /**
   * The distinct page ids the rows of a data source (in the trash or not) hold in a relation
   * property: what a query reading the whole value may meet (its hidden ones, src/query/hidden.ts).
   */
  relatedPageIds(workspaceId: string, dataSourceId: string, propertyId: string): Promise<string[]>;
  /** Those of `ids` that are rows of the data source (in the trash or not), from the row index. */
  rowsAmong(workspaceId: string, dataSourceId: string, ids: readonly string[]): Promise<string[]>;
}

export interface Store {
  /** Runs `fn` with a consistent view; no writes. */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction: all of its writes land, or none do. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
