import type { Page, WorkspaceRow } from "./records.js";

/** The workspaces of a Quire as a set (`Tx.allWorkspaces`); one workspace's own row is `WorkspacePort`. */
export interface WorkspaceSetStore {
  /** Workspaces oldest first (created_time, then id), from the workspace `from` (a cursor); null if `from` is unknown. */
  list(from: string | null, limit: number): Promise<Page<WorkspaceRow> | null>;
  /** How many workspaces there are. */
  count(): Promise<number>;
  /**
   * Deletes the workspace and every row of it in every table (found in the database's catalog,
   * so a table added later is covered), in this unit. Answers the ids of the file uploads it
   * removed: their bytes live in the blob store, which the caller empties after the commit.
   */
  remove(id: string): Promise<{ uploads: string[] }>;
}
