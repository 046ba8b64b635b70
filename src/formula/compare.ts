/** Comparing formula values: deep equality, keys that agree with it, and ordering. */
import { charge } from "./budget.js";
import { isDate, type Ctx, type FormulaValue, type FPerson } from "./value-types.js";

/** Deep equality (dates by instants, people and pages by id); with `ctx`, each list item compared is a step. */
export function equals(a: FormulaValue, b: FormulaValue, ctx?: Ctx): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if (ctx) charge(ctx, a.length);
    return a.every((x, i) => equals(x, b[i], ctx));
  }
  if (Array.isArray(b)) return false;
  if (a.kind === "date" && b.kind === "date") return a.start === b.start && a.end === b.end;
  return a.kind === b.kind && (a as FPerson).id === (b as FPerson).id;
}

let nanKeys = 0;
/**
 * A key that two values share exactly when equals() holds (NaN equals nothing, so each gets its
 * own), for finding duplicates in one pass; each list item keyed is a step.
 */
export function valueKey(v: FormulaValue, ctx: Ctx): string {
  if (v === null) return "z";
  switch (typeof v) {
    case "string": return "s" + JSON.stringify(v);
    case "number": return Number.isNaN(v) ? `N${nanKeys++}` : "n" + String(v);
    case "boolean": return v ? "b1" : "b0";
  }
  if (Array.isArray(v)) {
    charge(ctx, v.length);
    return "[" + v.map((x) => valueKey(x, ctx)).join(",") + "]";
  }
  if (v.kind === "date") return `d${v.start},${v.end}`;
  return (v.kind === "person" ? "p" : "g") + JSON.stringify(v.id);
}

/** Ordering for sort() and < > (numbers, text, booleans, dates by start; empty first). */
export function compare(a: FormulaValue, b: FormulaValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (isDate(a) && isDate(b)) return a.start - b.start;
  return 0;
}
