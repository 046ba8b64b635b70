/**
 * Background work a request leaves behind (a template's content, applied after the answer as
 * Notion does): queued as an async task row inside the request's own transaction, so it exists
 * exactly when the request's write committed; run on a later turn in a transaction of its own,
 * which also records the outcome (`succeeded`, or `failed` with the Notion error). A process
 * that dies first leaves the task queued, and the next start runs it (`resumeBackground`).
 * These tasks are never shown through GET /v1/async_tasks: no answer hands out their ids.
 */
import type { Store, Tx } from "../../storage/types.js";
import type { TaskRow } from "../../storage/tasks.js";
import type { Actor, Ctx, Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { parseVersion } from "../../api/version.js";
import { queuedTask, taskError } from "./task-rows.js";
import { WorkBudget } from "../budget.js";
import { LIMITS } from "../../api/limits.js";
import { personSessionActor } from "../signin/session-actor.js";
import { personActorOf } from "../personal-tokens/actor.js";

type Json = Record<string, unknown>;

/** Operation names of background tasks start with this (public tasks name an HTTP route). */
const PREFIX = "background:";

/** What a background task does, in its own transaction, as the integration (or person) that asked for it. */
export type BackgroundWork = (tx: Tx, ctx: Ctx, request: Json) => Promise<Json>;

const kinds = new Map<string, BackgroundWork>();

/** Registers the work of a kind of background task (at module load, before any task runs). */
export function defineBackground(kind: string, work: BackgroundWork): void {
  kinds.set(PREFIX + kind, work);
}

/** Whether a stored task is background work (not retrievable through the API). */
export function isBackground(operation: string): boolean {
  return operation.startsWith(PREFIX);
}

/**
 * Queues background work in the caller's transaction and asks for it to run once that
 * transaction has committed (`tx.afterCommit`; nothing runs if it rolled back): on PostgreSQL a
 * drain started earlier would read a snapshot without it.
 */
export async function queueBackground(tx: Tx, ctx: Ctx, kind: string, request: Json): Promise<void> {
  if (!kinds.has(PREFIX + kind)) throw new Error(`unknown background kind ${kind}`);
  await tx.tasks.insert(queuedTask(ctx, PREFIX + kind, { ...request, ...actingPerson(ctx.actor) }));
  tx.afterCommit(() => kick(ctx));
}

/** At start: runs what a previous process queued and did not finish. */
export function resumeBackground(deps: Deps): void {
  kick(deps);
}

/** Per store: whether a drain runs, and whether more was queued since it last looked. */
const draining = new WeakMap<Store, { again: boolean }>();

function kick(deps: Deps): void {
  const state = draining.get(deps.store);
  if (state) {
    state.again = true;
    return;
  }
  draining.set(deps.store, { again: false });
  (deps.schedule ?? setImmediate)(() => void drain(deps).finally(() => draining.delete(deps.store)));
}

/** Runs queued background tasks, oldest first, until none is left (each tried once per drain). */
async function drain(deps: Deps): Promise<void> {
  const tried = new Set<string>();
  const state = draining.get(deps.store)!;
  for (;;) {
    let batch: TaskRow[];
    try {
      batch = (await deps.store.read((tx) => tx.tasks.queued([...kinds.keys()], 50))).filter((t) => !tried.has(t.id));
    } catch {
      return; // the store is closing: what is queued stays queued for the next start
    }
    if (batch.length === 0) {
      if (!state.again) return;
      state.again = false;
      continue;
    }
    for (const task of batch) {
      tried.add(task.id);
      await run(deps, task);
    }
  }
}

/**
 * Runs one task in a unit that first claims it (tasks.claim): on any node, a task another unit
 * has run or holds is left alone, so a task queued once runs once however many nodes drain.
 */
async function run(deps: Deps, task: TaskRow): Promise<void> {
  try {
    await deps.store.write(async (tx) => {
      const held = await tx.tasks.claim(task.workspace_id, task.id);
      if (!held) return;
      const ctx = await contextOf(tx, deps, held);
      const result = await kinds.get(held.operation)!(tx, ctx, held.request);
      await tx.tasks.update({ ...held, status: "succeeded", result, updated_time: deps.clock.now() });
    });
  } catch (e) {
    try {
      await deps.store.write(async (tx) => {
        const held = await tx.tasks.claim(task.workspace_id, task.id);
        if (held) await tx.tasks.update({ ...held, status: "failed", error: taskError(e), updated_time: deps.clock.now() });
      });
    } catch {
      // The store is closing: the task stays queued and runs at the next start.
    }
  }
}

/**
 * Who a person's task acts as, kept in its request: the task's `integration_id` is then the
 * person's id (a browser session) or their token's (a personal access token), neither of which
 * is an integration to look up when the work runs.
 */
interface ActingPerson {
  user_id: string;
  token_id: string;
  session: boolean;
}

function actingPerson(actor: Actor): { acting_person?: ActingPerson } {
  if (!actor.person) return {};
  return { acting_person: { user_id: actor.bot.id, token_id: actor.person.tokenId, session: !!actor.person.session } };
}

/**
 * The task's actor as it is now: its integration (one deleted since cannot finish its work), or
 * the person who asked — still a member (a browser session's work), or still holding a token the
 * workspace's policy lets them use (a personal access token's) — with their role of today.
 */
async function actorOf(tx: Tx, deps: Deps, task: TaskRow): Promise<Actor> {
  const workspace = await tx.getWorkspace(task.workspace_id);
  if (!workspace) throw errors.unauthorized();
  const person = task.request.acting_person as ActingPerson | undefined;
  if (person) {
    const user = await tx.getUser(workspace.id, person.user_id);
    if (!user || user.type !== "person" || !user.role) throw errors.unauthorized();
    if (person.session) return personSessionActor(workspace, user, user.role, task.created_time);
    const token = await tx.personalTokens.get(workspace.id, person.token_id);
    if (!token || token.user_id !== user.id) throw errors.unauthorized();
    const actor = personActorOf({ token, workspace, user, policy: await tx.personalTokens.policy(workspace.id) }, deps.clock.now());
    if (!actor) throw errors.unauthorized();
    return actor;
  }
  const integration = await tx.getIntegration(task.workspace_id, task.integration_id);
  const bot = integration ? await tx.getUser(task.workspace_id, integration.bot_id) : null;
  if (!integration || !bot) throw errors.unauthorized();
  return { workspace, integration, bot, caps: new Set(integration.capabilities) };
}

/** The context the task's work runs in: its actor as it is now, the request's version. */
async function contextOf(tx: Tx, deps: Deps, task: TaskRow): Promise<Ctx> {
  const actor = await actorOf(tx, deps, task);
  // Background work computes on a budget of its own, as a request would.
  return { ...deps, actor, version: parseVersion(String(task.request.version)), betas: new Set(), budget: new WorkBudget(deps.computeMs ?? LIMITS.REQUEST_COMPUTE_MS) };
}
