/**
 * List functions; those taking an expression evaluate it per item with `current` and `index`.
 * Each pays for the items it scans or builds before doing the work (budget.ts): lambda runs are
 * steps already, copies and scans cost an item a step, sorting n·log₂n/4.
 */
import { compare, equals, valueKey, type FormulaValue } from "../values.js";
import { charge, define, list, num, roomForList } from "./registry.js";

/** n·log₂n comparisons, four to a step (a comparison is a quarter of a call). */
export const sortSteps = (n: number) => Math.ceil((n * Math.ceil(Math.log2(n + 1))) / 4);
const at = (xs: FormulaValue[], i: number) => xs[i < 0 ? xs.length + i : i] ?? null;

define("at", ["(list<T>, number) -> T"], "at(list, index): negative counts from the end", ([xs, i]) => at(list(xs), Math.trunc(num(i))));
define("first", ["(list<T>) -> T"], "first(list)", ([xs]) => list(xs)[0] ?? null);
define("last", ["(list<T>) -> T"], "last(list)", ([xs]) => at(list(xs), -1));
define("splice", ["(list<T>, number, number, ...T) -> list<T>"], "splice(list, start, deleteCount, items…)", ([xs, s, n, ...items], ctx, span) => {
  roomForList(list(xs).length + items.length, ctx, span);
  const copy = [...list(xs)];
  copy.splice(num(s), num(n), ...items);
  return copy;
});
define("sort", ["(list<T>, fn<any>?) -> list<T>"], "sort(list, key?): ascending", ([xs, key], ctx) => {
  const items = list(xs);
  charge(ctx, sortSteps(items.length));
  if (!key) return [...items].sort(compare);
  const keyed = items.map((x, i) => ({ x, k: key(x, i) }));
  return keyed.sort((a, b) => compare(a.k, b.k)).map((p) => p.x);
});
define("reverse", ["(list<T>) -> list<T>"], "reverse(list)", ([xs], ctx) => {
  charge(ctx, list(xs).length);
  return [...list(xs)].reverse();
});
// One pass with a key per value (valueKey agrees with equals), not a comparison of every pair.
define("unique", ["(list<T>) -> list<T>"], "unique(list): first of each distinct value", ([xs], ctx) => {
  const items = list(xs);
  charge(ctx, items.length);
  const seen = new Set<string>();
  const out: FormulaValue[] = [];
  for (const x of items) {
    const k = valueKey(x, ctx);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
});
define("includes", ["(list<T>, T) -> boolean"], "includes(list, value)", ([xs, v], ctx) => {
  charge(ctx, list(xs).length);
  return list(xs).some((x) => equals(x, v, ctx));
});
define("find", ["(list<T>, fn<boolean>) -> T"], "find(list, condition): the first match", ([xs, f]) => {
  const items = list(xs);
  for (let i = 0; i < items.length; i++) if (f(items[i], i) === true) return items[i];
  return null;
});
define("findIndex", ["(list<T>, fn<boolean>) -> number"], "findIndex(list, condition): -1 if none", ([xs, f]) => {
  const items = list(xs);
  for (let i = 0; i < items.length; i++) if (f(items[i], i) === true) return i;
  return -1;
});
define("filter", ["(list<T>, fn<boolean>) -> list<T>"], "filter(list, condition)", ([xs, f]) => list(xs).filter((x, i) => f(x, i) === true));
define("some", ["(list<T>, fn<boolean>) -> boolean"], "some(list, condition)", ([xs, f]) => list(xs).some((x, i) => f(x, i) === true));
define("every", ["(list<T>, fn<boolean>) -> boolean"], "every(list, condition)", ([xs, f]) => list(xs).every((x, i) => f(x, i) === true));
define("map", ["(list<T>, fn<U>) -> list<U>"], "map(list, expression)", ([xs, f]) => list(xs).map((x, i) => f(x, i)));
define("flat", ["(list<list<T>>) -> list<T>", "(list<T>) -> list<T>"], "flat(list): one level flattened", ([xs], ctx, span) => {
  const items = list(xs);
  roomForList(items.reduce((n: number, x) => n + (Array.isArray(x) ? x.length : 1), 0), ctx, span);
  return items.flat() as FormulaValue[];
});
define("count", ["(list<T>, fn<boolean>?) -> number"], "count(list, condition?)", ([xs, f]) =>
  f ? list(xs).filter((x, i) => f(x, i) === true).length : list(xs).length);
