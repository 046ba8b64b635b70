/** The query planner's thresholds and counters, shared by every storage adapter. */

/**
 * Filters with more conditions run in memory (the caller gets null): SQLite's compile time grows
 * faster than the conditions (measured: 100 → 2 ms, 1,000 → 17 ms, 2,500 → 60 ms, 10,000 →
 * 790 ms, one statement before any row is read), and one statement cannot pause for other
 * requests; in memory the work is linear in rows × conditions, paced and under the request's
 * deadline (src/domain/budget.ts). 100 keeps every filter of one compound array in SQL.
 */
export const SQL_MAX_CONDITIONS = 100;

/** Planner thresholds; tests lower them to drive every plan over small data. */
export interface PlannerOptions {
  /** Data sources with at most this many rows are always scanned (a scan is cheap there). */
  scanBelowRows: number;
  /** The first batch of a walk (doubling up to maxBatch). */
  firstBatch: number;
  maxBatch: number;
  /**
   * Sets of rows (a lookup's, an option's) up to this size are read whole; null: the square
   * root of page size × rows, where reading them whole costs what a walk to the page's end
   * would at their density.
   */
  smallSetAtMost?: number | null;
}

/** The thresholds a server runs with. */
export const DEFAULT_PLANNER: PlannerOptions = { scanBelowRows: 2000, firstBatch: 128, maxBatch: 4096 };

/**
 * How often each plan ran in this process, and `evaluated`: the rows handed to the compiled
 * query by id (each read whole, JSON and all), and `reordered`: walks whose probes the counts put
 * in another order than the filter's, `hashed`: probes marked to be read whole (plan.ts `probeOrder`) — diagnostics; the planner tests check every plan
 * ran and how many rows a plan read.
 */
export const PLAN_COUNTS = { scan: 0, lookup: 0, walk: 0, optionGroups: 0, empties: 0, gaveUp: 0, evaluated: 0, reordered: 0, hashed: 0 };
