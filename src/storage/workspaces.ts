import type { WorkspaceRow } from "./records.js";

/** Workspaces. A part of `Tx` (src/storage/types.ts). */
export interface WorkspacePort {
  getWorkspace(id: string): Promise<WorkspaceRow | null>;
  firstWorkspace(): Promise<WorkspaceRow | null>;
  insertWorkspace(row: WorkspaceRow): Promise<void>;
  updateWorkspace(row: WorkspaceRow): Promise<void>;
}
