/**
 * parseFilter / parseSorts: request JSON → frozen AST, validated against the data source
 * schema. Two passes, as Notion answers: the body's shape first (every failure worded like
 * Notion's "body failed validation: …"), then names against the schema ("Could not find
 * property with name or id: X"). Grammar: spec §7.1–7.3.
 */
import { errors } from "../api/errors.js";
import { Invalid, fail, invalidToApiError, isObject, oneOf, string } from "../api/validate.js";
import type { PropertySchema, SelectOption, StatusGroup } from "../domain/properties/schema.js";
import { LIMITS } from "../api/limits.js";
import { freeze, type Column, type Condition, type FilterNode, type SortKey, type Target } from "./ast.js";
import { formulaCondition, keyCondition, rollupCondition, dateCondition, type ConditionContext } from "./conditions.js";
import { fold } from "./values.js";

export interface FilterOptions extends ConditionContext {
  /** Where the filter sits in the request, for messages (default `body.filter`). */
  path?: string;
}

/** Filter keys in the order Notion lists them in a "Fix one" answer (SDK PropertyFilter order). */
export const FILTER_KEYS = [
  "title", "rich_text", "number", "checkbox", "select", "multi_select", "status", "date", "people", "files",
  "url", "email", "phone_number", "relation", "created_by", "created_time", "last_edited_by", "last_edited_time",
  "formula", "unique_id", "rollup", "verification",
] as const;

const TIMESTAMPS = ["created_time", "last_edited_time"] as const;
/**
 * Types the `rich_text` condition also filters, on their plain text: "The rich_text filter
 * condition applies to … title, rich_text, url, email, phone_number" (filter reference), and
 * recorded 2026-03-11 traffic answers it for each (ultimate-notion tests/cassettes test_text_query).
 */
const RICH_TEXT_FILTERABLE: ReadonlySet<string> = new Set(["title", "rich_text", "url", "email", "phone_number"]);
const COLUMNS: ReadonlySet<string> = new Set<Column>(["created_time", "last_edited_time", "created_by", "last_edited_by"]);

type Shaped =
  | { kind: "and" | "or"; children: Shaped[] }
  | { kind: "timestamp"; column: Column; condition: Condition }
  | { kind: "property"; ref: string; key: string; condition: Condition; quantifier?: "any" | "every" | "none" | "value" };

/** Compound filters nest two levels deep at most (developers.notion.com, "Compound filter object"). */
const MAX_DEPTH = LIMITS.FILTER_NESTING;

function shape(value: unknown, path: string, depth: number, ctx: ConditionContext): Shaped {
  if (!isObject(value)) fail(path, "should be an object", value);
  const compound = (["or", "and"] as const).find((k) => value[k] !== undefined);
  if (compound) {
    if (depth >= MAX_DEPTH) fail(`${path}.${compound}`, "should be not present", value[compound]);
    const items = value[compound];
    if (!Array.isArray(items)) fail(`${path}.${compound}`, "should be an array", items);
    // Checked before any item is looked at: Notion answers "body.filter.or.length should be ≤
    // `100`, instead was `124`." (reported in github.com/jmuchovej/paperpile-notion/issues/40).
    if (items.length > LIMITS.FILTER_ARRAY) fail(`${path}.${compound}.length`, `should be ≤ \`${LIMITS.FILTER_ARRAY}\``, items.length);
    return { kind: compound, children: items.map((item, i) => shape(item, `${path}.${compound}[${i}]`, depth + 1, ctx)) };
  }
  if (value.timestamp !== undefined) {
    const column = oneOf(TIMESTAMPS)(value.timestamp, `${path}.timestamp`);
    // A timestamp filter names no property (neodrop.ai Notion API filter gotchas, 3p).
    if (value.property !== undefined) fail(`${path}.property`, "should be not present", value.property);
    return { kind: "timestamp", column, condition: dateCondition(value[column], `${path}.${column}`, ctx) };
  }
  const key = filterKey(value, path, depth);
  const ref = string()(value.property, `${path}.property`);
  const at = `${path}.${key}`;
  if (key === "formula") return { kind: "property", ref, key, condition: formulaCondition(value[key], at, ctx) };
  if (key === "rollup") return { kind: "property", ref, key, ...rollupCondition(value[key], at, ctx) };
  return { kind: "property", ref, key, condition: keyCondition(key, value[key], at, ctx) };
}

/** The type key of a property filter: `type` when given, else the first filter key present. */
function filterKey(value: Record<string, unknown>, path: string, depth: number): string {
  if (value.type !== undefined) {
    const key = oneOf(FILTER_KEYS)(value.type, `${path}.type`);
    if (value[key] === undefined) fail(`${path}.${key}`, "should be defined", undefined);
    return key;
  }
  const key = FILTER_KEYS.find((k) => value[k] !== undefined);
  if (key) return key;
  const keys = [...(depth < MAX_DEPTH ? ["or", "and"] : []), ...FILTER_KEYS, "timestamp"];
  throw new Invalid(keys.map((k) => `${path}.${k} should be defined, instead was \`undefined\`.`), true);
}

/**
 * A property by id (as given or URL-decoded: ids are answered encoded, spec §17.7), then by
 * name — the one lookup of a property by reference, page writes included.
 */
export function findProperty(schema: readonly PropertySchema[], ref: string): PropertySchema | undefined {
  let decoded = ref;
  try {
    decoded = decodeURIComponent(ref);
  } catch {
    /* not percent-encoded */
  }
  return schema.find((p) => p.id === ref || p.id === decoded) ?? schema.find((p) => p.name === ref);
}

/**
 * Option names (case-insensitive, as option names are unique that way) or ids → option ids. For
 * status, a group (by name or id) stands for its options: always for the beta's `group`
 * operator, and for a name that is no option's while `statusEqualsMatchesGroups` holds.
 */
function resolveOptions(condition: Condition, prop: PropertySchema, ctx: ConditionContext): Condition {
  if (condition.kind !== "option" || !("names" in condition)) return condition;
  const options = (prop.config.options as SelectOption[] | undefined) ?? [];
  const groups = prop.type === "status" ? ((prop.config.groups as StatusGroup[] | undefined) ?? []) : [];
  const group = (name: string) => groups.find((g) => fold(g.name) === fold(name)) ?? groups.find((g) => g.id === name);
  const ids = new Set<string>();
  for (const name of condition.names) {
    if (condition.byGroup) {
      for (const id of group(name)?.option_ids ?? []) ids.add(id);
      continue;
    }
    const hit = options.find((o) => fold(o.name) === fold(name)) ?? options.find((o) => o.id === name);
    if (hit) ids.add(hit.id);
    else if (ctx.statusEqualsMatchesGroups) for (const id of group(name)?.option_ids ?? []) ids.add(id);
  }
  return { ...condition, ids: [...ids], names: [] };
}

function resolve(node: Shaped, schema: readonly PropertySchema[], ctx: ConditionContext): FilterNode {
  switch (node.kind) {
    case "and":
    case "or":
      return { kind: node.kind, children: node.children.map((c) => resolve(c, schema, ctx)) };
    case "timestamp":
      return { kind: "leaf", target: { kind: "column", column: node.column }, condition: node.condition };
  }
  const prop = findProperty(schema, node.ref);
  if (!prop) throw errors.validation(`Could not find property with name or id: ${node.ref}`);
  // Wording unconfirmed: Notion's text for a type key that does not match the property's type.
  if (prop.type !== node.key && !(node.key === "rich_text" && RICH_TEXT_FILTERABLE.has(prop.type)))
    throw errors.validation(`database property ${prop.type} does not match filter ${node.key}`);
  if (node.key === "formula") return { kind: "leaf", target: { kind: "formula", id: prop.id }, condition: node.condition };
  if (node.key === "rollup") {
    const condition = node.condition.kind === "option" && "names" in node.condition
      ? { ...node.condition, names: node.condition.names.map(fold) }
      : node.condition;
    return { kind: "leaf", target: { kind: "rollup", id: prop.id, quantifier: node.quantifier ?? "value" }, condition };
  }
  const target: Target = COLUMNS.has(prop.type) ? { kind: "column", column: prop.type as Column } : { kind: "property", id: prop.id, type: prop.type };
  return { kind: "leaf", target, condition: resolveOptions(node.condition, prop, ctx) };
}

function asApiError(e: unknown, path: string): unknown {
  return e instanceof Invalid ? invalidToApiError(path.split(".")[0], e) : e;
}

/**
 * Parses a data source query filter into a frozen AST; null when `json` is undefined or null
 * (no filter). Throws ApiError (400 validation_error) with Notion's wording.
 */
export function parseFilter(json: unknown, schema: readonly PropertySchema[], opts: FilterOptions): FilterNode | null {
  if (json === undefined || json === null) return null;
  const path = opts.path ?? "body.filter";
  let shaped: Shaped;
  try {
    shaped = shape(json, path, 0, opts);
  } catch (e) {
    throw asApiError(e, path);
  }
  return freeze(resolve(shaped, schema, opts));
}

/**
 * parseFilter for filters of thousands of conditions: the items of a top-level `and`/`or` are
 * shaped, then resolved, a few at a time, calling `pause` in between (src/domain/budget.ts), so
 * parsing 100 × 100 conditions does not hold the server. The same answers and errors, in the
 * same order, as parseFilter.
 */
export async function parseFilterPaced(json: unknown, schema: readonly PropertySchema[], opts: FilterOptions, pause: () => Promise<void>): Promise<FilterNode | null> {
  const compound = isObject(json) ? (["or", "and"] as const).find((k) => json[k] !== undefined) : undefined;
  const items = compound ? (json as Record<string, unknown>)[compound] : undefined;
  if (!compound || !Array.isArray(items) || items.length > LIMITS.FILTER_ARRAY || items.length < 10) return parseFilter(json, schema, opts);
  const path = opts.path ?? "body.filter";
  const shaped: Shaped[] = [];
  try {
    for (let i = 0; i < items.length; i++) {
      shaped.push(shape(items[i], `${path}.${compound}[${i}]`, 1, opts));
      if (i % 10 === 9) await pause();
    }
  } catch (e) {
    throw asApiError(e, path);
  }
  const children: FilterNode[] = [];
  for (let i = 0; i < shaped.length; i++) {
    children.push(freeze(resolve(shaped[i], schema, opts)));
    if (i % 10 === 9) await pause();
  }
  return freeze({ kind: compound, children });
}

const DIRECTIONS = ["ascending", "descending"] as const;

/** Parses `sorts` into frozen sort keys ([] when undefined or null). Throws ApiError. */
export function parseSorts(json: unknown, schema: readonly PropertySchema[], opts: { path?: string } = {}): SortKey[] {
  if (json === undefined || json === null) return [];
  const path = opts.path ?? "body.sorts";
  let items: { ref?: string; column?: Column; direction: (typeof DIRECTIONS)[number] }[];
  try {
    if (!Array.isArray(json)) fail(path, "should be an array", json);
    // Notion's 100-element limit on request arrays (reference/request-limits); the wording is its
    // validator's for arrays, unconfirmed for sorts in particular.
    if (json.length > LIMITS.SORTS) fail(`${path}.length`, `should be ≤ \`${LIMITS.SORTS}\``, json.length);
    items = json.map((item, i) => {
      const p = `${path}[${i}]`;
      if (!isObject(item)) fail(p, "should be an object", item);
      if (item.timestamp !== undefined) {
        const column = oneOf(TIMESTAMPS)(item.timestamp, `${p}.timestamp`);
        return { column, direction: oneOf(DIRECTIONS)(item.direction, `${p}.direction`) };
      }
      if (item.property === undefined)
        throw new Invalid([`${p}.property should be defined, instead was \`undefined\`.`, `${p}.timestamp should be defined, instead was \`undefined\`.`], true);
      const ref = string()(item.property, `${p}.property`);
      return { ref, direction: oneOf(DIRECTIONS)(item.direction, `${p}.direction`) };
    });
  } catch (e) {
    throw asApiError(e, path);
  }
  return freeze(items.map(({ ref, column, direction }): SortKey => {
    if (column) return { target: { kind: "column", column }, direction };
    const prop = findProperty(schema, ref!);
    if (!prop) throw errors.validation(`Could not find sort property with name or id: ${ref}`);
    if (COLUMNS.has(prop.type)) return { target: { kind: "column", column: prop.type as Column }, direction };
    if (prop.type === "formula") return { target: { kind: "formula", id: prop.id }, direction };
    if (prop.type === "rollup") return { target: { kind: "rollup", id: prop.id, quantifier: "value" }, direction };
    const options = prop.type === "select" || prop.type === "status" || prop.type === "multi_select"
      ? ((prop.config.options as SelectOption[] | undefined) ?? []).map((o) => o.id)
      : undefined;
    return { target: { kind: "property", id: prop.id, type: prop.type }, direction, ...(options ? { options } : {}) };
  }));
}

