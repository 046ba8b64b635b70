/**
 * `Tx.tasks` on PostgreSQL: async task rows. Resuming queued tasks exactly once across nodes
 * (`FOR UPDATE SKIP LOCKED`) is the tasks-and-sweeps work of issue 11; this port answers as the
 * SQLite one does (sqlite-tasks.ts).
 */
import type { TaskRow, TaskStore } from "../tasks.js";
import { json, parse } from "./json.js";
import type { PgSession, Row } from "./session.js";

const COLUMNS = `workspace_id, id, integration_id, operation, status, request, result, error, created_time, updated_time`;

const toTask = (r: Row): TaskRow => ({ ...(r as unknown as TaskRow), request: parse(r.request), result: parse(r.result), error: parse(r.error) });

/** Async tasks of every workspace. */
export class PgTasks implements TaskStore {
  constructor(private readonly s: PgSession) {}

  async get(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM async_tasks WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toTask(r) : null;
  }
  async insert(row: TaskRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO async_tasks (workspace_id, id, integration_id, operation, status, request, result, error, created_time, updated_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [row.workspace_id, row.id, row.integration_id, row.operation, row.status, json(row.request), json(row.result), json(row.error), row.created_time, row.updated_time],
    );
  }
  async update(row: TaskRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`UPDATE async_tasks SET status = $3, result = $4, error = $5, updated_time = $6 WHERE workspace_id = $1 AND id = $2`, [
      row.workspace_id, row.id, row.status, json(row.result), json(row.error), row.updated_time,
    ]);
  }
  async queued(operations: readonly string[], limit: number) {
    const rows = await this.s.query(
      `SELECT ${COLUMNS} FROM async_tasks WHERE status = 'queued' AND operation = ANY($1::text[]) ORDER BY created_time, workspace_id, id LIMIT $2`,
      [operations, limit],
    );
    return rows.map(toTask);
  }
}
