/** SQLite implementation of the async task store (table from migration 9, queued index from 10). */
import type Database from "better-sqlite3";
import type { TaskRow, TaskStore } from "./tasks.js";

type Row = Record<string, unknown>;

const parse = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(v as string));

function toTask(r: Row): TaskRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    integration_id: r.integration_id as string,
    operation: r.operation as string,
    status: r.status as TaskRow["status"],
    request: parse(r.request),
    result: parse(r.result),
    error: parse(r.error),
    created_time: r.created_time as number,
    updated_time: r.updated_time as number,
    node: (r.node as string | null) ?? null,
  };
}

function params(row: TaskRow) {
  return {
    ...row,
    request: JSON.stringify(row.request),
    result: row.result === null ? null : JSON.stringify(row.result),
    error: row.error === null ? null : JSON.stringify(row.error),
  };
}

export class SqliteTaskStore implements TaskStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT * FROM async_tasks WHERE workspace_id = ? AND id = ?`),
      insert: p(
        `INSERT INTO async_tasks (workspace_id, id, integration_id, operation, status, request, result, error, created_time, updated_time, node)
         VALUES (@workspace_id, @id, @integration_id, @operation, @status, @request, @result, @error, @created_time, @updated_time, @node)`,
      ),
      update: p(
        `UPDATE async_tasks SET status = @status, result = @result, error = @error, updated_time = @updated_time
         WHERE workspace_id = @workspace_id AND id = @id`,
      ),
      queued: p(
        `SELECT * FROM async_tasks WHERE status = 'queued' AND operation IN (SELECT value FROM json_each(?)) ORDER BY created_time, workspace_id, id LIMIT ?`,
      ),
    };
  }

  async get(ws: string, id: string) {
    const r = this.s.get.get(ws, id) as Row | undefined;
    return r ? toTask(r) : null;
  }
  /** One process, units serialized by the store's mutex: queued is enough to hold it. */
  async claim(ws: string, id: string) {
    const row = await this.get(ws, id);
    return row?.status === "queued" ? row : null;
  }
  async insert(row: TaskRow) {
    this.s.insert.run(params(row));
  }
  async update(row: TaskRow) {
    this.s.update.run(params(row));
  }
  async queued(operations: readonly string[], limit: number) {
    return (this.s.queued.all(JSON.stringify(operations), limit) as Row[]).map(toTask);
  }
}
