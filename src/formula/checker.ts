/**
 * Type checker: AST → typed IR. Resolves properties, variables (let/lets, current, index) and
 * overloads from the function table's signatures; every problem is a FormulaError with a span.
 */
import { FormulaError, type Span } from "./errors.js";
import { FUNCTIONS, type FnDef } from "./functions/index.js";
import type { Node } from "./parser.js";
import { isList, join, listOf, sameType, typeName, type FType, type Param, type ParamMode, type Signature } from "./types.js";
import type { FormulaValue } from "./values.js";
import { table } from "../lib/dict.js";

/** The checked program the evaluator compiles. */
export type IR =
  | { k: "const"; v: FormulaValue }
  | { k: "list"; items: IR[] }
  | { k: "slot"; i: number }
  | { k: "prop"; id: string }
  | { k: "call"; fn: FnDef; args: IR[]; modes: ParamMode[]; span: Span }
  | { k: "let"; slot: number; value: IR; body: IR }
  | { k: "lambda"; cur: number; idx: number; body: IR };

/** A resolved property reference. */
export interface PropRef {
  id: string;
  type: FType;
}
/** Finds a property by name (prop("Name")) or by id (the {{notion:block_property:…}} form); null if none. */
export type PropResolver = (key: string, byId: boolean, span: Span) => PropRef | null;

interface Var {
  slot: number;
  type: FType;
}
interface Scope {
  vars: Map<string, Var>;
  current: Var | null;
  index: Var | null;
}
type Checked = { type: FType; ir: IR };

const CONSTANTS = table({ e: Math.E, pi: Math.PI });

/** Checks a parsed formula; returns its type, IR, and how many variable slots it needs. */
export function check(root: Node, props: PropResolver): { type: FType; ir: IR; slots: number } {
  const c = new Checker(props);
  const { type, ir } = c.node(root, { vars: new Map(), current: null, index: null });
  return { type, ir, slots: c.slots };
}

class Checker {
  slots = 0;
  constructor(private readonly props: PropResolver) {}

  node(n: Node, scope: Scope): Checked {
    switch (n.t) {
      case "num": return { type: "number", ir: { k: "const", v: n.value } };
      case "str": return { type: "string", ir: { k: "const", v: n.value } };
      case "bool": return { type: "boolean", ir: { k: "const", v: n.value } };
      case "list": {
        const items = n.items.map((i) => this.node(i, scope));
        const elem = items.reduce<FType | null>((t, i) => (t === null ? i.type : join(t, i.type)), null) ?? "any";
        return { type: listOf(elem), ir: { k: "list", items: items.map((i) => i.ir) } };
      }
      case "ident": return this.ident(n.name, n.span, scope);
      case "prop": {
        const ref = this.props(n.key, n.byId, n.span);
        if (!ref) throw new FormulaError("unknown_property", n.byId ? `No property with id "${n.key}"` : `Property "${n.key}" does not exist`, n.span);
        return { type: ref.type, ir: { k: "prop", id: ref.id } };
      }
      case "call":
        if (n.name === "let" || n.name === "lets") return this.lets(n, scope);
        return this.call(n, scope);
    }
  }

  private ident(name: string, span: Span, scope: Scope): Checked {
    const v = name === "current" ? scope.current : name === "index" ? scope.index : scope.vars.get(name);
    if (v) return { type: v.type, ir: { k: "slot", i: v.slot } };
    if (name === "current" || name === "index") throw new FormulaError("unknown_variable", `"${name}" is only available inside list functions such as map() and filter()`, span);
    if (name in CONSTANTS) return { type: "number", ir: { k: "const", v: CONSTANTS[name] } };
    if (FUNCTIONS.has(name)) throw new FormulaError("syntax_error", `${name} is a function; call it as ${name}()`, span);
    throw new FormulaError("unknown_variable", `Unknown name "${name}"`, span);
  }

  private lets(n: Extract<Node, { t: "call" }>, scope: Scope): Checked {
    const a = n.args;
    if (a.length < 3 || a.length % 2 === 0 || (n.name === "let" && a.length !== 3))
      throw new FormulaError("wrong_arity", `${n.name}() takes ${n.name === "let" ? "3 arguments: name, value, expression" : "name, value pairs and an expression"}, got ${a.length}`, n.span);
    const bindings: { slot: number; value: IR }[] = [];
    let inner = scope;
    for (let i = 0; i + 1 < a.length; i += 2) {
      const name = a[i];
      if (name.t !== "ident" || name.name === "current" || name.name === "index") throw new FormulaError("syntax_error", `${n.name}() expects a variable name for argument ${i + 1}`, name.span);
      const value = this.node(a[i + 1], inner);
      const slot = this.slots++;
      inner = { ...inner, vars: new Map(inner.vars).set(name.name, { slot, type: value.type }) };
      bindings.push({ slot, value: value.ir });
    }
    const body = this.node(a[a.length - 1], inner);
    const ir = bindings.reduceRight<IR>((acc, b) => ({ k: "let", slot: b.slot, value: b.value, body: acc }), body.ir);
    return { type: body.type, ir };
  }

  private call(n: Extract<Node, { t: "call" }>, scope: Scope): Checked {
    const def = FUNCTIONS.get(n.name);
    if (!def) throw new FormulaError("unknown_function", `Unknown function "${n.name}"`, n.nameSpan);
    const lambdaAt = new Set<number>();
    for (const s of def.sigs) s.params.forEach((p, i) => p.mode === "lambda" && lambdaAt.add(i));
    const pre = n.args.map((a, i) => (lambdaAt.has(i) ? null : this.node(a, scope)));
    if (def.custom) {
      const type = def.custom(pre.map((p) => p!.type), n.args.map((a) => a.span), n.name);
      const mode: ParamMode = def.lazyArgs ? "lazy" : "value";
      return { type, ir: { k: "call", fn: def, args: pre.map((p) => p!.ir), modes: pre.map(() => mode), span: n.span } };
    }
    let best: Failure | null = null;
    for (const sig of def.sigs) {
      const r = this.attempt(sig, n, pre, scope);
      if ("ir" in r) return r;
      if (!best || r.at > best.at) best = r;
    }
    if (def.sigs.length > 1 && best!.code === "type_mismatch" && n.op === undefined) {
      const got = pre.map((p, i) => (p ? typeName(p.type) : `expression ${i + 1}`)).join(", ");
      throw new FormulaError("type_mismatch", `${n.name}() cannot take (${got}); expected ${def.sigs.map((s) => s.text.split(" ->")[0]).join(" or ")}`, best!.span);
    }
    throw new FormulaError(best!.code, best!.message, best!.span);
  }

  private attempt(sig: Signature, n: Extract<Node, { t: "call" }>, pre: (Checked | null)[], scope: Scope): Checked | Failure {
    const params = sig.params;
    const rest = params.length > 0 && params[params.length - 1].rest;
    const required = params.filter((p) => !p.optional && !p.rest).length;
    const max = rest ? Infinity : params.length;
    const count = n.args.length;
    if (count < required || count > max) return arity(n, sig, required, max);
    const binds = new Map<string, FType>();
    const args: IR[] = [];
    const modes: ParamMode[] = [];
    for (let i = 0; i < count; i++) {
      const p: Param = params[Math.min(i, params.length - 1)];
      let got: Checked;
      if (p.mode === "lambda") {
        const elem = binds.get("T") ?? "any";
        const cur = { slot: this.slots++, type: elem };
        const idx = { slot: this.slots++, type: "number" as FType };
        const body = this.node(n.args[i], { ...scope, current: cur, index: idx });
        got = { type: body.type, ir: { k: "lambda", cur: cur.slot, idx: idx.slot, body: body.ir } };
      } else got = pre[i]!;
      if (!unify(p.type, got.type, binds)) return mismatch(n, i, subst(p.type, binds), got.type, pre);
      args.push(got.ir);
      modes.push(p.mode);
    }
    return { type: subst(sig.result, binds), ir: { k: "call", fn: FUNCTIONS.get(n.name)!, args, modes, span: n.span } };
  }
}

interface Failure {
  code: "type_mismatch" | "wrong_arity";
  message: string;
  span: Span;
  at: number;
}

function arity(n: Extract<Node, { t: "call" }>, sig: Signature, min: number, max: number): Failure {
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  void sig;
  return { code: "wrong_arity", message: `${n.name}() takes ${want} argument${want === "1" ? "" : "s"}, got ${n.args.length}`, span: n.span, at: -1 };
}

function mismatch(n: Extract<Node, { t: "call" }>, i: number, want: FType, got: FType, pre: (Checked | null)[]): Failure {
  if (n.op) {
    const span = n.span;
    const types = pre.map((p) => typeName(p?.type ?? "any"));
    const message = types.length === 1 ? `Operator "${n.op}" cannot be applied to ${types[0]}` : `Operator "${n.op}" cannot be applied to ${types.join(" and ")}`;
    return { code: "type_mismatch", message, span, at: i };
  }
  const span = n.args[i].span;
  return { code: "type_mismatch", message: `${n.name}() expects ${typeName(want)} for argument ${i + 1}, got ${typeName(got)}`, span, at: i };
}

/** Matches an argument type against a parameter type, binding type variables; S must match exactly. */
function unify(p: FType, a: FType, binds: Map<string, FType>): boolean {
  if (p === "any") return true;
  if (typeof p === "object" && "tvar" in p) {
    const b = binds.get(p.tvar);
    if (b === undefined) binds.set(p.tvar, a);
    else if (!sameType(b, a)) {
      if (p.tvar === "S" && b !== "any" && a !== "any") return false;
      binds.set(p.tvar, join(b, a));
    }
    return true;
  }
  if (a === "any") {
    if (isList(p)) unify(p.list, "any", binds);
    return true;
  }
  if (isList(p)) return isList(a) && unify(p.list, a.list, binds);
  return p === a;
}

function subst(t: FType, binds: Map<string, FType>): FType {
  if (typeof t === "string") return t;
  if (isList(t)) return listOf(subst(t.list, binds));
  return binds.get(t.tvar) ?? "any";
}
