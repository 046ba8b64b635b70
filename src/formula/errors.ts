/** Formula errors: a stable code, a readable message naming the position, and the source span. */

/** A half-open range of character offsets in the formula's source text. */
export interface Span {
  start: number;
  end: number;
}

/** What went wrong, as a stable code callers may switch on. */
export type FormulaErrorCode =
  | "syntax_error"
  | "unknown_function"
  | "unknown_property"
  | "unknown_variable"
  | "type_mismatch"
  | "wrong_arity"
  | "circular_reference"
  | "invalid_argument"
  | "step_budget_exceeded"
  | "deadline_exceeded"
  | "too_large";

/** The one error type of the formula engine (thrown by the evaluator, returned by the compiler). */
export class FormulaError extends Error {
  constructor(
    readonly code: FormulaErrorCode,
    readonly problem: string,
    readonly span: Span,
    source?: string,
  ) {
    super(source === undefined ? problem : `${problem} (at ${position(source, span.start)})`);
    this.name = "FormulaError";
  }
}

/** "line:column" (1-based) of an offset, for messages. */
export function position(source: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  return `${line}:${col}`;
}

/** Throws a FormulaError; handy in expressions. */
export function fail(code: FormulaErrorCode, problem: string, span: Span): never {
  throw new FormulaError(code, problem, span);
}
