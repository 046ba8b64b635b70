/**
 * The shapes of runtime formula values and of an evaluation's state, below every module that
 * works on them (values.ts re-exports them), so the budget and comparisons need no import back.
 */
/** A date or date range; `time` is false for all-day dates (stored at local midnight). */
export interface FDate {
  kind: "date";
  start: number;
  end: number | null;
  time: boolean;
}
/** A person (user) value. */
export interface FPerson {
  kind: "person";
  id: string;
  name: string;
  email: string;
}
/** A page value (a relation item); its title and properties come from `env.page(id)`. */
export interface FPage {
  kind: "page";
  id: string;
  /** Filled in by the evaluator from `env.page(id)` when the value is shown. */
  title?: string;
}
/** Any runtime value. */
export type FormulaValue = number | string | boolean | FDate | FPerson | FPage | FormulaValue[] | null;

/** Another page's accessor, for relations (`prop("Tasks").map(current.prop("Status"))`). */
export interface PageAccessor {
  id: string;
  title: string;
  /** A property's value by name or id, already converted (`fromPropertyValue`); undefined if none. */
  prop(nameOrId: string): FormulaValue | undefined;
}

/** What a formula reads while it runs. */
export interface FormulaEnv {
  /** A property's value by schema id, already converted with `fromPropertyValue`. */
  prop(id: string): FormulaValue;
  /** Related pages (null when the page is missing or not shared). */
  page?(id: string): PageAccessor | null;
  /** The page's own id (for `id()`). */
  id?: string;
  /** The injectable clock's now, in ms. */
  now: number;
  /** The workspace's IANA time zone (default "UTC"). */
  timeZone?: string;
  /** Step budget of this evaluation (default BUDGET.STEPS, src/formula/budget.ts). */
  maxSteps?: number;
  /** `performance.now()` past which the request's evaluations stop with deadline_exceeded. */
  deadline?: number;
}

/** Evaluation state shared by all the closures of one run. */
export interface Ctx {
  env: FormulaEnv;
  zone: string;
  steps: number;
  maxSteps: number;
  /** The step count at which the slow path runs next (the budget's end, or a look at the clock). */
  limit: number;
  /** The process's CPU time when this evaluation started (its own limit is BUDGET.EVALUATION_MS of it). */
  cpuStart: NodeJS.CpuUsage;
  /** The request's deadline (`performance.now()`), Infinity when none. */
  deadline: number;
  slots: FormulaValue[];
}

export const isDate = (v: unknown): v is FDate => typeof v === "object" && v !== null && (v as FDate).kind === "date";
export const isPerson = (v: unknown): v is FPerson => typeof v === "object" && v !== null && (v as FPerson).kind === "person";
export const isPage = (v: unknown): v is FPage => typeof v === "object" && v !== null && (v as FPage).kind === "page";
export const mkDate = (start: number, end: number | null = null, time = true): FDate => ({ kind: "date", start, end, time });
