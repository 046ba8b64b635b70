/**
 * The records storage keeps and answers, shared by every port (src/storage/types.ts) and
 * adapter. Every record is keyed by workspace id.
 */
import type { FilterNode, SortKey } from "../query/ast.js";
import type { Capability } from "../api/capabilities.js";

export interface WorkspaceRow {
  id: string;
  name: string;
  created_time: number;
  /** IANA time zone for formulas and relative date filters. */
  time_zone: string;
}

/** A person's role in a workspace, as Notion names them (developers.notion.com SCIM `role`; guests are not members). */
export type WorkspaceRole = "owner" | "membership_admin" | "member" | "guest";

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
  /** A person's role in this workspace; null for bots and for a person whose membership ended (pages keep naming them). */
  role: WorkspaceRole | null;
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
  /** A public integration's installation: its OAuth client (`OAuthClientRow.id`); null (or absent) for internal integrations. */
  oauth_client_id?: string | null;
  /** A public integration's installation: the person who installed it (its owner); null for internal integrations. */
  installed_by?: string | null;
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

/** Who a bearer token authenticates (`IntegrationPort.getTokenOwner`). */
export interface TokenOwner {
  integration: IntegrationRow;
  workspace: WorkspaceRow;
  bot: UserRow;
}

/** A node with what the access check needs, read in one statement (`NodePort.getNodeInSight`). */
export interface NodeInSight {
  node: StoredNode;
  /** The node or one of its ancestors is shared with the integration. */
  visible: boolean;
  /** An ancestor (not the node itself) is in the trash. */
  inherited_trash: boolean;
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

