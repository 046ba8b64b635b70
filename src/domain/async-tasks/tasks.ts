/**
 * `allow_async` requests: the task is stored as queued and answered at once (202); the work
 * runs on a later turn of the event loop in its own transaction, which also records the
 * result, so a task is `succeeded` exactly when its write committed. A failure is recorded as
 * `failed` with the Notion error it would have answered. A task whose process died before
 * finishing (it is queued, and no task runner of this store knows it) reads as failed.
 * Reference: developers.notion.com/guides/data-apis/working-with-markdown-content
 * ("Running large markdown writes asynchronously").
 */
import type { GetAsyncTaskResponse } from "@notionhq/client";
import type { Store, Tx } from "../../storage/types.js";
import type { TaskRow } from "../../storage/tasks.js";
import type { Ctx } from "../context.js";
import { WorkBudget } from "../budget.js";
import { ApiError, errors } from "../../api/errors.js";
import { presentTask } from "../../present/async-task.js";
import { isBackground } from "./background.js";
import { queuedTask, taskError } from "./task-rows.js";

export type TaskOperation = "POST /v1/pages" | "PATCH /v1/pages/:page_id/markdown";

type Json = Record<string, unknown>;

/** Tasks started by this process, per store: the ones that may still finish. */
const live = new WeakMap<Store, Set<string>>();

function liveSet(store: Store): Set<string> {
  let set = live.get(store);
  if (!set) live.set(store, (set = new Set()));
  return set;
}

/** Queues `work` and answers with the task; `work` runs after the answer, in its own transaction. */
export async function startTask(ctx: Ctx, operation: TaskOperation, request: Json, work: (tx: Tx) => Promise<unknown>): Promise<GetAsyncTaskResponse> {
  const row = queuedTask(ctx, operation, request);
  await ctx.store.write((tx) => tx.tasks.insert(row));
  const running = liveSet(ctx.store);
  running.add(row.id);
  const answer = presentTask(row, ctx.publicUrl());
  // The task computes on its own budget, not on what is left of the request's.
  const own = { ...ctx, budget: new WorkBudget(ctx.budget.ms) };
  setImmediate(() => void runTask(own, row, work).finally(() => running.delete(row.id)));
  return answer;
}

async function runTask(ctx: Ctx, row: TaskRow, work: (tx: Tx) => Promise<unknown>): Promise<void> {
  try {
    await ctx.store.write(async (tx) => {
      const result = await work(tx);
      await tx.tasks.update({ ...row, status: "succeeded", result: result as Json, updated_time: ctx.clock.now() });
    });
  } catch (e) {
    try {
      await ctx.store.write((tx) => tx.tasks.update({ ...row, status: "failed", error: taskError(e), updated_time: ctx.clock.now() }));
    } catch {
      // The store is closing: the task stays queued, and reads as failed after a restart.
    }
  }
}

/** GET /v1/async_tasks/{id} — only the integration that started a task sees it. */
export async function retrieveAsyncTask(ctx: Ctx, id: string): Promise<GetAsyncTaskResponse> {
  return ctx.store.write(async (tx) => {
    const row = await tx.tasks.get(ctx.actor.workspace.id, id);
    if (!row || row.integration_id !== ctx.actor.integration.id || isBackground(row.operation))
      throw new ApiError(404, "object_not_found", `Could not find async task with ID: ${id}.`);
    if ((row.status === "queued" || row.status === "running") && !liveSet(ctx.store).has(row.id)) {
      row.status = "failed";
      row.error = taskError(errors.internal());
      row.updated_time = ctx.clock.now();
      await tx.tasks.update(row);
    }
    return presentTask(row, ctx.publicUrl());
  });
}
