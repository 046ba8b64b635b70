/** Async tasks as stored: one row per `allow_async` request (src/storage/sqlite-tasks.ts). */

export type TaskStatus = "queued" | "running" | "succeeded" | "failed";

export interface TaskRow {
  workspace_id: string;
  /** `task_<32 hex>`, as Notion's. */
  id: string;
  /** Only the integration that started a task may read it. */
  integration_id: string;
  /** `POST /v1/pages` or `PATCH /v1/pages/:page_id/markdown`. */
  operation: string;
  status: TaskStatus;
  /** The request as received (Notion-Version, path id, body), to run it. */
  request: Record<string, unknown>;
  /** The JSON answer of a succeeded task. */
  result: Record<string, unknown> | null;
  /** The Notion error object of a failed task. */
  error: Record<string, unknown> | null;
  created_time: number;
  updated_time: number;
  /**
   * The node (src/storage/liveness.ts) that queued it and runs it; once that node is gone a task
   * still queued can never finish (background work excepted: any node runs it). Null: unknown.
   */
  node: string | null;
}

export interface TaskStore {
  get(workspaceId: string, id: string): Promise<TaskRow | null>;
  insert(row: TaskRow): Promise<void>;
  /** Writes status, result, error and updated_time (never `node`). */
  update(row: TaskRow): Promise<void>;
  /**
   * The task, held by this unit, when it is still queued; null when it is done or another unit
   * (on any node) holds it. A runner claims a task in the unit that does its work and records the
   * outcome, so every queued task runs exactly once however many nodes look for work.
   */
  claim(workspaceId: string, id: string): Promise<TaskRow | null>;
  /** The oldest queued tasks of these operations, in every workspace (background work to resume, tasks of nodes gone). */
  queued(operations: readonly string[], limit: number): Promise<TaskRow[]>;
}
