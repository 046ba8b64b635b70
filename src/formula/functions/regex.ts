/**
 * Regular expressions for test/match/replace/replaceAll: compiled for linear-time matching, and
 * matched by hand so each match is paid for and no result outgrows the caps (budget.ts) — a
 * replacement's `` $` `` and `$'` copy the text, so one call could otherwise build gigabytes.
 */
import { setFlagsFromString } from "node:v8";
import { FormulaError, type Span } from "../errors.js";
import type { Ctx } from "../values.js";
import { BUDGET } from "../budget.js";
import { bad, charge, chargeText } from "./registry.js";

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
/**
 * Pays for running a pattern over `text` (its length, more for longer patterns), refusing texts
 * past BUDGET.MAX_REGEX_TEXT (too_large).
 */
export function scan(text: string, pattern: RegExp, ctx: Ctx, span: Span): void {
  if (text.length > BUDGET.MAX_REGEX_TEXT) throw new FormulaError("too_large", `Regular expressions run on at most ${BUDGET.MAX_REGEX_TEXT} characters`, span);
  chargeText(ctx, text.length * (1 + pattern.source.length / 8));
}

/** A pattern compiled once (Notion's patterns are JavaScript regular expressions, matched in linear time). */
export function regex(pattern: string, flags: string, span: Span): RegExp {
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

/** The matches of a global regex in `text`, one by one, each paid for (all of them, or the first). */
function* eachMatch(r: RegExp, text: string, all: boolean, ctx: Ctx, span: Span): Generator<RegExpExecArray> {
  scan(text, r, ctx, span);
  r.lastIndex = 0;
  for (let m = r.exec(text); m !== null; m = all ? r.exec(text) : null) {
    charge(ctx, BUDGET.MATCH_STEPS);
    yield m;
    if (m[0] === "") r.lastIndex++; // an empty match: move on, as String.prototype.match does
  }
}

/** Every match of a global regex in `text`, at most BUDGET.MAX_LIST. */
export function matchAll(r: RegExp, text: string, ctx: Ctx, span: Span): string[] {
  const out: string[] = [];
  for (const m of eachMatch(r, text, true, ctx, span))
    if (out.push(m[0]) > BUDGET.MAX_LIST) throw new FormulaError("too_large", `More than ${BUDGET.MAX_LIST} matches`, span);
  return out;
}

/**
 * `text` with its first match (`all` false) or every match replaced, `$` patterns expanded as
 * String.prototype.replace does ($$, $&, $`, $', $1–$99, $<name>), built against the text cap.
 */
export function replaceMatches(text: string, r: RegExp, replacement: string, all: boolean, ctx: Ctx, span: Span): string {
  const out = { parts: [] as string[], length: 0 };
  const push = (s: string) => {
    if ((out.length += s.length) > BUDGET.MAX_TEXT) throw new FormulaError("too_large", `Text longer than ${BUDGET.MAX_TEXT} characters`, span);
    chargeText(ctx, s.length);
    out.parts.push(s);
  };
  let from = 0;
  for (const m of eachMatch(r, text, all, ctx, span)) {
    push(text.slice(from, m.index));
    expand(replacement, m, text, push);
    from = m.index + m[0].length;
  }
  push(text.slice(from));
  return out.parts.join("");
}

const digit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** GetSubstitution (ECMA-262): `replacement` for match `m`, emitted piece by piece. */
function expand(replacement: string, m: RegExpExecArray, text: string, push: (s: string) => void): void {
  if (!replacement.includes("$")) return push(replacement);
  const groups = m.length - 1;
  let literal = "";
  const emit = (s: string) => {
    if (literal) push(literal);
    literal = "";
    push(s);
  };
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    const d = replacement[i + 1];
    if (c !== "$" || d === undefined) literal += c;
    else if (d === "$") (literal += "$"), i++;
    else if (d === "&") emit(m[0]), i++;
    else if (d === "`") emit(text.slice(0, m.index)), i++;
    else if (d === "'") emit(text.slice(m.index + m[0].length)), i++;
    else if (digit(d)) {
      const two = digit(replacement[i + 2]) ? Number(d + replacement[i + 2]) : 0;
      const one = Number(d);
      if (two >= 1 && two <= groups) emit(m[two] ?? ""), (i += 2);
      else if (one >= 1 && one <= groups) emit(m[one] ?? ""), i++;
      else literal += "$";
    } else if (d === "<" && m.groups && replacement.indexOf(">", i + 2) > 0) {
      const end = replacement.indexOf(">", i + 2);
      emit(m.groups[replacement.slice(i + 2, end)] ?? "");
      i = end;
    } else literal += "$";
  }
  if (literal) push(literal);
}
