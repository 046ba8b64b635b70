/**
 * Notion's formula language (Formulas 2.0): compile once against a data source's schema
 * (parse → check), then evaluate per page. Self-contained: the server wires it in (read-values, filters, sorts).
 */
import { FormulaError, type Span } from "./errors.js";
import { parse } from "./parser.js";
import { check, type PropRef } from "./checker.js";
import { compile, type Run } from "./evaluator.js";
import { BUDGET, startBudget } from "./budget.js";
import { apiResultType, propertyType, typeName, type ApiResultType, type FType } from "./types.js";
import { isPage, type Ctx, type FormulaEnv, type FormulaValue } from "./values.js";
import { table } from "../lib/dict.js";
import { decodeOrKeep } from "../lib/uri.js";

export { FormulaError, type Span, type FormulaErrorCode } from "./errors.js";
export { FUNCTIONS } from "./functions/index.js";
export { fromPropertyValue, toApiValue, toText, type FormulaValue, type FormulaEnv, type PageAccessor, type FDate, type FPerson, type FPage } from "./values.js";
export type { FType, ApiResultType } from "./types.js";
export { storeReferences, showReferences, presentReferences, type NamedProperty } from "./references.js";
export { printFormula } from "./print.js";
export { BUDGET } from "./budget.js";

/** One schema property as the compiler needs it; formula properties may carry their expression. */
export interface SchemaProperty {
  id: string;
  name: string;
  type: string;
  /** For formula properties: the known result type ("string" | "number" | "boolean" | "date"). */
  resultType?: string;
  /** For formula properties: their expression, so references are typed and cycles found. */
  expression?: string;
}

/** A formula ready to run. */
export interface CompiledFormula {
  expression: string;
  type: FType;
  resultType: ApiResultType | "unknown";
  /** Ids of the properties it reads directly. */
  deps: string[];
  slots: number;
  run: Run;
  /** Whether results may hold pages (whose titles are then filled in). */
  pages: boolean;
}

export type CompileResult =
  | { ok: true; formula: CompiledFormula; resultType: ApiResultType | "unknown"; type: string }
  | { ok: false; error: FormulaError };

/**
 * Parses and type-checks a formula. `prop("Name")` resolves by name and the
 * `{{notion:block_property:ID:…}}` form by id; `selfId` names the formula property being
 * defined, so a reference back to it (directly or through other formulas) is a cycle.
 */
export function compileFormula(expression: string, schema: SchemaProperty[], options: { selfId?: string } = {}): CompileResult {
  try {
    const formula = compileInner(expression, schema, new Set(options.selfId ? [decodeOrKeep(options.selfId)] : []), new Map());
    return { ok: true, formula, resultType: formula.resultType, type: typeName(formula.type) };
  } catch (e) {
    // The parser and checker recurse on nesting; a formula nested hundreds of levels deep would
    // overflow the stack: it is refused like any other invalid formula (found by the fuzzer).
    if (e instanceof RangeError) return { ok: false, error: new FormulaError("too_large", "Formula is nested too deeply", { start: 0, end: expression.length }, expression) };
    if (!(e instanceof FormulaError)) throw e;
    return { ok: false, error: new FormulaError(e.code, e.problem, e.span, expression) };
  }
}

function compileInner(expression: string, schema: SchemaProperty[], visiting: Set<string>, memo: Map<string, FType>): CompiledFormula {
  const deps = new Set<string>();
  const resolve = (key: string, byId: boolean, span: Span): PropRef | null => {
    const p = byId ? schema.find((s) => decodeOrKeep(s.id) === key) : schema.find((s) => s.name === key);
    if (!p) return null;
    deps.add(p.id);
    return { id: p.id, type: propType(p, schema, visiting, memo, span) };
  };
  const { type, ir, slots } = check(parse(expression), resolve);
  return { expression, type, resultType: apiResultType(type), deps: [...deps], slots, run: compile(ir), pages: mayHoldPages(type) };
}

const RESULT_TYPES = table<FType>({ string: "string", number: "number", boolean: "boolean", date: "date" });

function propType(p: SchemaProperty, schema: SchemaProperty[], visiting: Set<string>, memo: Map<string, FType>, span: Span): FType {
  if (p.type !== "formula") return propertyType(p.type);
  const key = decodeOrKeep(p.id);
  if (visiting.has(key)) throw new FormulaError("circular_reference", `Formula refers to itself through "${p.name}"`, span);
  if (memo.has(key)) return memo.get(key)!;
  let t: FType = (p.resultType && RESULT_TYPES[p.resultType]) || "any";
  if (p.expression !== undefined) {
    visiting.add(key);
    try {
      t = compileInner(p.expression, schema, visiting, memo).type;
    } catch (e) {
      // A broken formula elsewhere is not this formula's error, unless it is the cycle through us.
      if (e instanceof FormulaError && e.code === "circular_reference") throw new FormulaError(e.code, e.problem, span);
    } finally {
      visiting.delete(key);
    }
  }
  memo.set(key, t);
  return t;
}

/** Runs a compiled formula for one page. Throws FormulaError (runtime errors, budgets: budget.ts). */
export function evaluateFormula(f: CompiledFormula, env: FormulaEnv): FormulaValue {
  const ctx: Ctx = { env, zone: env.timeZone ?? "UTC", ...startBudget(env.maxSteps ?? BUDGET.STEPS, env.deadline), slots: new Array(f.slots) };
  try {
    const v = f.run(ctx);
    return f.pages ? withTitles(v, env, { left: BUDGET.MAX_LIST }) : v;
  } catch (e) {
    if (!(e instanceof FormulaError)) throw e;
    const whole = e.code === "step_budget_exceeded" || e.code === "deadline_exceeded" || (e.span.start === 0 && e.span.end === 0);
    throw new FormulaError(e.code, e.problem, whole ? { start: 0, end: f.expression.length } : e.span, f.expression);
  }
}

/** Whether an evaluation error means "too much work" rather than a mistake in the formula or its data. */
export function isBudgetError(e: FormulaError): boolean {
  return e.code === "step_budget_exceeded" || e.code === "deadline_exceeded" || e.code === "too_large";
}

function mayHoldPages(t: FType): boolean {
  return t === "page" || t === "any" || (typeof t === "object" && ("tvar" in t || mayHoldPages(t.list)));
}

/**
 * Pages in a result carry their titles, so they show as text without the env. Lists may share
 * items, so the walk is counted: past BUDGET.MAX_LIST items it stops with too_large.
 */
function withTitles(v: FormulaValue, env: FormulaEnv, room: { left: number }): FormulaValue {
  if (isPage(v)) return { ...v, title: v.title ?? env.page?.(v.id)?.title ?? "" };
  if (!Array.isArray(v)) return v;
  if ((room.left -= v.length) < 0) throw new FormulaError("too_large", `A result of more than ${BUDGET.MAX_LIST} items`, { start: 0, end: 0 });
  return v.some((x) => isPage(x) || Array.isArray(x)) ? v.map((x) => withTitles(x, env, room)) : v;
}
