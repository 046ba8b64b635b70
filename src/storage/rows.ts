import type { OrderPosition } from "../query/ast.js";
import type { StoredNode, RowQuery } from "./records.js";

/** Data-source rows: queries through the store's row index, and the inputs of queries evaluated in memory. A part of `Tx` (src/storage/types.ts). */
export interface RowPort {
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
