/**
 * The view store (Tx.views): database views and the cached results of view queries. Kept beside
 * types.ts so that a PostgreSQL adapter implements the same interface; every key starts with the
 * workspace id. Rules and sources: docs/design/views.md.
 */
import type { Page } from "./records.js";

/** The ten view types (developers.notion.com/reference/view, "Supported view types"). */
export type ViewType = "table" | "board" | "list" | "calendar" | "timeline" | "gallery" | "form" | "chart" | "map" | "dashboard";

/** A view as stored. Filters, sorts and quick filters name properties by id. */
export interface ViewRow {
  workspace_id: string;
  id: string;
  /** The database whose tab bar (or dashboard) holds the view: its `parent`. */
  database_id: string;
  /** The data source it shows; null for dashboards. May be another database's (a linked view). */
  data_source_id: string | null;
  /** Set on a widget view: the dashboard view that holds it. */
  dashboard_view_id: string | null;
  type: ViewType;
  name: string;
  /** Order in the database's tab bar (widgets: unused, their dashboard's rows order them). */
  position: number;
  filter: Record<string, unknown> | null;
  sorts: Record<string, unknown>[] | null;
  /** Property id → condition (a property filter without `property`). */
  quick_filters: Record<string, Record<string, unknown>> | null;
  /** `{type, …}`; a dashboard's holds its `rows` of widgets. */
  configuration: Record<string, unknown>;
  created_time: number;
  created_by: string;
  last_edited_time: number;
  last_edited_by: string;
}

/** A view query: the ordered page ids a view selected when it ran, kept until `expires_at`. */
export interface ViewQueryRow {
  workspace_id: string;
  id: string;
  view_id: string;
  /** Only the integration that ran a query may read it. */
  integration_id: string;
  created_time: number;
  expires_at: number;
  total_count: number;
  /** More rows matched than the cache keeps (Notion's 10,000). */
  capped: boolean;
}

export interface ViewStore {
  get(workspaceId: string, id: string): Promise<ViewRow | null>;
  /** Every view of a database (widgets included), tab views by position. */
  listByDatabase(workspaceId: string, databaseId: string): Promise<ViewRow[]>;
  /** Every view that shows a data source, in any database, by database and position. */
  listByDataSource(workspaceId: string, dataSourceId: string): Promise<ViewRow[]>;
  insert(row: ViewRow): Promise<void>;
  /** Writes everything but the ids, database and creation fields. */
  update(row: ViewRow): Promise<void>;
  /** Removes a view and its queries; false when it did not exist. */
  delete(workspaceId: string, id: string): Promise<boolean>;

  /** Stores a query and its result ids, in order. */
  insertQuery(row: ViewQueryRow, pageIds: readonly string[]): Promise<void>;
  getQuery(workspaceId: string, id: string): Promise<ViewQueryRow | null>;
  /** `limit` result ids from the result `from` (a cursor: a page id of the results); null if `from` is not one. */
  queryResults(workspaceId: string, queryId: string, from: string | null, limit: number): Promise<Page<string> | null>;
  /** Removes a query and its results; false when it did not exist. */
  deleteQuery(workspaceId: string, id: string): Promise<boolean>;
  /**
   * Removes every query that expired at or before `now` — of one workspace when `workspaceId` is
   * given (inside a request: no statement reaches another workspace), else of all (the sweep's
   * timer); returns how many.
   */
  sweepQueries(now: number, workspaceId?: string): Promise<number>;
}
