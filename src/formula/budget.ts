/**
 * What one formula evaluation may spend (src/formula/README.md, "Budgets"). Steps are the
 * measure, deterministic on any machine: a call or a lambda run is one step, and every library
 * function pays for the work it does before doing it — an item of a list it scans or builds
 * is a step, 32 characters of text it reads or writes are a step. Past the evaluation's steps it
 * stops with `step_budget_exceeded`. The clocks are a backstop read every CLOCK_EVERY steps: an
 * evaluation stops after EVALUATION_MS of CPU time (`step_budget_exceeded` too; CPU time, so a
 * machine busy with other processes does not cut formulas that are within their steps), and
 * every evaluation of one request shares the request's wall-clock deadline (`deadline_exceeded`,
 * which the server answers 504).
 */
import { FormulaError } from "./errors.js";
import type { Ctx } from "./value-types.js";

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
  /** Milliseconds of CPU time one evaluation may take, whatever its steps (its steps take 10–40 ms). */
  EVALUATION_MS: 50,
  /** Steps between two looks at the clock. */
  CLOCK_EVERY: 2048,
} as const;

const WHOLE = { start: 0, end: 0 };

/** A fresh evaluation state: its steps, the CPU time it starts from, and the request's deadline. */
export function startBudget(maxSteps: number, requestDeadline: number | undefined): Pick<Ctx, "steps" | "maxSteps" | "limit" | "cpuStart" | "deadline"> {
  return { steps: 0, maxSteps, limit: Math.min(maxSteps, BUDGET.CLOCK_EVERY), cpuStart: process.cpuUsage(), deadline: requestDeadline ?? Infinity };
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

/** The slow path of every step: past the budget, or time to look at the clocks. */
export function checkpoint(ctx: Ctx): void {
  if (ctx.steps > ctx.maxSteps) throw new FormulaError("step_budget_exceeded", `Formula stopped after ${ctx.maxSteps} steps`, WHOLE);
  if (performance.now() > ctx.deadline) throw new FormulaError("deadline_exceeded", "The request ran out of time for formulas", WHOLE);
  const cpu = process.cpuUsage(ctx.cpuStart);
  if (cpu.user + cpu.system > BUDGET.EVALUATION_MS * 1000) throw new FormulaError("step_budget_exceeded", `Formula stopped after ${BUDGET.EVALUATION_MS} ms`, WHOLE);
  ctx.limit = Math.min(ctx.maxSteps, ctx.steps + BUDGET.CLOCK_EVERY);
}
