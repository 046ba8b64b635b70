/**
 * `Tx.tasks` on PostgreSQL: async task rows. A runner claims a queued task with `FOR UPDATE SKIP
 * LOCKED` in the unit that runs it (after the workspace's advisory lock, so what it reads is what
 * was committed before): of two nodes reaching for one task, one holds it and the other gets
 * null, then finds it done — every task runs exactly once across nodes.
 */
import type { TaskRow, TaskStore } from "../tasks.js";
import { json, parse } from "./json.js";
import type { PgSession, Row } from "./session.js";

const COLUMNS = `workspace_id, id, integration_id, operation, status, request, result, error, created_time, updated_time, node`;

const toTask = (r: Row): TaskRow => ({ ...(r as unknown as TaskRow), request: parse(r.request), result: parse(r.result), error: parse(r.error) });

/** Async tasks of every workspace. */
export class PgTasks implements TaskStore {
  constructor(private readonly s: PgSession) {}

  async get(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM async_tasks WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toTask(r) : null;
  }
  async claim(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM async_tasks WHERE workspace_id = $1 AND id = $2 AND status = 'queued' FOR UPDATE SKIP LOCKED`, [ws, id]);
    return r ? toTask(r) : null;
  }
  async insert(row: TaskRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO async_tasks (workspace_id, id, integration_id, operation, status, request, result, error, created_time, updated_time, node)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [row.workspace_id, row.id, row.integration_id, row.operation, row.status, json(row.request), json(row.result), json(row.error), row.created_time, row.updated_time, row.node],
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
