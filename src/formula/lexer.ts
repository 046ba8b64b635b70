/** Lexer: formula source → tokens with spans. Comments are `/* … *\/`. */
import { FormulaError, type Span } from "./errors.js";

export type TokenKind = "number" | "string" | "ident" | "op" | "propref" | "eof";

export interface Token {
  kind: TokenKind;
  /** The operator or identifier text, the decoded string, the number's digits, or the property id. */
  text: string;
  span: Span;
}

const OPS = ["==", "!=", ">=", "<=", "&&", "||", "+", "-", "*", "/", "%", "^", ">", "<", "!", "?", ":", ",", ".", "(", ")", "[", "]"];
// The id-token form Notion returns in schemas: {{notion:block_property:<id>:<space>:<user>}}.
const PROPREF = /\{\{notion:block_property:([^:}]+)(?::[^}]*)?\}\}/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "'": "'", "\\": "\\" };

/** Splits a formula into tokens; throws a syntax_error FormulaError on an unknown character. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new FormulaError("syntax_error", "Unterminated comment", { start: i, end: src.length });
      i = end + 2;
      continue;
    }
    const at = (re: RegExp) => ((re.lastIndex = i), re.exec(src));
    let m: RegExpExecArray | null;
    if (c === "{" && (m = at(PROPREF))) {
      out.push({ kind: "propref", text: m[1], span: { start: i, end: i + m[0].length } });
      i += m[0].length;
    } else if ((c >= "0" && c <= "9") || (c === "." && /\d/.test(src[i + 1] ?? ""))) {
      m = at(NUMBER)!;
      out.push({ kind: "number", text: m[0], span: { start: i, end: i + m[0].length } });
      i += m[0].length;
    } else if ((m = at(IDENT))) {
      out.push({ kind: "ident", text: m[0], span: { start: i, end: i + m[0].length } });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      i = readString(src, i, out);
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new FormulaError("syntax_error", `Unexpected character "${c}"`, { start: i, end: i + 1 });
      out.push({ kind: "op", text: op, span: { start: i, end: i + op.length } });
      i += op.length;
    }
  }
  out.push({ kind: "eof", text: "", span: { start: src.length, end: src.length } });
  return out;
}

function readString(src: string, start: number, out: Token[]): number {
  const quote = src[start];
  let i = start + 1;
  let text = "";
  while (i < src.length && src[i] !== quote) {
    if (src[i] === "\\" && i + 1 < src.length) {
      text += ESCAPES[src[i + 1]] ?? src[i + 1];
      i += 2;
    } else text += src[i++];
  }
  if (i >= src.length) throw new FormulaError("syntax_error", "Unterminated string", { start, end: src.length });
  out.push({ kind: "string", text, span: { start, end: i + 1 } });
  return i + 1;
}
