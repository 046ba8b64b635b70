/**
 * What public tasks (`allow_async`) and background work share, below both: a new queued task row
 * and the error object a failed task records.
 */
import type { TaskRow } from "../../storage/tasks.js";
import type { Ctx } from "../context.js";
import { ApiError, errors } from "../../api/errors.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";

type Json = Record<string, unknown>;

/** A queued task of the caller's integration for `operation`, remembering the request's version. */
export function queuedTask(ctx: Ctx, operation: string, request: Json): TaskRow {
  const now = ctx.clock.now();
  return {
    workspace_id: ctx.actor.workspace.id,
    id: `task_${ctx.ids().replace(/-/g, "")}`,
    integration_id: ctx.actor.integration.id,
    operation,
    status: "queued",
    request: { version: ctx.version, ...request },
    result: null,
    error: null,
    created_time: now,
    updated_time: now,
    // The node that runs it: a task still queued once this node is gone never finishes (tasks.ts).
    node: ctx.store.liveness.node,
  };
}

/** The error object a failed task carries (the answer the request would have had, without request_id). */
export function taskError(e: unknown): Json {
  const err = e instanceof ApiError ? e : e instanceof Invalid ? invalidToApiError("body", e) : errors.internal();
  const out: Json = { object: "error", status: err.status, code: err.code, message: err.message };
  if (err.additionalData) out.additional_data = err.additionalData;
  return out;
}
