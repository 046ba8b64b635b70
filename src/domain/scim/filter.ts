/**
 * SCIM filters (RFC 7644 §3.4.2.2): parsed by `scim2-parse-filter` (docs/decisions/0008-scim-filter.md)
 * into its AST, evaluated here against a presented resource (the JSON a GET answers), so a filter
 * sees exactly what a reader sees. Attribute names match whatever their case; strings compare
 * ignoring case unless the attribute is `caseExact` in our schema (src/domain/scim/schemas.ts);
 * a multi-valued attribute matches when any of its values does. Notion's own filter names
 * (`email`, `given_name`, `family_name`: notion.com/help/provision-users-and-groups-with-scim,
 * "GET /Users") are read as `emails.value`, `name.givenName`, `name.familyName`.
 */
import { parse, type Filter } from "scim2-parse-filter";
import { scimErrors } from "./errors.js";
import { attributeOf, type ResourceKind } from "./schemas.js";

/** Longer filters are refused (an IdP's filters are a few dozen characters). */
export const FILTER_MAX_CHARS = 4096;
/** Deeper nesting is refused: evaluation recurses once per level. */
const MAX_DEPTH = 50;

type Json = Record<string, unknown>;

const ALIASES: Record<string, string> = { email: "emails.value", given_name: "name.givenName", family_name: "name.familyName" };

/** Parses a filter or throws 400 `invalidFilter`; checks operators against attribute types. */
export function parseFilter(text: string, kind: ResourceKind): Filter {
  if (text.length > FILTER_MAX_CHARS) throw scimErrors.invalidFilter(`The filter is longer than ${FILTER_MAX_CHARS} characters.`);
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (e) {
    // The parser's messages name the token it stopped at; a stack overflow is nesting past reason.
    throw scimErrors.invalidFilter(`The filter ${JSON.stringify(text.slice(0, 200))} is not valid SCIM filter syntax (RFC 7644 §3.4.2.2)${e instanceof RangeError ? ": nested too deeply" : `: ${(e as Error).message}`}.`);
  }
  check(ast, kind, "", 0);
  return ast;
}

/** Refuses what the grammar allows but SCIM does not: ordering a boolean, a value path on a singular attribute. */
function check(f: Filter, kind: ResourceKind, parent: string, depth: number): void {
  if (depth > MAX_DEPTH) throw scimErrors.invalidFilter(`The filter is nested more than ${MAX_DEPTH} levels deep.`);
  switch (f.op) {
    case "and":
    case "or":
      return f.filters.forEach((g) => check(g, kind, parent, depth + 1));
    case "not":
      return check(f.filter, kind, parent, depth + 1);
    case "[]":
      return check(f.valFilter, kind, join(parent, f.attrPath), depth + 1);
    default: {
      const attr = attributeOf(kind, join(parent, f.attrPath));
      if (attr?.type === "boolean" && ["gt", "ge", "lt", "le", "co", "sw", "ew"].includes(f.op))
        throw scimErrors.invalidFilter(`\`${f.op}\` cannot compare the boolean attribute \`${f.attrPath}\` (RFC 7644 §3.4.2.2).`);
    }
  }
}

const join = (parent: string, path: string) => (parent ? `${parent}.${bare(path)}` : bare(path));

/** An attribute path without its schema URN, Notion's aliases resolved. */
function bare(path: string): string {
  const i = path.toLowerCase().startsWith("urn:") ? path.lastIndexOf(":") : -1;
  const rest = i === -1 ? path : path.slice(i + 1);
  return ALIASES[rest.toLowerCase()] ?? rest;
}

/** Whether the resource matches the filter. */
export function matches(resource: Json, f: Filter, kind: ResourceKind, parent = ""): boolean {
  switch (f.op) {
    case "and":
      return f.filters.every((g) => matches(resource, g, kind, parent));
    case "or":
      return f.filters.some((g) => matches(resource, g, kind, parent));
    case "not":
      return !matches(resource, f.filter, kind, parent);
    case "[]":
      return valuesAt(resource, f.attrPath).some((v) => typeof v === "object" && v !== null && matches(v as Json, f.valFilter, kind, join(parent, f.attrPath)));
    case "pr":
      return valuesAt(resource, f.attrPath).some(present);
    default: {
      const caseExact = attributeOf(kind, join(parent, f.attrPath))?.caseExact ?? false;
      const values = valuesAt(resource, f.attrPath).filter(present);
      if (f.op === "eq" && f.compValue === null) return values.length === 0;
      if (f.op === "ne" && f.compValue === null) return values.length > 0;
      const hit = values.some((v) => compare(f.op, v, f.compValue, caseExact));
      return f.op === "ne" ? !values.some((v) => compare("eq", v, f.compValue, caseExact)) : hit;
    }
  }
}

/** The values at `path` (URN prefix and aliases allowed), arrays flattened. */
function valuesAt(resource: Json, path: string): unknown[] {
  let urnKey: string | null = null;
  if (path.toLowerCase().startsWith("urn:")) {
    const i = path.lastIndexOf(":");
    urnKey = path.slice(0, i).toLowerCase();
  }
  const segments = bare(path).split(".");
  let current: unknown[] = [resource];
  if (urnKey && !urnKey.endsWith(":core:2.0:user") && !urnKey.endsWith(":core:2.0:group")) current = current.flatMap((r) => field(r, urnKey!));
  for (const s of segments) current = current.flatMap((r) => field(r, s.toLowerCase()));
  return current;
}

function field(r: unknown, lower: string): unknown[] {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return [];
  const key = Object.keys(r).find((k) => k.toLowerCase() === lower);
  if (key === undefined) return [];
  const v = (r as Json)[key];
  return Array.isArray(v) ? v : [v];
}

const present = (v: unknown) => v !== undefined && v !== null && v !== "" && !(typeof v === "object" && Object.keys(v as object).length === 0);

function compare(op: string, value: unknown, comp: unknown, caseExact: boolean): boolean {
  if (typeof value === "string" && typeof comp === "string") {
    const [a, b] = caseExact ? [value, comp] : [value.toLowerCase(), comp.toLowerCase()];
    switch (op) {
      case "eq":
        return a === b;
      case "co":
        return a.includes(b);
      case "sw":
        return a.startsWith(b);
      case "ew":
        return a.endsWith(b);
      case "gt":
        return a > b;
      case "ge":
        return a >= b;
      case "lt":
        return a < b;
      case "le":
        return a <= b;
    }
    return false;
  }
  if (typeof value === "number" && typeof comp === "number") {
    if (op === "eq") return value === comp;
    if (op === "gt") return value > comp;
    if (op === "ge") return value >= comp;
    if (op === "lt") return value < comp;
    if (op === "le") return value <= comp;
    return false;
  }
  return op === "eq" && value === comp;
}
