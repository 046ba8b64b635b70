/**
 * Prints a parsed formula in the layout Notion answers for expressions written through the API:
 * single spaces around binary operators, `, ` between arguments, redundant parentheses dropped,
 * and a binary operation that is an operand of another one parenthesised. Recorded 2026-03-11
 * traffic (ultimate-notion tests/cassettes): `50000 + dateBetween(prop("Hiring Date"), now(),
 * "years")*1000` is answered `50000 + (dateBetween({{…}}, now(), "years") * 1000)`
 * (test_db_advanced #16), `if((prop("Status") == "Done"), …)` as `if({{…}} == "Done", …)`
 * (test_new_task_db), `prop("Number") * 2` as `{{…}} * 2` (test_all_createable_props_schema).
 * The rest is inferred from those: strings in double quotes, method calls kept as methods
 * (`x.fn()`, always with parentheses), operators spelled as written, comments dropped.
 */
import type { Node } from "./parser.js";
import { parse } from "./parser.js";

type Call = Extract<Node, { t: "call" }>;

const isOperator = (n: Node): n is Call & { op: string } => n.t === "call" && n.op !== undefined;
const isUnary = (n: Node) => isOperator(n) && n.args.length === 1;
const isBinaryOrTernary = (n: Node) => isOperator(n) && n.args.length > 1;

/** A string literal the lexer reads back as the same text. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r")}"`;
}

const paren = (text: string) => `(${text})`;

function print(n: Node): string {
  switch (n.t) {
    case "num":
      // Infinity and NaN have no literal: the caller keeps the expression as written.
      if (!Number.isFinite(n.value)) throw new RangeError("no literal for this number");
      return String(n.value);
    case "str": return quote(n.value);
    case "bool": return n.value ? "true" : "false";
    case "ident": return n.name;
    case "list": return `[${n.items.map(print).join(", ")}]`;
    case "prop": return n.byId ? `{{notion:block_property:${encodeURIComponent(n.key)}}}` : `prop(${quote(n.key)})`;
    case "call": return printCall(n);
  }
}

function printCall(n: Call): string {
  if (n.op === "?:") {
    const branch = (x: Node) => (x.t === "call" && x.op === "?:" ? paren(print(x)) : print(x));
    return `${branch(n.args[0])} ? ${branch(n.args[1])} : ${branch(n.args[2])}`;
  }
  if (n.op !== undefined && n.args.length === 1) {
    const arg = isBinaryOrTernary(n.args[0]) ? paren(print(n.args[0])) : print(n.args[0]);
    return n.op === "not" ? `not ${arg}` : `${n.op}${arg}`;
  }
  if (n.op !== undefined) {
    const [a, b] = n.args;
    // `-2 ^ 2` is -(2 ^ 2): a signed base keeps its parentheses.
    const left = isBinaryOrTernary(a) || (n.op === "^" && isUnary(a)) ? paren(print(a)) : print(a);
    const right = isBinaryOrTernary(b) ? paren(print(b)) : print(b);
    return `${left} ${n.op} ${right}`;
  }
  if (n.method) {
    const [receiver, ...args] = n.args;
    const r = isOperator(receiver) || receiver.t === "num" ? paren(print(receiver)) : print(receiver);
    return `${r}.${n.name}(${args.map(print).join(", ")})`;
  }
  return `${n.name}(${n.args.map(print).join(", ")})`;
}

/** The expression in Notion's layout, or the text as given when it does not parse or print. */
export function printFormula(expression: string): string {
  try {
    return print(parse(expression));
  } catch {
    return expression;
  }
}
