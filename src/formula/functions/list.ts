/** List functions; those taking an expression evaluate it per item with `current` and `index`. */
import { compare, equals, type FormulaValue } from "../values.js";
import { define, list, num } from "./registry.js";

type Item = (current: FormulaValue, index: number) => FormulaValue;
const at = (xs: FormulaValue[], i: number) => xs[i < 0 ? xs.length + i : i] ?? null;

define("at", ["(list<T>, number) -> T"], "at(list, index): negative counts from the end", ([xs, i]) => at(list(xs), Math.trunc(num(i))));
define("first", ["(list<T>) -> T"], "first(list)", ([xs]) => list(xs)[0] ?? null);
define("last", ["(list<T>) -> T"], "last(list)", ([xs]) => at(list(xs), -1));
define("splice", ["(list<T>, number, number, ...T) -> list<T>"], "splice(list, start, deleteCount, items…)", ([xs, s, n, ...items]) => {
  const copy = [...list(xs)];
  copy.splice(num(s), num(n), ...items);
  return copy;
});
define("sort", ["(list<T>, fn<any>?) -> list<T>"], "sort(list, key?): ascending", ([xs, key]) => {
  const items = list(xs);
  if (!key) return [...items].sort(compare);
  const keyed = items.map((x, i) => ({ x, k: key(x, i) }));
  return keyed.sort((a, b) => compare(a.k, b.k)).map((p) => p.x);
});
define("reverse", ["(list<T>) -> list<T>"], "reverse(list)", ([xs]) => [...list(xs)].reverse());
define("unique", ["(list<T>) -> list<T>"], "unique(list): first of each distinct value", ([xs]) => {
  const out: FormulaValue[] = [];
  for (const x of list(xs)) if (!out.some((y) => equals(x, y))) out.push(x);
  return out;
});
define("includes", ["(list<T>, T) -> boolean"], "includes(list, value)", ([xs, v]) => list(xs).some((x) => equals(x, v)));
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
define("flat", ["(list<list<T>>) -> list<T>", "(list<T>) -> list<T>"], "flat(list): one level flattened", ([xs]) => list(xs).flat() as FormulaValue[]);
define("count", ["(list<T>, fn<boolean>?) -> number"], "count(list, condition?)", ([xs, f]) =>
  f ? list(xs).filter((x, i) => f(x, i) === true).length : list(xs).length);
