/** Logic and general functions: if, ifs, and, or, not, empty, equal, comparisons, length, format, toNumber, id. */
import { FormulaError } from "../errors.js";
import { join, typeName, type FType } from "../types.js";
import { compare, equals, isDate, type FormulaValue } from "../values.js";
import { alias, chargeText, define, str, FUNCTIONS } from "./registry.js";

/** empty(): Notion counts "", 0, false, [] and blanks as empty. */
export function isEmpty(v: FormulaValue): boolean {
  return v === null || v === "" || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (Number.isNaN(v as number) && typeof v === "number");
}

define("if", ["(boolean, lazy<T>, lazy<T>) -> T"], "if(condition, then, else)", ([c, a, b]) => (c === true ? a() : b()));

define("ifs", [], "ifs(cond1, value1, cond2, value2, …, else)", (a) => {
  for (let i = 0; i + 1 < a.length; i += 2) if (a[i]() === true) return a[i + 1]();
  return a.length % 2 ? a[a.length - 1]() : null;
}, (types, spans, name) => {
  if (types.length < 2) throw new FormulaError("wrong_arity", `${name}() takes at least 2 arguments, got ${types.length}`, spans[0] ?? { start: 0, end: 0 });
  let out: FType | null = null;
  types.forEach((t, i) => {
    const isCond = i % 2 === 0 && i + 1 < types.length;
    if (isCond && t !== "boolean" && t !== "any") throw new FormulaError("type_mismatch", `${name}() expects boolean for argument ${i + 1}, got ${typeName(t)}`, spans[i]);
    if (!isCond) out = out === null ? t : join(out, t);
  });
  return out ?? "any";
});

define("and", ["(boolean, ...lazy<boolean>) -> boolean"], "and(a, b, …): true when all are true", (a) => {
  if (a[0] !== true) return false;
  for (let i = 1; i < a.length; i++) if (a[i]() !== true) return false;
  return true;
});
define("or", ["(boolean, ...lazy<boolean>) -> boolean"], "or(a, b, …): true when any is true", (a) => {
  if (a[0] === true) return true;
  for (let i = 1; i < a.length; i++) if (a[i]() === true) return true;
  return false;
});
define("not", ["(boolean) -> boolean"], "not(a)", ([a]) => a !== true);
define("empty", ["(any) -> boolean", "() -> any"], "empty(value): true for blank, \"\", 0, false, []; empty() is a blank", (a) => (a.length ? isEmpty(a[0]) : null));
define("equal", ["(S, S) -> boolean"], "equal(a, b) — a == b", ([a, b], ctx) => equals(a, b, ctx));
define("unequal", ["(S, S) -> boolean"], "unequal(a, b) — a != b", ([a, b], ctx) => !equals(a, b, ctx));

const ORDERED = ["(number, number) -> boolean", "(string, string) -> boolean", "(date, date) -> boolean", "(boolean, boolean) -> boolean"];
const ordered = (name: string, doc: string, test: (c: number) => boolean) =>
  define(name, ORDERED, doc, ([a, b]) => (a === null || b === null ? false : test(compare(a, b))));
ordered("larger", "larger(a, b) — a > b", (c) => c > 0);
ordered("largerEq", "largerEq(a, b) — a >= b", (c) => c >= 0);
ordered("smaller", "smaller(a, b) — a < b", (c) => c < 0);
ordered("smallerEq", "smallerEq(a, b) — a <= b", (c) => c <= 0);

define("length", ["(string) -> number", "(list<any>) -> number", "(any) -> number"], "length(text or list)", ([v], ctx) => {
  if (Array.isArray(v)) return v.length;
  const t = str(v, ctx);
  chargeText(ctx, t.length);
  let n = 0;
  for (const _ of t) n++; // code points, as Notion counts
  return n;
});
define("format", ["(any) -> string"], "format(value): the value as text", ([v], ctx) => str(v, ctx));
alias("toText", "format");
define("toNumber", ["(any) -> number"], "toNumber(value): text parsed, true→1, date→ms timestamp", ([v], ctx) => {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isDate(v)) return v.start;
  if (typeof v === "string") {
    chargeText(ctx, v.length);
    const n = parseFloat(v.trim());
    return Number.isNaN(n) ? null : n;
  }
  return null;
});
define("id", ["() -> string", "(page) -> string", "(person) -> string"], "id(): this page's id; id(page)", (a, ctx) =>
  a.length ? (a[0]?.id ?? "") : (ctx.env.id ?? ""));
define("prop", ["(page, string) -> any"], "page.prop(\"Name\"): a related page's property", ([p, name], ctx) => {
  if (!p) return null;
  return ctx.env.page?.(p.id)?.prop(name) ?? null;
});


FUNCTIONS.get("ifs")!.lazyArgs = true;
