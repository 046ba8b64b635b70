/** Number functions and arithmetic operators. */
import { FormulaError, type Span } from "../errors.js";
import { isList, typeName, type FType } from "../types.js";
import { type FormulaValue } from "../values.js";
import { charge, define, alias, num, room, str, type CustomCheck } from "./registry.js";
import type { Ctx } from "../values.js";
import { sortSteps } from "./list.js";
import { table } from "../../lib/dict.js";

define("add", ["(number, number) -> number", "(string, any) -> string", "(any, string) -> string"], "add(a, b) — a + b (text concatenates)", ([a, b], ctx, span) => {
  if (typeof a !== "string" && typeof b !== "string") return num(a) + num(b);
  const [x, y] = [str(a, ctx), str(b, ctx)];
  room(x.length + y.length, ctx, span);
  return x + y;
});
define("subtract", ["(number, number) -> number"], "subtract(a, b) — a - b", ([a, b]) => num(a) - num(b));
define("multiply", ["(number, number) -> number"], "multiply(a, b) — a * b", ([a, b]) => num(a) * num(b));
define("divide", ["(number, number) -> number"], "divide(a, b) — a / b", ([a, b]) => num(a) / num(b));
define("mod", ["(number, number) -> number"], "mod(a, b) — a % b (sign of a)", ([a, b]) => num(a) % num(b));
define("pow", ["(number, number) -> number"], "pow(a, b) — a ^ b", ([a, b]) => num(a) ** num(b));
define("unaryMinus", ["(number) -> number"], "unaryMinus(a) — -a", ([a]) => -num(a));
define("unaryPlus", ["(any) -> number"], "unaryPlus(a) — +a, converts to number", ([a]) =>
  typeof a === "boolean" ? Number(a) : typeof a === "string" ? (a.trim() === "" ? null : Number(a)) : num(a));

/** Numbers and lists of numbers, flattened (min, max, sum, mean, median accept both); each item a step. */
function numbers(args: FormulaValue[], ctx: Ctx): number[] {
  const out: number[] = [];
  const walk = (v: FormulaValue) => {
    if (Array.isArray(v)) {
      charge(ctx, v.length);
      v.forEach(walk);
    } else if (typeof v === "number") out.push(v);
  };
  args.forEach(walk);
  return out;
}
const numericArgs: CustomCheck = (types, spans, name) => {
  if (types.length === 0) throw new FormulaError("wrong_arity", `${name}() takes at least 1 argument, got 0`, { start: 0, end: 0 });
  types.forEach((t, i) => {
    const ok = (x: FType): boolean => x === "number" || x === "any" || (isList(x) && ok(x.list));
    if (!ok(t)) throw new FormulaError("type_mismatch", `${name}() expects numbers or lists of numbers, got ${typeName(t)} for argument ${i + 1}`, spans[i]);
  });
  return "number";
};
const aggregate = (name: string, doc: string, f: (xs: number[], ctx: Ctx) => number | null) =>
  define(name, [], doc, (a, ctx) => f(numbers(a, ctx), ctx), numericArgs);
// A loop, not Math.min(...xs): spreading a long list overflows the call stack.
aggregate("min", "min(a, b, …) or min(list)", (xs) => (xs.length ? xs.reduce((m, x) => (x < m || Number.isNaN(x) ? x : m)) : null));
aggregate("max", "max(a, b, …) or max(list)", (xs) => (xs.length ? xs.reduce((m, x) => (x > m || Number.isNaN(x) ? x : m)) : null));
aggregate("sum", "sum(a, b, …) or sum(list)", (xs) => xs.reduce((s, x) => s + x, 0));
aggregate("mean", "mean(a, b, …) or mean(list): the average", (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null));
alias("average", "mean");
aggregate("median", "median(a, b, …) or median(list)", (xs, ctx) => {
  if (!xs.length) return null;
  charge(ctx, sortSteps(xs.length));
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
});

const unary = (name: string, doc: string, f: (x: number) => number) => define(name, ["(number) -> number"], doc, ([a]) => (a === null ? null : f(num(a))));
unary("abs", "abs(x)", Math.abs);
unary("ceil", "ceil(x): the next integer up", Math.ceil);
unary("floor", "floor(x): the next integer down", Math.floor);
unary("sqrt", "sqrt(x)", Math.sqrt);
unary("cbrt", "cbrt(x)", Math.cbrt);
unary("exp", "exp(x): e^x", Math.exp);
unary("ln", "ln(x): natural logarithm", Math.log);
unary("log10", "log10(x)", Math.log10);
unary("log2", "log2(x)", Math.log2);
unary("sign", "sign(x): -1, 0 or 1", Math.sign);
// Halves round toward +∞ (round(-4.5) = -4), as JavaScript's Math.round (thomasjfrank.com/formulas/functions/round).
define("round", ["(number, number?) -> number"], "round(x, places?)", ([x, places]) => {
  if (x === null) return null;
  const f = 10 ** num(places ?? 0);
  return Math.round(num(x) * f) / f;
});
define("pi", ["() -> number"], "pi()", () => Math.PI);
define("e", ["() -> number"], "e()", () => Math.E);

define("formatNumber", ["(number, string?, number?) -> string"], "formatNumber(x, format?, places?): \"number\", \"percent\", \"dollar\" …", ([x, fmt, places], ctx, span) =>
  formatNumber(num(x), (fmt as string | undefined) ?? "number", places as number | undefined, span));

const CURRENCIES = table({ dollar: "USD", euro: "EUR", pound: "GBP", yen: "JPY", yuan: "CNY", rupee: "INR", won: "KRW", real: "BRL", franc: "CHF", ruble: "RUB", peso: "MXN", canadian_dollar: "CAD", australian_dollar: "AUD" });

function formatNumber(x: number, fmt: string, places: number | undefined, span: Span): string {
  const digits = places === undefined ? {} : { minimumFractionDigits: places, maximumFractionDigits: places };
  if (fmt === "number") return x.toLocaleString("en-US", { useGrouping: false, ...digits });
  if (fmt === "number_with_commas") return x.toLocaleString("en-US", digits);
  if (fmt === "percent") return (x * 100).toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: places ?? 20, minimumFractionDigits: places ?? 0 }) + "%";
  const cur = CURRENCIES[fmt];
  if (!cur) throw new FormulaError("invalid_argument", `Unknown number format "${fmt}"`, span);
  return x.toLocaleString("en-US", { style: "currency", currency: cur, ...digits });
}

