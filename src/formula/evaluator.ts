/**
 * Evaluator: typed IR → a tree of closures, compiled once per formula and run per page.
 * Each call and each list-item evaluation spends a step; past the budget the run stops with
 * step_budget_exceeded instead of hanging.
 */
import { FormulaError } from "./errors.js";
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
  const { impl } = ir.fn;
  const span = ir.span;
  const args = ir.args.map((a, i) => argument(a, ir.modes[i]));
  const n = args.length;
  return (ctx) => {
    if (++ctx.steps > ctx.maxSteps) budget(ctx);
    const values = new Array(n);
    for (let i = 0; i < n; i++) values[i] = args[i](ctx);
    return impl(values, ctx, span);
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
    if (++ctx.steps > ctx.maxSteps) budget(ctx);
    ctx.slots[cur] = current;
    ctx.slots[idx] = index;
    return body(ctx);
  };
}

function budget(ctx: Ctx): never {
  throw new FormulaError("step_budget_exceeded", `Formula stopped after ${ctx.maxSteps} steps`, { start: 0, end: 0 });
}
