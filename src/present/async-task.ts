/** The async_task object (developers.notion.com/reference/retrieve-async-task; shapes as recorded). */
import type { GetAsyncTaskResponse } from "@notionhq/client";
import type { TaskRow } from "../storage/tasks.js";
import { iso } from "../domain/clock.js";

/** Seconds a client should wait before polling a task that is not done. */
export const POLL_AFTER_SECONDS = 2;

export function presentTask(row: TaskRow, origin: string): GetAsyncTaskResponse {
  const base = {
    object: "async_task" as const,
    id: row.id,
    status: row.status,
    status_url: `${origin}/v1/async_tasks/${row.id}`,
    created_time: iso(row.created_time),
  };
  const operation = { surface: "rest" as const, name: row.operation };
  if (row.status === "succeeded") return { ...base, status: "succeeded", operation, result: row.result as Record<string, never> };
  if (row.status === "failed") return { ...base, status: "failed", operation, error: row.error as never };
  return { ...base, status: row.status, poll_after_seconds: POLL_AFTER_SECONDS, operation };
}
