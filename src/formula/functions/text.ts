/** Text functions: substring, contains, regex test/match/replace/replaceAll, case, padding, style, link, split/join. */
import { capped, chargeText, charge, define, list, num, room, roomForList, str } from "./registry.js";
import { equals, type Ctx, type FormulaValue } from "../values.js";
import { BUDGET } from "../budget.js";
import { matchAll, regex, replaceMatches, scan } from "./regex.js";

const text = (v: FormulaValue, ctx: Ctx) => str(v, ctx);

define("concat", ["(...list<T>) -> list<T>", "(...string) -> string"], "concat(list, list, …) joins lists; concat(text, …) joins text (1.0)", (a, ctx, span) => {
  if (a.some(Array.isArray) || a.length === 0) {
    roomForList(a.reduce((n: number, x) => n + list(x).length, 0), ctx, span);
    return a.flatMap((x) => list(x));
  }
  const parts = a.map((x) => text(x, ctx));
  room(parts.reduce((n, p) => n + p.length, 0), ctx, span);
  return parts.join("");
});
define("contains", ["(string, string) -> boolean", "(list<T>, T) -> boolean", "(any, string) -> boolean"], "contains(text, search)", ([s, sub], ctx) => {
  if (Array.isArray(s)) {
    charge(ctx, s.length);
    return s.some((x) => equals(x, sub, ctx));
  }
  const t = text(s, ctx);
  chargeText(ctx, t.length);
  return t.includes(text(sub, ctx));
});
define("test", ["(any, string) -> boolean"], "test(value, regex): whether the text matches", ([s, p], ctx, span) => {
  const t = text(s, ctx);
  const r = regex(text(p, ctx), "", span);
  scan(t, r, ctx, span);
  return r.test(t);
});
define("match", ["(any, string) -> list<string>"], "match(text, regex): all matches", ([s, p], ctx, span) =>
  matchAll(regex(text(p, ctx), "g", span), text(s, ctx), ctx, span));
define("replace", ["(any, string, string) -> string"], "replace(text, regex, replacement): the first match ($1 refers to groups)", ([s, p, r], ctx, span) =>
  replaceMatches(text(s, ctx), regex(text(p, ctx), "g", span), text(r, ctx), false, ctx, span));
define("replaceAll", ["(any, string, string) -> string"], "replaceAll(text, regex, replacement)", ([s, p, r], ctx, span) =>
  replaceMatches(text(s, ctx), regex(text(p, ctx), "g", span), text(r, ctx), true, ctx, span));
const whole = (name: string, doc: string, f: (t: string) => string) =>
  define(name, ["(string) -> string"], doc, ([s], ctx, span) => {
    const t = text(s, ctx);
    chargeText(ctx, t.length);
    return capped(f(t), span);
  });
whole("lower", "lower(text)", (t) => t.toLowerCase());
whole("upper", "upper(text)", (t) => t.toUpperCase());
whole("trim", "trim(text): without surrounding spaces", (t) => t.trim());
define("repeat", ["(string, number) -> string"], "repeat(text, times)", ([s, n], ctx, span) => {
  const t = text(s, ctx);
  const times = Math.max(0, Math.floor(num(n)));
  if (t.length === 0) return "";
  room(t.length * times, ctx, span);
  return t.repeat(times);
});
const padding = (name: string, end: boolean) =>
  define(name, ["(string, number, string?) -> string"], `${name}(text, length, pad?)`, ([s, n, p], ctx, span) => {
    const len = Math.floor(num(n));
    const t = text(s, ctx);
    if (!(len > t.length)) return t;
    room(len, ctx, span);
    const pad = p === undefined ? " " : text(p, ctx);
    return end ? t.padEnd(len, pad) : t.padStart(len, pad);
  });
padding("padStart", false);
padding("padEnd", true);
define("substring", ["(string, number, number?) -> string"], "substring(text, start, end?)", ([s, a, b], ctx) => {
  const out = text(s, ctx).substring(num(a), b === undefined ? undefined : num(b));
  chargeText(ctx, out.length);
  return out;
});
define("slice", ["(list<T>, number, number?) -> list<T>", "(string, number, number?) -> string"], "slice(list or text, start, end?)", ([s, a, b], ctx) => {
  const out = Array.isArray(s) ? s.slice(num(a), b === undefined ? undefined : num(b)) : text(s, ctx).slice(num(a), b === undefined ? undefined : num(b));
  if (Array.isArray(out)) charge(ctx, out.length);
  else chargeText(ctx, out.length);
  return out;
});
define("split", ["(string, string?) -> list<string>"], "split(text, separator)", ([s, sep], ctx, span) => {
  const t = text(s, ctx);
  if (sep === undefined) return [t];
  chargeText(ctx, t.length);
  // One item past the cap is enough to know the result is too long.
  const parts = t.split(text(sep, ctx), BUDGET.MAX_LIST + 1);
  roomForList(parts.length, ctx, span);
  return parts;
});
define("join", ["(list<any>, string) -> string", "(string, ...string) -> string"], "join(list, separator); 1.0: join(separator, text, …)", (a, ctx, span) => {
  const [items, sep] = Array.isArray(a[0]) ? [a[0] as FormulaValue[], text(a[1], ctx)] : [a.slice(1), text(a[0], ctx)];
  charge(ctx, items.length);
  const parts = items.map((x) => text(x, ctx));
  room(parts.reduce((n, p) => n + p.length, 0) + sep.length * Math.max(0, parts.length - 1), ctx, span);
  return parts.join(sep);
});
// Styled text and links reach the API as plain text (a formula's string value has no annotations).
define("style", ["(any, ...string) -> string"], "style(text, \"b\", \"i\", \"u\", \"s\", \"c\", color…)", ([s], ctx) => text(s, ctx));
define("unstyle", ["(any, ...string) -> string"], "unstyle(text, styles?)", ([s], ctx) => text(s, ctx));
define("link", ["(string, string) -> string"], "link(label, url)", ([label], ctx) => text(label, ctx));
