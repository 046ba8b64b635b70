/**
 * The function library's one table: each function is declared once with typed signatures
 * (the checker resolves overloads and types from them) and one implementation (the evaluator
 * calls it). Families live beside this file and register through `define`.
 */
import { FormulaError, type Span } from "../errors.js";
import { parseSignature, type FType, type Signature } from "../types.js";
import { toText, type Ctx, type FDate, type FormulaValue } from "../values.js";
import { BUDGET, charge, chargeText } from "../budget.js";

export { charge, chargeText };

/** Arguments as the implementation receives them: values, thunks (lazy) or item callbacks (fn). */
export type Args = any[];
/** An implementation; `span` is the call's, for runtime errors. */
export type Impl = (a: Args, ctx: Ctx, span: Span) => FormulaValue;
/** Extra static rule for a function the signature language cannot say (ifs, min/max…); returns the result type or throws. */
export type CustomCheck = (argTypes: FType[], spans: Span[], name: string) => FType;

/** One library function. */
export interface FnDef {
  name: string;
  sigs: Signature[];
  impl: Impl;
  custom?: CustomCheck;
  /** With `custom`: every argument is passed as a thunk (ifs). */
  lazyArgs?: boolean;
  /** One line for docs and completion. */
  doc: string;
}

/** The table, by name (case-sensitive, as Notion's). */
export const FUNCTIONS = new Map<string, FnDef>();

/** Declares a function: `define("lower", ["(string) -> string"], "Lowercase text", ([s]) => …)`. */
export function define(name: string, sigs: string[], doc: string, impl: Impl, custom?: CustomCheck): void {
  FUNCTIONS.set(name, { name, sigs: sigs.map(parseSignature), impl, custom, doc });
}

/** Declares another name for a function (1.0 names, synonyms). */
export function alias(name: string, of: string): void {
  const def = FUNCTIONS.get(of);
  if (!def) throw new Error(`alias of unknown function ${of}`);
  FUNCTIONS.set(name, { ...def, name });
}

// Coercions of empty (null) inputs: Notion treats an empty number as 0 and empty text as "".
export const num = (v: FormulaValue): number => (typeof v === "number" ? v : v === null ? 0 : Number(v));
export const str = (v: FormulaValue, ctx: Ctx): string => (typeof v === "string" ? v : toText(v, ctx.zone, (id) => ctx.env.page?.(id)?.title ?? "", ctx));
export const list = (v: FormulaValue): FormulaValue[] => (Array.isArray(v) ? v : v === null ? [] : [v]);
export const date = (v: FormulaValue): FDate | null => (v !== null && typeof v === "object" && !Array.isArray(v) && v.kind === "date" ? v : null);

/** A runtime error at a call. */
export function bad(problem: string, span: Span): never {
  throw new FormulaError("invalid_argument", problem, span);
}

/** Guards text growth (repeat, padStart, "+", replace…) so a formula cannot build gigabytes. */
export function capped(s: string, span: Span): string {
  if (s.length > BUDGET.MAX_TEXT) tooLong(span);
  return s;
}

/** Refuses, before building it, a text of `length` characters past the cap; else charges for it. */
export function room(length: number, ctx: Ctx, span: Span): void {
  if (!(length <= BUDGET.MAX_TEXT)) tooLong(span);
  chargeText(ctx, length);
}

/** Refuses, before building it, a list of `length` items past the cap; else charges for it. */
export function roomForList(length: number, ctx: Ctx, span: Span): void {
  if (!(length <= BUDGET.MAX_LIST)) throw new FormulaError("too_large", `A list longer than ${BUDGET.MAX_LIST} items`, span);
  charge(ctx, length);
}

function tooLong(span: Span): never {
  throw new FormulaError("too_large", `Text longer than ${BUDGET.MAX_TEXT} characters`, span);
}
