/**
 * Formula expressions that mostly type-check: built from the engine's own function table
 * (src/formula/functions) and the fixture's properties, so most of them reach evaluation on
 * real page values (where runtime surprises live) instead of stopping at the checker.
 */
import fc from "fast-check";
import { FUNCTIONS } from "../../src/formula/functions/index.js";
import { propertyType, type FType, type Signature } from "../../src/formula/types.js";
import { TYPES, type Side } from "./databases.js";

type Scope = { current?: FType; vars: [string, FType][] };

const PRIMS: FType[] = ["number", "string", "boolean", "date"];
const key = (t: FType): string => (typeof t === "string" ? t : "list" in t ? `list<${key(t.list)}>` : `T${t.tvar}`);
const same = (a: FType, b: FType) => key(a) === key(b);

/** prop("Name") of `side`'s properties by their formula type. */
function propsOfType(side: Side): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, type] of Object.entries(TYPES[side])) {
    const k = key(propertyType(type));
    out.set(k, [...(out.get(k) ?? []), name]);
  }
  return out;
}
const PROPS = { a: propsOfType("a"), b: propsOfType("b") };

const quote = (s: string) => JSON.stringify(s);

const STRINGS = ["", "a", "abc", "Red", "😀", "\\", "%", "a,b", "(", "[", "a*", "(a+)+$", "\\d+", "$1", "x".repeat(300), "2024-01-01", "YYYY-MM-DD", "days", "months", "years", "hours", "quarters", "nope", "en-US", "Europe/Paris", "b", "i", "u", "c", "red", "red_background"];
const NUMBERS = ["0", "1", "2", "-1", "0.5", "1e308", "1e-320", "9007199254740993", "100000", "3", "12", "-0", "1/0", "0/0"];

function literal(t: FType): fc.Arbitrary<string> | null {
  switch (key(t)) {
    case "number":
      return fc.constantFrom(...NUMBERS);
    case "string":
      return fc.constantFrom(...STRINGS).map(quote);
    case "boolean":
      return fc.constantFrom("true", "false");
    case "date":
      return fc.constantFrom("now()", "today()", 'parseDate("2024-02-29")', "fromTimestamp(0)", "fromTimestamp(8640000000000000)", "fromTimestamp(-8640000000000001)", 'parseDate("nope")');
    default:
      return null;
  }
}

/** The leaves of type `t`: literals, properties, variables in scope. */
function leaves(t: FType, side: Side, scope: Scope): fc.Arbitrary<string>[] {
  const out: fc.Arbitrary<string>[] = [];
  const lit = literal(t);
  if (lit) out.push(lit);
  const props = PROPS[side].get(key(t)) ?? [];
  if (props.length) out.push(fc.constantFrom(...props).map((p) => `prop(${quote(p)})`));
  if (scope.current && same(scope.current, t)) out.push(fc.constant("current"));
  if (same(t, "number") && scope.current) out.push(fc.constant("index"));
  for (const [name, vt] of scope.vars) if (same(vt, t)) out.push(fc.constant(name));
  if (typeof t === "object" && "list" in t) {
    const inner = literal(t.list);
    if (inner) out.push(fc.array(inner, { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`));
  }
  if (key(t) === "any") out.push(fc.constantFrom(...PRIMS).chain((p) => literal(p)!));
  return out;
}

/** Substitutes type variables; unknown ones get a random concrete type (drawn once per call). */
function resolve(t: FType, env: Map<string, FType>): FType {
  if (typeof t === "string") return t;
  if ("list" in t) return { list: resolve(t.list, env) };
  return env.get(t.tvar) ?? "number";
}

/** Binds type variables of `result` so it matches `want`; false when it cannot. */
function unify(result: FType, want: FType, env: Map<string, FType>): boolean {
  if (key(want) === "any") return true;
  if (typeof result === "object" && "tvar" in result) {
    const bound = env.get(result.tvar);
    if (bound) return same(bound, want);
    env.set(result.tvar, want);
    return true;
  }
  if (typeof result === "object" && "list" in result) return typeof want === "object" && "list" in want && unify(result.list, want.list, env);
  return same(result, want);
}

const SKIP = new Set(["ifs", "let", "lets", "prop", "id", "style", "unstyle"]);
const CALLABLE = [...FUNCTIONS.values()].filter((f) => !SKIP.has(f.name) && f.sigs.length > 0);

/** A call of some library function whose result can be `t`. */
function call(t: FType, side: Side, scope: Scope, depth: number): fc.Arbitrary<string> | null {
  const options: [string, Signature][] = [];
  for (const f of CALLABLE) for (const s of f.sigs) if (unify(s.result, t, new Map())) options.push([f.name, s]);
  if (!options.length) return null;
  return fc
    .record({ pick: fc.constantFrom(...options), tvars: fc.array(fc.constantFrom<FType>(...PRIMS, { list: "string" }, { list: "number" }), { minLength: 3, maxLength: 3 }), extra: fc.nat(2), withOptional: fc.boolean(), method: fc.boolean() })
    .chain(({ pick: [name, sig], tvars, extra, withOptional, method }) => {
      const env = new Map<string, FType>();
      unify(sig.result, t, env);
      ["T", "U", "S"].forEach((v, i) => env.has(v) || env.set(v, tvars[i]));
      const args: fc.Arbitrary<string>[] = [];
      for (const p of sig.params) {
        if (p.optional && !withOptional) continue;
        const n = p.rest ? extra : 1;
        for (let i = 0; i < n; i++) {
          const pt = resolve(p.type, env);
          if (p.mode === "lambda") {
            // The lambda sees `current` (an item of the first argument's list) and `index`.
            const first = resolve(sig.params[0].type, env);
            const item = typeof first === "object" && "list" in first ? first.list : "any";
            args.push(expr(pt, side, { ...scope, current: item }, depth - 1));
          } else args.push(expr(pt, side, scope, depth - 1));
        }
      }
      return fc.tuple(...args).map((xs) => (method && xs.length > 0 && !/^[A-Za-z]*\(\)$/.test(name) ? `(${xs[0]}).${name}(${xs.slice(1).join(", ")})` : `${name}(${xs.join(", ")})`));
    });
}

/** An expression of type `t` (depth bounds nesting). */
export function expr(t: FType, side: Side, scope: Scope = { vars: [] }, depth = 3): fc.Arbitrary<string> {
  const ls = leaves(t, side, scope);
  const leaf = ls.length ? fc.oneof(...ls) : fc.constant(key(t) === "string" ? '""' : "0");
  if (depth <= 0) return leaf;
  const c = call(t, side, scope, depth);
  const parts: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [{ weight: 2, arbitrary: leaf }];
  if (c) parts.push({ weight: 3, arbitrary: c });
  parts.push({
    weight: 1,
    arbitrary: fc.tuple(expr("boolean", side, scope, depth - 1), expr(t, side, scope, depth - 1), expr(t, side, scope, depth - 1)).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
  });
  if (depth >= 2)
    parts.push({
      weight: 1,
      arbitrary: fc.constantFrom(...PRIMS).chain((vt) =>
        fc.tuple(expr(vt, side, scope, 0), expr(t, side, { ...scope, vars: [...scope.vars, ["v", vt]] }, depth - 1)).map(([v, body]) => `lets(v, ${v}, ${body})`),
      ),
    });
  return fc.oneof(...parts);
}

/** A formula for a property of data source `side`: usually well-typed, sometimes anything. */
export function formulaArb(side: Side): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<FType>(...PRIMS, "string", "number", { list: "string" }, { list: "page" }, "person").chain((t) => expr(t, side)) },
    { weight: 1, arbitrary: fc.constantFrom('prop("Formula")', 'prop("Fz")', "{{notion:block_property:title}}", "{{notion:block_property:zzzz:x}}", "/* c */ 1", "/* open", "(".repeat(3000) + "1" + ")".repeat(3000), "1" + " + 1".repeat(2000), "-".repeat(5000) + "1", "!".repeat(5000) + "true") },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."()[]{},.+-*/%^!?:<>=&|\"'\\ 01abprop".split("")), maxLength: 30 }) },
  );
}
