/**
 * Evaluator: typed IR → a tree of closures, compiled once per formula and run per page.
 * Each call and each list-item evaluation spends a step (library functions also pay for the
 * items and characters they handle, budget.ts); past the budget the run stops with
 * step_budget_exceeded instead of hanging.
 */
import { checkpoint } from "./budget.js";
import type { IR } from "./checker.js";
import type { Ctx, FormulaValue } from "./values.js";

/** A compiled expression. */
export type Run = (ctx: Ctx) => FormulaValue;

/** Compiles checked IR to closures. */
export function compile(ir: IR): Run {
  switch (ir.k) {
    case "const": {
      const v = ir.v;
      return () => v;
    }
    case "list": {
      const items = ir.items.map(compile);
      return (ctx) => items.map((f) => f(ctx));
    }
    case "slot": {
      const i = ir.i;
      return (ctx) => ctx.slots[i];
    }
    case "prop": {
      const id = ir.id;
      return (ctx) => ctx.env.prop(id) ?? null;
    }
    case "let": {
      const { slot } = ir;
      const value = compile(ir.value);
      const body = compile(ir.body);
      return (ctx) => {
        ctx.slots[slot] = value(ctx);
        return body(ctx);
      };
    }
    case "lambda":
      throw new Error("a lambda outside a list function");
    case "call":
      return compileCall(ir);
  }
}

function compileCall(ir: Extract<IR, { k: "call" }>): Run {
  const control = controlFlow(ir);
  if (control) return control;
  const { impl } = ir.fn;
  const span = ir.span;
  const args = ir.args.map((a, i) => argument(a, ir.modes[i]));
  const n = args.length;
  // One argument array per call site, reused: a site is never active twice at once (formulas
  // cannot recurse, and a lambda re-enters only the sites inside its body), and no
  // implementation keeps its argument array.
  const values: any[] = new Array(n);
  return (ctx) => {
    if (++ctx.steps > ctx.limit) checkpoint(ctx);
    for (let i = 0; i < n; i++) values[i] = args[i](ctx);
    return impl(values, ctx, span);
  };
}

/**
 * if/ifs/and/or run as direct control flow instead of through thunks: same semantics as their
 * table implementations (only `true` counts as true), without a closure per argument per call.
 */
function controlFlow(ir: Extract<IR, { k: "call" }>): Run | null {
  const name = ir.fn.name;
  if (name !== "if" && name !== "ifs" && name !== "and" && name !== "or") return null;
  const a = ir.args.map(compile);
  const step = (ctx: Ctx) => {
    if (++ctx.steps > ctx.limit) checkpoint(ctx);
  };
  if (name === "if") {
    const [c, t, e] = a;
    return (ctx) => (step(ctx), c(ctx) === true ? t(ctx) : e(ctx));
  }
  if (name === "and") {
    if (a.length === 2) {
      const [x, y] = a;
      return (ctx) => (step(ctx), x(ctx) === true && y(ctx) === true);
    }
    return (ctx) => (step(ctx), a.every((f) => f(ctx) === true));
  }
  if (name === "or") {
    if (a.length === 2) {
      const [x, y] = a;
      return (ctx) => (step(ctx), x(ctx) === true || y(ctx) === true);
    }
    return (ctx) => (step(ctx), a.some((f) => f(ctx) === true));
  }
  return (ctx) => {
    step(ctx);
    for (let i = 0; i + 1 < a.length; i += 2) if (a[i](ctx) === true) return a[i + 1](ctx);
    return a.length % 2 ? a[a.length - 1](ctx) : null;
  };
}

/** How an argument reaches the implementation: a value, a thunk, or a per-item callback. */
function argument(ir: IR, mode: string): (ctx: Ctx) => any {
  if (mode === "value") return compile(ir);
  if (mode === "lazy") {
    const f = compile(ir);
    return (ctx) => () => f(ctx);
  }
  if (ir.k !== "lambda") throw new Error("expected a lambda");
  const { cur, idx } = ir;
  const body = compile(ir.body);
  return (ctx) => (current: FormulaValue, index: number) => {
    if (++ctx.steps > ctx.limit) checkpoint(ctx);
    ctx.slots[cur] = current;
    ctx.slots[idx] = index;
    return body(ctx);
  };
}
