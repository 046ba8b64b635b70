/**
 * Parser: tokens → a small AST with spans. Operators desugar to calls of the library's functions
 * (`a + b` is `add(a, b)`, `c ? x : y` is `if(c, x, y)`), and `x.fn(a)` is `fn(x, a)`, so the
 * checker and evaluator see calls only. Precedence follows Notion's table (thomasjfrank.com,
 * "Operator Precedence and Associativity"): not > ^ > unary ± > * / % > + - > comparisons
 * (not chainable) > == != (not chainable) > and > or > ?: (right-associative).
 */
import { FormulaError, type Span } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";

export type Node =
  | { t: "num"; value: number; span: Span }
  | { t: "str"; value: string; span: Span }
  | { t: "bool"; value: boolean; span: Span }
  | { t: "list"; items: Node[]; span: Span }
  | { t: "ident"; name: string; span: Span }
  | { t: "prop"; key: string; byId: boolean; span: Span }
  | { t: "call"; name: string; args: Node[]; span: Span; nameSpan: Span; op?: string; method?: true };

const BINARY: Record<string, string> = {
  "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "mod", "^": "pow",
  "==": "equal", "!=": "unequal", ">": "larger", ">=": "largerEq", "<": "smaller", "<=": "smallerEq",
  and: "and", "&&": "and", or: "or", "||": "or",
};

/**
 * How deep a formula may nest (parentheses, calls, unary operators, and long operator chains,
 * which nest as `add(add(add(…)))`). The checker and evaluator recurse on the tree: past this a
 * formula is refused, the same on every machine and call stack, instead of depending on where
 * the stack would overflow (it did on one store and not on another). Notion's own limit is
 * undocumented; real formulas nest a few dozen levels at most.
 */
export const MAX_NESTING = 500;

const tooDeep = (src: string) => new FormulaError("too_large", "Formula is nested too deeply", { start: 0, end: src.length });

/** Parses a whole formula; throws a syntax_error (or too_large) FormulaError. */
export function parse(src: string): Node {
  const p = new Parser(tokenize(src), () => tooDeep(src));
  const node = p.expr();
  const t = p.peek();
  if (t.kind !== "eof") throw new FormulaError("syntax_error", `Unexpected ${describe(t)}`, t.span);
  if (depthOf(node) > MAX_NESTING) throw tooDeep(src);
  return node;
}

/** The tree's depth, counted without recursion. */
function depthOf(root: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    const kids = n.t === "call" ? n.args : n.t === "list" ? n.items : [];
    for (const k of kids) stack.push([k, d + 1]);
  }
  return max;
}

function describe(t: Token): string {
  if (t.kind === "eof") return "end of formula";
  if (t.kind === "string") return "text";
  return `"${t.text}"`;
}

const span = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

class Parser {
  private i = 0;
  /** Nested expr/unary/not calls under way (MAX_NESTING bounds the parser's own recursion too). */
  private depth = 0;
  constructor(
    private readonly toks: Token[],
    private readonly tooDeep: () => FormulaError,
  ) {}

  /** Runs a nested parse step, refusing nesting past MAX_NESTING before the stack runs out. */
  private nested<T>(step: () => T): T {
    if (++this.depth > MAX_NESTING) throw this.tooDeep();
    try {
      return step();
    } finally {
      this.depth--;
    }
  }

  peek(): Token {
    return this.toks[this.i];
  }
  private is(text: string): boolean {
    const t = this.toks[this.i];
    return (t.kind === "op" || t.kind === "ident") && t.text === text;
  }
  private next(): Token {
    return this.toks[this.i++];
  }
  private expect(text: string): Token {
    if (!this.is(text)) throw new FormulaError("syntax_error", `Expected "${text}" but found ${describe(this.peek())}`, this.peek().span);
    return this.next();
  }
  private call(op: string, args: Node[], opTok: Token): Node {
    return { t: "call", name: BINARY[op] ?? op, args, span: span(args[0].span, args[args.length - 1].span), nameSpan: opTok.span, op };
  }

  expr(): Node {
    return this.nested(() => this.conditional());
  }
  private conditional(): Node {
    const test = this.or();
    if (!this.is("?")) return test;
    const q = this.next();
    const then = this.expr();
    this.expect(":");
    const other = this.expr();
    return { t: "call", name: "if", args: [test, then, other], span: span(test.span, other.span), nameSpan: q.span, op: "?:" };
  }
  private or(): Node {
    let left = this.and();
    while (this.is("or") || this.is("||")) {
      const op = this.next();
      left = this.call(op.text, [left, this.and()], op);
    }
    return left;
  }
  private and(): Node {
    let left = this.equality();
    while (this.is("and") || this.is("&&")) {
      const op = this.next();
      left = this.call(op.text, [left, this.equality()], op);
    }
    return left;
  }
  private nonChained(ops: string[], sub: () => Node): Node {
    const left = sub();
    if (!ops.some((o) => this.is(o))) return left;
    const op = this.next();
    const node = this.call(op.text, [left, sub()], op);
    if (ops.some((o) => this.is(o))) throw new FormulaError("syntax_error", `Comparisons cannot be chained; use "and"`, this.peek().span);
    return node;
  }
  private equality(): Node {
    return this.nonChained(["==", "!="], () => this.comparison());
  }
  private comparison(): Node {
    return this.nonChained([">", ">=", "<", "<="], () => this.additive());
  }
  private additive(): Node {
    let left = this.multiplicative();
    while (this.is("+") || this.is("-")) {
      const op = this.next();
      left = this.call(op.text, [left, this.multiplicative()], op);
    }
    return left;
  }
  private multiplicative(): Node {
    let left = this.unary();
    while (this.is("*") || this.is("/") || this.is("%")) {
      const op = this.next();
      left = this.call(op.text, [left, this.unary()], op);
    }
    return left;
  }
  private unary(): Node {
    if (this.is("-") || this.is("+")) {
      const op = this.next();
      const arg = this.nested(() => this.unary());
      return { t: "call", name: op.text === "-" ? "unaryMinus" : "unaryPlus", args: [arg], span: span(op.span, arg.span), nameSpan: op.span, op: op.text };
    }
    return this.power();
  }
  private power(): Node {
    const base = this.not();
    if (!this.is("^")) return base;
    const op = this.next();
    return this.call("^", [base, this.unary()], op);
  }
  private not(): Node {
    if (this.is("not") || this.is("!")) {
      const op = this.next();
      const arg = this.nested(() => this.not());
      return { t: "call", name: "not", args: [arg], span: span(op.span, arg.span), nameSpan: op.span, op: op.text };
    }
    return this.postfix();
  }
  private postfix(): Node {
    let node = this.primary();
    while (this.is(".")) {
      this.next();
      const name = this.next();
      if (name.kind !== "ident") throw new FormulaError("syntax_error", `Expected a function name after "." but found ${describe(name)}`, name.span);
      let args: Node[] = [];
      let end = name.span;
      if (this.is("(")) ({ args, end } = this.args());
      node = { t: "call", name: name.text, args: [node, ...args], span: span(node.span, end), nameSpan: name.span, method: true };
    }
    return node;
  }
  private args(): { args: Node[]; end: Span } {
    this.expect("(");
    const args: Node[] = [];
    while (!this.is(")")) {
      args.push(this.expr());
      if (!this.is(")")) this.expect(",");
    }
    return { args, end: this.next().span };
  }
  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case "number":
        return { t: "num", value: Number(t.text), span: t.span };
      case "string":
        return { t: "str", value: t.text, span: t.span };
      case "propref":
        return { t: "prop", key: decodeURIComponent(t.text), byId: true, span: t.span };
      case "ident":
        return this.identifier(t);
      case "op":
        if (t.text === "(") {
          const inner = this.expr();
          this.expect(")");
          return inner;
        }
        if (t.text === "[") return this.list(t);
    }
    throw new FormulaError("syntax_error", `Unexpected ${describe(t)}`, t.span);
  }
  private identifier(t: Token): Node {
    if (t.text === "true" || t.text === "false") return { t: "bool", value: t.text === "true", span: t.span };
    if (!this.is("(")) return { t: "ident", name: t.text, span: t.span };
    const { args, end } = this.args();
    if (t.text === "prop") {
      const a = args[0];
      if (args.length !== 1 || a.t !== "str") throw new FormulaError("syntax_error", `prop() takes one property name in quotes`, span(t.span, end));
      return { t: "prop", key: a.value, byId: false, span: span(t.span, end) };
    }
    return { t: "call", name: t.text, args, span: span(t.span, end), nameSpan: t.span };
  }
  private list(open: Token): Node {
    const items: Node[] = [];
    while (!this.is("]")) {
      items.push(this.expr());
      if (!this.is("]")) this.expect(",");
    }
    return { t: "list", items, span: span(open.span, this.next().span) };
  }
}
