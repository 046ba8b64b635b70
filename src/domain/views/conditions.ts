/**
 * A view's filter, sorts and quick filters: validated with the data-source query grammar
 * (src/query, one grammar), stored with property ids so that renames follow, shown with the
 * current names, and compiled into one query. Conditions whose property was removed, or no
 * longer fits its type, are dropped as Notion's UI drops them (docs/design/views.md).
 */
import type { Ctx } from "../context.js";
import type { PropertySchema } from "../properties/schema.js";
import { dict } from "../../lib/dict.js";
import { errors } from "../../api/errors.js";
import { fail, isObject } from "../../api/validate.js";
import { findProperty, parseFilter, parseSorts, type FilterNode, type SortKey } from "../../query/index.js";
import { freeze } from "../../query/ast.js";
import { conditionContext } from "../filter-context.js";

type Json = Record<string, unknown>;
type Schema = readonly PropertySchema[];

/** How a request's filter parses (its version and betas included). */
const options = (ctx: Ctx, path: string) => ({ ...conditionContext(ctx), path });
/**
 * How a stored filter parses: as the reader's request would, except that status `group`
 * conditions stored by a writer who opted into the status-group beta stay valid for every reader.
 */
const storedOptions = (ctx: Ctx, path: string) => ({ ...options(ctx, path), statusGroupOperators: true });

const byId = (schema: Schema, id: string) => schema.find((p) => p.id === id);

/**
 * Rewrites the leaves of a filter (objects without `and`/`or`); a leaf mapped to null is dropped,
 * and so is a group that every leaf left (a group given empty stays: it matches every row).
 */
function mapLeaves(filter: Json, leaf: (l: Json) => Json | null): Json | null {
  const compound = (["or", "and"] as const).find((k) => Array.isArray(filter[k]));
  if (!compound) return leaf(filter);
  const given = filter[compound] as Json[];
  const children = given.map((c) => mapLeaves(c, leaf)).filter((c): c is Json => c !== null);
  return children.length || given.length === 0 ? { ...filter, [compound]: children } : null;
}

/** A request filter, checked against the schema (Notion's wording, `body.filter`), stored with property ids. */
export function storedFilter(ctx: Ctx, json: unknown, schema: Schema): Json | null {
  if (json === undefined || json === null) return null;
  parseFilter(json, schema, options(ctx, "body.filter"));
  return mapLeaves(json as Json, (l) => (typeof l.property === "string" ? { ...l, property: findProperty(schema, l.property)!.id } : l));
}

/** Whether one stored condition still parses against the schema (its property exists with its type). */
function fits(ctx: Ctx, leaf: Json, schema: Schema): boolean {
  try {
    parseFilter(leaf, schema, storedOptions(ctx, "filter"));
    return true;
  } catch {
    return false;
  }
}

/** The stored filter as it applies now: conditions on removed or retyped properties left out. */
export function liveFilter(ctx: Ctx, stored: Json | null, schema: Schema): Json | null {
  if (!stored) return null;
  return mapLeaves(stored, (l) => (typeof l.property === "string" && !byId(schema, l.property)) || !fits(ctx, l, schema) ? null : l);
}

/** A live filter with property names instead of ids, as responses show it. */
export function namedFilter(filter: Json | null, schema: Schema): Json | null {
  if (!filter) return null;
  return mapLeaves(filter, (l) => (typeof l.property === "string" ? { ...l, property: byId(schema, l.property)?.name ?? l.property } : l));
}

/**
 * Request sorts, checked against the schema, stored with property ids. `propertyOnly`: the update
 * body takes property sorts only (the SDK's UpdateViewRequest, ViewPropertySortsRequest).
 */
export function storedSorts(json: unknown, schema: Schema, propertyOnly: boolean): Json[] | null {
  if (json === undefined || json === null) return null;
  if (propertyOnly && Array.isArray(json)) {
    json.forEach((s, i) => {
      if (isObject(s) && s.property === undefined) fail(`body.sorts[${i}].property`, "should be defined", undefined);
    });
  }
  parseSorts(json, schema, { path: "body.sorts" });
  return (json as Json[]).map((s) => (typeof s.property === "string" ? { property: findProperty(schema, s.property)!.id, direction: s.direction } : { timestamp: s.timestamp, direction: s.direction }));
}

/** The stored sorts as they apply now (sorts on removed properties left out), by id or by name. */
export function liveSorts(stored: Json[] | null, schema: Schema, named = false): Json[] | null {
  if (!stored) return null;
  const out: Json[] = [];
  for (const s of stored) {
    if (typeof s.property !== "string") out.push(s);
    else if (byId(schema, s.property)) out.push(named ? { ...s, property: byId(schema, s.property)!.name } : s);
  }
  return out.length || stored.length === 0 ? out : null;
}

/**
 * One quick filter: a property filter without `property` (developers.notion.com/guides/data-apis/
 * working-with-views, "Quick filters"), keyed by the property's name or id. Returns [id, condition].
 */
function quickFilter(ctx: Ctx, key: string, condition: unknown, schema: Schema, path: string): [string, Json] {
  if (!isObject(condition)) fail(path, "should be an object", condition);
  for (const k of ["and", "or", "timestamp", "property"]) if (condition[k] !== undefined) fail(`${path}.${k}`, "should be not present", condition[k]);
  parseFilter({ ...condition, property: key }, schema, options(ctx, path));
  return [findProperty(schema, key)!.id, { ...condition }];
}

/**
 * Request quick filters stored by property id. On update (`current` given) they merge into the
 * view's: a key set to null removes that one, null as a whole clears them (developers.notion.com/
 * reference/update-a-view: "To clear a field, pass null").
 */
export function storedQuickFilters(ctx: Ctx, json: unknown, schema: Schema, current?: Record<string, Json> | null): Record<string, Json> | null {
  if (json === undefined) return current ?? null;
  if (json === null) return null;
  if (!isObject(json)) fail("body.quick_filters", "should be an object", json);
  const out = dict<Json>();
  if (current) Object.assign(out, current);
  for (const [key, value] of Object.entries(json)) {
    const path = `body.quick_filters.${key}`;
    if (value === null && current !== undefined) {
      const prop = findProperty(schema, key);
      if (!prop) throw errors.validation(`Could not find property with name or id: ${key}`);
      delete out[prop.id];
      continue;
    }
    const [id, condition] = quickFilter(ctx, key, value, schema, path);
    out[id] = condition;
  }
  return Object.keys(out).length ? out : null;
}

/** The stored quick filters as they apply now, keyed by id, or by name when `named`. */
export function liveQuickFilters(ctx: Ctx, stored: Record<string, Json> | null, schema: Schema, named = false): Record<string, Json> | null {
  if (!stored) return null;
  const out = dict<Json>();
  for (const [id, condition] of Object.entries(stored)) {
    const prop = byId(schema, id);
    if (prop && fits(ctx, { ...condition, property: id }, schema)) out[named ? prop.name : id] = condition;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * What a view query runs: the view's filter and every quick filter, all of which must match,
 * and its sorts — parsed by the query engine against the schema as it is now.
 */
export function viewQuery(ctx: Ctx, view: { filter: Json | null; sorts: Json[] | null; quick_filters: Record<string, Json> | null }, schema: Schema): { filter: FilterNode | null; sorts: readonly SortKey[] } {
  const parts: FilterNode[] = [];
  const filter = parseFilter(liveFilter(ctx, view.filter, schema), schema, storedOptions(ctx, "filter"));
  if (filter) parts.push(filter);
  for (const [id, condition] of Object.entries(liveQuickFilters(ctx, view.quick_filters, schema) ?? {})) {
    parts.push(parseFilter({ ...condition, property: id }, schema, storedOptions(ctx, "quick_filters"))!);
  }
  const combined = parts.length === 0 ? null : parts.length === 1 ? parts[0] : freeze<FilterNode>({ kind: "and", children: parts });
  return { filter: combined, sorts: parseSorts(liveSorts(view.sorts, schema), schema, { path: "sorts" }) };
}
