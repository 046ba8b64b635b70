/**
 * Expired view queries give their rows back: swept when a new query is made and on a timer, by
 * the injected clock (Quire's housekeeping; Notion only says expired queries read as 404).
 */
import type { Deps } from "../context.js";
import { repeatEvery } from "../../lib/repeat.js";
import { takeTurn } from "../jobs.js";

/** Minutes between sweeps. */
export const VIEW_QUERY_SWEEP_EVERY_MS = 5 * 60 * 1000;

/** Removes every expired view query and its results; returns how many. */
export async function sweepViewQueries(deps: Pick<Deps, "store" | "clock">): Promise<number> {
  return deps.store.write((tx) => tx.views.sweepQueries(deps.clock.now()));
}

/**
 * The timer's sweep: on one node per period however many share the database (src/domain/jobs.ts);
 * returns how many queries it removed, or null when another node had the turn.
 */
export async function sweepViewQueriesInTurn(deps: Pick<Deps, "store" | "clock">): Promise<number | null> {
  if (!(await takeTurn(deps.store, "view-query-sweep", deps.clock.now(), VIEW_QUERY_SWEEP_EVERY_MS))) return null;
  return sweepViewQueries(deps);
}

/** Sweeps on a timer that does not keep the process alive; returns a stop function. */
export function scheduleViewQuerySweeps(deps: Pick<Deps, "store" | "clock">): () => Promise<void> {
  return repeatEvery(VIEW_QUERY_SWEEP_EVERY_MS, () => sweepViewQueriesInTurn(deps));
}
