/**
 * `allow_async` requests: the task is stored as queued and answered at once (202); the work
 * runs on a later turn of the event loop in its own transaction, which first claims the task
 * and also records the result, so a task is `succeeded` exactly when its write committed. A
 * failure is recorded as `failed` with the Notion error it would have answered.
 * Reference: developers.notion.com/guides/data-apis/working-with-markdown-content
 * ("Running large markdown writes asynchronously").
 *
 * Several nodes share one database: a task records the node that runs it (`TaskRow.node`), and a
 * task still queued whose node is gone (killed, or closed before running it) can never finish —
 * whichever node notices (a GET through any node, the periodic sweep: domain/orphans.ts) records
 * it as failed, once. A task whose node is alive reads as it is stored, on every node.
 */
import type { GetAsyncTaskResponse } from "@notionhq/client";
import type { Tx } from "../../storage/types.js";
import type { TaskRow } from "../../storage/tasks.js";
import type { Ctx, Deps } from "../context.js";
import { WorkBudget } from "../budget.js";
import { ApiError, errors } from "../../api/errors.js";
import { presentTask } from "../../present/async-task.js";
import { isBackground } from "./background.js";
import { queuedTask, taskError } from "./task-rows.js";

export type TaskOperation = "POST /v1/pages" | "PATCH /v1/pages/:page_id/markdown";

/** Every public task operation (background work is named apart: background.ts). */
export const TASK_OPERATIONS: readonly TaskOperation[] = ["POST /v1/pages", "PATCH /v1/pages/:page_id/markdown"];

type Json = Record<string, unknown>;

/** Queues `work` and answers with the task; `work` runs after the answer, in its own transaction. */
export async function startTask(ctx: Ctx, operation: TaskOperation, request: Json, work: (tx: Tx) => Promise<unknown>): Promise<GetAsyncTaskResponse> {
  const row = queuedTask(ctx, operation, request);
  await ctx.store.write((tx) => tx.tasks.insert(row));
  const answer = presentTask(row, ctx.publicUrl());
  // The task computes on its own budget, not on what is left of the request's.
  const own = { ...ctx, budget: new WorkBudget(ctx.budget.ms) };
  setImmediate(() => void runTask(own, row, work));
  return answer;
}

/**
 * Runs the task in a unit that first claims it: a task another node has already failed (it
 * took this node for gone) is left as it is, never overwritten by a late success.
 */
async function runTask(ctx: Ctx, row: TaskRow, work: (tx: Tx) => Promise<unknown>): Promise<void> {
  try {
    await ctx.store.write(async (tx) => {
      const held = await tx.tasks.claim(row.workspace_id, row.id);
      if (!held) return;
      const result = await work(tx);
      await tx.tasks.update({ ...held, status: "succeeded", result: result as Json, updated_time: ctx.clock.now() });
    });
  } catch (e) {
    try {
      await ctx.store.write(async (tx) => {
        const held = await tx.tasks.claim(row.workspace_id, row.id);
        if (held) await tx.tasks.update({ ...held, status: "failed", error: taskError(e), updated_time: ctx.clock.now() });
      });
    } catch {
      // The store is closing: the task stays queued, and reads as failed once this node is gone.
    }
  }
}

/** Whether a task is not done yet. */
export const unfinished = (row: TaskRow) => row.status === "queued" || row.status === "running";

/** Of these unfinished tasks, those whose node is gone (no node recorded: from before nodes were, gone). */
export async function orphanedTasks(deps: Pick<Deps, "store">, rows: readonly TaskRow[]): Promise<TaskRow[]> {
  const gone = await deps.store.liveness.gone(rows.flatMap((r) => (r.node === null ? [] : [r.node])));
  return rows.filter((r) => unfinished(r) && (r.node === null || gone.has(r.node)));
}

/**
 * Records a task of a node gone as failed (500 internal_server_error: the work was lost with the
 * process, as Notion answers an unexpected failure), once: read again in a write unit of its
 * workspace — after any unit its owner still had — and left alone if it finished meanwhile.
 * Returns the task as stored, and whether this call failed it.
 */
export async function failOrphanedTask(deps: Pick<Deps, "store" | "clock">, row: TaskRow): Promise<{ row: TaskRow; failed: boolean }> {
  return deps.store.write(async (tx) => {
    const current = await tx.tasks.get(row.workspace_id, row.id);
    if (!current || !unfinished(current) || current.node !== row.node) return { row: current ?? row, failed: false };
    const failed: TaskRow = { ...current, status: "failed", error: taskError(errors.internal()), updated_time: deps.clock.now() };
    await tx.tasks.update(failed);
    return { row: failed, failed: true };
  });
}

/** How long a GET waits for a task its (live) node is running to finish (polling, no lock held). */
const FINISH_WAIT_MS = 1000;
const FINISH_POLL_MS = 20;

/**
 * A task a live node is running, read again until it finishes or FINISH_WAIT_MS pass: a small
 * task started a moment ago answers as done, as Notion's are by the first poll (the recorded
 * test_async_tasks_retrieve); a long one answers as stored (queued, with poll_after_seconds).
 * On SQLite a read already waits for the task's unit; on PostgreSQL a snapshot read does not.
 */
async function awaitFinish(ctx: Ctx, row: TaskRow): Promise<TaskRow> {
  const until = performance.now() + FINISH_WAIT_MS;
  while (unfinished(row) && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, FINISH_POLL_MS));
    row = (await ctx.store.read((tx) => tx.tasks.get(row.workspace_id, row.id))) ?? row;
  }
  return row;
}

/** GET /v1/async_tasks/{id} — only the integration that started a task sees it. */
export async function retrieveAsyncTask(ctx: Ctx, id: string): Promise<GetAsyncTaskResponse> {
  let row = await ctx.store.read((tx) => tx.tasks.get(ctx.actor.workspace.id, id));
  if (!row || row.integration_id !== ctx.actor.integration.id || isBackground(row.operation))
    throw new ApiError(404, "object_not_found", `Could not find async task with ID: ${id}.`);
  if (unfinished(row)) {
    if ((await orphanedTasks(ctx, [row])).length > 0) row = (await failOrphanedTask(ctx, row)).row;
    else row = await awaitFinish(ctx, row);
  }
  return presentTask(row, ctx.publicUrl());
}
