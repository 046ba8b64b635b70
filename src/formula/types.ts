/**
 * The formula type system: the static types the checker infers, and the tiny signature language
 * the function table is written in, e.g. "(list<T>, fn<boolean>) -> list<T>".
 */

/** A primitive formula type; "any" is Notion's "unknown" (mixed branches, relation props). */
export type Prim = "number" | "string" | "boolean" | "date" | "person" | "page" | "any";

/** A static type: a primitive, a list, or a type variable of a signature. */
export type FType = Prim | { list: FType } | { tvar: string };

/** How an argument is passed: evaluated first, deferred (if/and/or), or per list item (map/filter). */
export type ParamMode = "value" | "lazy" | "lambda";

/** One parameter of a signature. */
export interface Param {
  type: FType;
  mode: ParamMode;
  optional: boolean;
  rest: boolean;
}

/** One overload of a function. */
export interface Signature {
  params: Param[];
  result: FType;
  text: string;
}

export const listOf = (t: FType): FType => ({ list: t });
export const isList = (t: FType): t is { list: FType } => typeof t === "object" && "list" in t;

/** Structural equality of two types. */
export function sameType(a: FType, b: FType): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (isList(a) && isList(b)) return sameType(a.list, b.list);
  return "tvar" in a && "tvar" in b && a.tvar === b.tvar;
}

/** The least common type of two (mixed branches become "any", as Notion's "unknown"). */
export function join(a: FType, b: FType): FType {
  if (sameType(a, b)) return a;
  if (isList(a) && isList(b)) return listOf(join(a.list, b.list));
  return "any";
}

/** The type's name in messages, using Notion's words ("text" for strings). */
export function typeName(t: FType): string {
  if (typeof t === "string") return t === "string" ? "text" : t === "any" ? "unknown" : t;
  if (isList(t)) return t.list === "any" ? "list" : `list of ${typeName(t.list)}`;
  return t.tvar;
}

/** Parses a signature such as "(string, number?, ...any) -> list<string>". */
export function parseSignature(text: string): Signature {
  const m = /^\((.*)\)\s*->\s*(.+)$/.exec(text.trim());
  if (!m) throw new Error(`bad signature: ${text}`);
  const params = m[1].trim() === "" ? [] : splitTop(m[1]).map(parseParam);
  return { params, result: parseType(m[2].trim()).type, text };
}

function parseParam(raw: string): Param {
  let s = raw.trim();
  const rest = s.startsWith("...");
  if (rest) s = s.slice(3);
  const optional = s.endsWith("?");
  if (optional) s = s.slice(0, -1);
  const { type, mode } = parseType(s);
  return { type, mode, optional, rest };
}

function parseType(s: string): { type: FType; mode: ParamMode } {
  const g = /^(\w+)<(.+)>$/.exec(s);
  if (g) {
    const inner = parseType(g[2]).type;
    if (g[1] === "list") return { type: listOf(inner), mode: "value" };
    if (g[1] === "lazy") return { type: inner, mode: "lazy" };
    if (g[1] === "fn") return { type: inner, mode: "lambda" };
    throw new Error(`bad type: ${s}`);
  }
  if (/^[A-Z]$/.test(s)) return { type: { tvar: s }, mode: "value" };
  const prims: Prim[] = ["number", "string", "boolean", "date", "person", "page", "any"];
  if (!prims.includes(s as Prim)) throw new Error(`bad type: ${s}`);
  return { type: s as Prim, mode: "value" };
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "<") depth++;
    if (ch === ">") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The formula type of a Notion property type (what prop("Name") yields). */
export function propertyType(type: string): FType {
  switch (type) {
    case "title":
    case "rich_text":
    case "url":
    case "email":
    case "phone_number":
    case "select":
    case "status":
      return "string";
    case "number":
    case "unique_id":
      return "number";
    case "checkbox":
      return "boolean";
    case "date":
    case "created_time":
    case "last_edited_time":
      return "date";
    case "multi_select":
    case "files":
      return listOf("string");
    case "people":
      return listOf("person");
    case "created_by":
    case "last_edited_by":
      return "person";
    case "relation":
      return listOf("page");
    default:
      return "any";
  }
}

/** The API's formula result type for a static type (lists, people and pages render as text). */
export type ApiResultType = "string" | "number" | "boolean" | "date";

export function apiResultType(t: FType): ApiResultType | "unknown" {
  if (t === "number" || t === "boolean" || t === "date" || t === "string") return t;
  if (t === "any" || (typeof t === "object" && "tvar" in t)) return "unknown";
  return "string";
}
