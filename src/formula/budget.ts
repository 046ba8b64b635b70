/**
 * What one formula evaluation may spend (src/formula/README.md, "Budgets"). Steps are the
 * measure, deterministic on any machine: a call or a lambda run is one step, and every library
 * function pays for the work it does before doing it — an item of a list it scans or builds
 * is a step, 32 characters of text it reads or writes are a step. Past the evaluation's steps it
 * stops with `step_budget_exceeded`. The clock is a backstop read every CLOCK_EVERY steps: an
 * evaluation stops after EVALUATION_MS (`step_budget_exceeded` too), and every evaluation of one
 * request shares the request's deadline (`deadline_exceeded`, which the server answers 504).
 */
import { FormulaError } from "./errors.js";
import type { Ctx } from "./values.js";

export const BUDGET = {
  /** Steps of one evaluation (FormulaEnv.maxSteps overrides). ~20–40 ms of work. */
  STEPS: 250_000,
  /** Characters of text that cost one step to read, copy or build. */
  CHARS_PER_STEP: 32,
  /** Steps one regular-expression match costs (a match takes about as long as 8 calls). */
  MATCH_STEPS: 8,
  /** Characters in a text a formula builds. */
  MAX_TEXT: 1_000_000,
  /** Items in a list a formula builds. */
  MAX_LIST: 100_000,
  /**
   * Characters a regular expression may run on. A pattern that backtracks too much moves to V8's
   * linear-time engine (functions/regex.ts), which takes up to 2 µs a character (measured: "a"
   * 0.75, "(a|b)+$" 1.7, "[a-z]+q" 2.0 µs): one call cannot be interrupted, so its text is capped
   * to keep it within about 40 ms.
   */
  MAX_REGEX_TEXT: 20_000,
  /** Wall-clock milliseconds of one evaluation, whatever its steps (its steps take 10–40 ms). */
  EVALUATION_MS: 50,
  /** Steps between two looks at the clock. */
  CLOCK_EVERY: 2048,
} as const;

const WHOLE = { start: 0, end: 0 };

/** A fresh evaluation state: the steps, and the earlier of its own time limit and the request's deadline. */
export function startBudget(maxSteps: number, requestDeadline: number | undefined, now = performance.now()): Pick<Ctx, "steps" | "maxSteps" | "limit" | "timeLimit" | "deadline"> {
  const deadline = requestDeadline ?? Infinity;
  return { steps: 0, maxSteps, limit: Math.min(maxSteps, BUDGET.CLOCK_EVERY), timeLimit: Math.min(now + BUDGET.EVALUATION_MS, deadline), deadline };
}

/** Spends `n` steps. */
export function charge(ctx: Ctx, n: number): void {
  ctx.steps += n;
  if (ctx.steps > ctx.limit) checkpoint(ctx);
}

/** Spends the steps of reading or writing `chars` characters. */
export function chargeText(ctx: Ctx, chars: number): void {
  charge(ctx, Math.floor(chars / BUDGET.CHARS_PER_STEP));
}

/** The slow path of every step: past the budget, or time to look at the clock. */
export function checkpoint(ctx: Ctx): void {
  if (ctx.steps > ctx.maxSteps) throw new FormulaError("step_budget_exceeded", `Formula stopped after ${ctx.maxSteps} steps`, WHOLE);
  const now = performance.now();
  if (now > ctx.timeLimit) {
    if (now > ctx.deadline) throw new FormulaError("deadline_exceeded", "The request ran out of time for formulas", WHOLE);
    throw new FormulaError("step_budget_exceeded", `Formula stopped after ${BUDGET.EVALUATION_MS} ms`, WHOLE);
  }
  ctx.limit = Math.min(ctx.maxSteps, ctx.steps + BUDGET.CLOCK_EVERY);
}
