/**
 * Work of nodes gone (docs/SCALING.md, "Work of a node that dies"): several Quire processes
 * share one database, each the owner of what it started — `allow_async` tasks it runs, external
 * imports it downloads. When one dies, its work can never finish; the others find it through
 * `Store.liveness` and fail it (tasks: domain/async-tasks/tasks.ts; imports:
 * domain/files/interrupted.ts), each once, while queued background work is simply run again by
 * whichever node drains the queue (domain/async-tasks/background.ts). A GET through any node
 * settles what it reads at once; this sweep settles the rest — at start and every minute, on one
 * node per period (domain/jobs.ts).
 */
import type { Deps } from "./context.js";
import { repeatEvery } from "../lib/repeat.js";
import { takeTurn } from "./jobs.js";
import { failOrphanedTask, orphanedTasks, TASK_OPERATIONS } from "./async-tasks/tasks.js";
import { failInterruptedImport, interruptedImports } from "./files/interrupted.js";
import { resumeBackground } from "./async-tasks/background.js";

/** How often a node looks for work of nodes gone. */
export const RECLAIM_EVERY_MS = 60 * 1000;

/** Rows looked at per kind and sweep: the oldest first. */
const BATCH = 500;

/** Fails the queued tasks and pending imports whose node is gone; returns how many of each. */
export async function failWorkOfNodesGone(deps: Pick<Deps, "store" | "clock">): Promise<{ tasks: number; imports: number }> {
  const queued = await deps.store.read((tx) => tx.tasks.queued(TASK_OPERATIONS, BATCH));
  let tasks = 0;
  for (const t of await orphanedTasks(deps, queued)) if ((await failOrphanedTask(deps, t)).failed) tasks++;
  const pending = await deps.store.read((tx) => tx.files.pendingImports(BATCH));
  let imports = 0;
  for (const r of await interruptedImports(deps, pending)) if ((await failInterruptedImport(deps, r)).failed) imports++;
  return { tasks, imports };
}

/**
 * Every minute, on one node per period: fails work of nodes gone and runs queued background work
 * (a node that died mid-task left it queued). Returns a stop function.
 */
export function scheduleReclaim(deps: Deps): () => Promise<void> {
  return repeatEvery(RECLAIM_EVERY_MS, async () => {
    if (!(await takeTurn(deps.store, "reclaim", deps.clock.now(), RECLAIM_EVERY_MS))) return;
    await failWorkOfNodesGone(deps);
    resumeBackground(deps);
  });
}
