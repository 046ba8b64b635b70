/** Text functions: substring, contains, regex test/match/replace/replaceAll, case, padding, style, link, split/join. */
import { setFlagsFromString } from "node:v8";
import type { Span } from "../errors.js";
import { bad, capped, define, list, num, str } from "./registry.js";
import { equals, type Ctx, type FormulaValue } from "../values.js";

/*
 * Regular expressions in linear time. Notion evaluates formula regexes with a linear-time
 * (RE2-like) engine; V8's default engine backtracks, and a pattern such as "(a+)+$" against 30
 * characters holds the server's only thread for a minute. V8 also has a breadth-first engine
 * that runs in time linear in the text (the same family as RE2, and like RE2 it has no
 * backreferences or lookaround). Two V8 flags, set once for the process:
 *   --enable-experimental-regexp-engine: lets us ask whether a pattern can run on it (flag "l");
 *   --enable-experimental-regexp-engine-on-excessive-backtracks: a regex V8 can run linearly
 *     switches to that engine after 50,000 backtracks (V8's default), so ordinary patterns keep
 *     the fast backtracking engine and no pattern goes exponential.
 * A pattern the linear engine cannot run is refused as invalid when the formula runs (its value
 * is then empty): backreferences and lookaround (RE2 refuses those too), and, a limit of V8's
 * engine stricter than RE2's 1000, counted repetitions above 16 (`x{1,17}`) — measured:
 * `(q{1,20})+$` on 28 characters took 43 s on the backtracking engine.
 * No native dependency; the flags are V8's own (Node 20+).
 */
setFlagsFromString("--enable-experimental-regexp-engine");
setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");

const regexes = new Map<string, RegExp>();
/** A pattern compiled once (Notion's patterns are JavaScript regular expressions, matched in linear time). */
function regex(pattern: string, flags: string, span: Span): RegExp {
  const key = flags + "/" + pattern;
  let r = regexes.get(key);
  if (!r) {
    try {
      r = new RegExp(pattern, flags);
    } catch {
      bad(`Invalid regular expression "${pattern}"`, span);
    }
    try {
      new RegExp(pattern, flags + "l");
    } catch {
      bad(`Invalid regular expression "${pattern}": backreferences, lookaround and repetition counts above 16 cannot be matched in linear time`, span);
    }
    if (regexes.size > 1000) regexes.clear();
    regexes.set(key, r);
  }
  r.lastIndex = 0;
  return r;
}

const text = (v: FormulaValue, ctx: Ctx) => str(v, ctx);

define("concat", ["(...list<T>) -> list<T>", "(...string) -> string"], "concat(list, list, …) joins lists; concat(text, …) joins text (1.0)", (a, ctx, span) =>
  a.some(Array.isArray) || a.length === 0 ? a.flatMap((x) => list(x)) : capped(a.map((x) => text(x, ctx)).join(""), span));
define("contains", ["(string, string) -> boolean", "(list<T>, T) -> boolean", "(any, string) -> boolean"], "contains(text, search)", ([s, sub], ctx) =>
  Array.isArray(s) ? s.some((x) => equals(x, sub)) : text(s, ctx).includes(text(sub, ctx)));
define("test", ["(any, string) -> boolean"], "test(value, regex): whether the text matches", ([s, p], ctx, span) => regex(text(p, ctx), "", span).test(text(s, ctx)));
define("match", ["(any, string) -> list<string>"], "match(text, regex): all matches", ([s, p], ctx, span) => text(s, ctx).match(regex(text(p, ctx), "g", span)) ?? []);
define("replace", ["(any, string, string) -> string"], "replace(text, regex, replacement): the first match ($1 refers to groups)", ([s, p, r], ctx, span) =>
  capped(text(s, ctx).replace(regex(text(p, ctx), "", span), text(r, ctx)), span));
define("replaceAll", ["(any, string, string) -> string"], "replaceAll(text, regex, replacement)", ([s, p, r], ctx, span) =>
  capped(text(s, ctx).replace(regex(text(p, ctx), "g", span), text(r, ctx)), span));
define("lower", ["(string) -> string"], "lower(text)", ([s], ctx) => text(s, ctx).toLowerCase());
define("upper", ["(string) -> string"], "upper(text)", ([s], ctx) => text(s, ctx).toUpperCase());
define("trim", ["(string) -> string"], "trim(text): without surrounding spaces", ([s], ctx) => text(s, ctx).trim());
define("repeat", ["(string, number) -> string"], "repeat(text, times)", ([s, n], ctx, span) => {
  const t = text(s, ctx);
  const times = Math.max(0, Math.floor(num(n)));
  if (t.length * times > 1_000_000) capped("x".repeat(1_000_001), span);
  return t.repeat(times);
});
const padding = (name: string, end: boolean) =>
  define(name, ["(string, number, string?) -> string"], `${name}(text, length, pad?)`, ([s, n, p], ctx, span) => {
    const len = Math.floor(num(n));
    if (len > 1_000_000) capped("x".repeat(1_000_001), span);
    const pad = p === undefined ? " " : text(p, ctx);
    return end ? text(s, ctx).padEnd(len, pad) : text(s, ctx).padStart(len, pad);
  });
padding("padStart", false);
padding("padEnd", true);
define("substring", ["(string, number, number?) -> string"], "substring(text, start, end?)", ([s, a, b], ctx) =>
  text(s, ctx).substring(num(a), b === undefined ? undefined : num(b)));
define("slice", ["(list<T>, number, number?) -> list<T>", "(string, number, number?) -> string"], "slice(list or text, start, end?)", ([s, a, b], ctx) =>
  Array.isArray(s) ? s.slice(num(a), b === undefined ? undefined : num(b)) : text(s, ctx).slice(num(a), b === undefined ? undefined : num(b)));
define("split", ["(string, string?) -> list<string>"], "split(text, separator)", ([s, sep], ctx) => {
  const t = text(s, ctx);
  return sep === undefined ? [t] : t.split(text(sep, ctx));
});
define("join", ["(list<any>, string) -> string", "(string, ...string) -> string"], "join(list, separator); 1.0: join(separator, text, …)", (a, ctx, span) => {
  if (Array.isArray(a[0])) return capped(a[0].map((x: FormulaValue) => text(x, ctx)).join(text(a[1], ctx)), span);
  return capped(a.slice(1).map((x) => text(x, ctx)).join(text(a[0], ctx)), span);
});
// Styled text and links reach the API as plain text (a formula's string value has no annotations).
define("style", ["(any, ...string) -> string"], "style(text, \"b\", \"i\", \"u\", \"s\", \"c\", color…)", ([s], ctx) => text(s, ctx));
define("unstyle", ["(any, ...string) -> string"], "unstyle(text, styles?)", ([s], ctx) => text(s, ctx));
define("link", ["(string, string) -> string"], "link(label, url)", ([label], ctx) => text(label, ctx));
