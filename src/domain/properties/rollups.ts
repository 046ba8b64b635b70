/**
 * Rollups: a function over one property of the pages a relation points to, among those the reader
 * may see. In page objects only the first 25 relations count (as in Notion); the property-item
 * endpoint uses them all.
 * Reference: developers.notion.com/reference/property-object#rollup
 */
import type { NodeRow } from "../../storage/types.js";
import type { PropertySchema } from "./schema.js";
import { normalizeDate } from "../dates.js";
import { valueOf } from "./read-values.js";
import { loadPeopleOf, referenceLimit, schemaOf, textOf, visibleRelated, type ReadEnv, type RollupSource } from "./read-env.js";

type Json = Record<string, unknown>;

/** What a rollup reads: the related pages counted (ids) and the rolled-up property's values on them. */
export interface RolledUp {
  related: string[];
  values: Json[];
}

/** Loads related pages and their data source's schema through the read environment. */
export function rolledUpValues(): (p: PropertySchema, node: NodeRow, env: ReadEnv) => Promise<RolledUp> {
  return async (p, node, env) => {
    // The relation may have been retyped since the rollup was made: then nothing is rolled up.
    // Related pages the reader cannot see are not rolled up: the value is what it would be without them.
    const relation = (await schemaOf(node, env))?.find((x) => x.id === p.config.relation_property_id);
    const used = await visibleRelated(node.properties?.[p.config.relation_property_id as string], env, relation, referenceLimit(env));
    const related: string[] = [];
    const values: Json[] = [];
    await loadPeopleOf(env, used);
    for (const id of used) {
      const page = await env.preload.node(id);
      if (!page || page.type !== "page" || page.in_trash) continue;
      related.push(id);
      // The read's schemas (shared by every row of an answer), not one read per rollup.
      const schema = await schemaOf(page as NodeRow, env);
      const target = schema?.find((x) => x.id === p.config.rollup_property_id);
      if (!target || target.type === "rollup") continue;
      values.push(await valueOf(target, page as NodeRow, env));
    }
    return { related, values };
  };
}

/** A rollup's value for a page: the function over the related pages' values. */
export function rollupSource(): RollupSource {
  const load = rolledUpValues();
  return async (p, node, env) => aggregate(p.config.function as string, (await load(p, node, env)).values);
}

const key = (v: Json): string => (v.type === "title" || v.type === "rich_text" ? textOf(v) : JSON.stringify(v[v.type as string]));

/** A formula value reads as the plain value of its result type (`{type:"number", number}` …). */
const plain = (v: Json): Json => {
  if (v.type !== "formula") return v;
  const f = v.formula as Json;
  return f.type === "boolean" ? { type: "checkbox", checkbox: f.boolean === true } : { type: f.type, [f.type as string]: f[f.type as string] };
};

/** Numbers found in the values (number properties and results; unique ids by number). */
function numbers(values: Json[]): number[] {
  const out: number[] = [];
  for (const raw of values) {
    const v = plain(raw);
    const x = v[v.type as string] as unknown;
    if (typeof x === "number") out.push(x);
    else if (v.type === "unique_id" && typeof (x as Json)?.number === "number") out.push((x as Json).number as number);
  }
  return out;
}

function dates(values: Json[]): { start: number; end: number; raw: Json }[] {
  const out = [];
  for (const raw of values) {
    const v = plain(raw);
    const d = (v.type === "date" ? v.date : v.type === "created_time" || v.type === "last_edited_time" ? { start: v[v.type as string] } : null) as Json | null;
    if (!d?.start) continue;
    const start = Date.parse(String(d.start).length === 10 ? `${d.start}T00:00:00Z` : String(d.start));
    const end = d.end ? Date.parse(String(d.end).length === 10 ? `${d.end}T00:00:00Z` : String(d.end)) : start;
    out.push({ start, end, raw: d });
  }
  return out;
}

const num = (fn: string, n: number | null) => ({ type: "number", number: n, function: fn });

export function aggregate(fn: string, values: Json[]): Json {
  const total = values.length;
  const empties = values.filter((v) => v.type !== "checkbox" && isEmptyValue(v)).length;
  switch (fn) {
    case "show_original":
      return { type: "array", array: values, function: fn };
    case "show_unique": {
      const seen = new Set<string>();
      return { type: "array", array: values.filter((v) => !seen.has(key(v)) && seen.add(key(v))), function: fn };
    }
    case "count":
      return num(fn, total);
    case "count_values":
      return num(fn, values.reduce((n, v) => n + (Array.isArray(v[v.type as string]) ? (v[v.type as string] as unknown[]).length : isEmptyValue(v) ? 0 : 1), 0));
    case "empty":
      return num(fn, empties);
    case "not_empty":
      return num(fn, total - empties);
    case "unique":
      return num(fn, new Set(values.filter((v) => !isEmptyValue(v)).map(key)).size);
    case "percent_empty":
      return num(fn, total ? empties / total : 0);
    case "percent_not_empty":
      return num(fn, total ? (total - empties) / total : 0);
    case "checked":
    case "unchecked":
    case "percent_checked":
    case "percent_unchecked": {
      const checked = values.map(plain).filter((v) => v.type === "checkbox" && v.checkbox === true).length;
      const count = fn.endsWith("unchecked") ? total - checked : checked;
      return num(fn, fn.startsWith("percent") ? (total ? count / total : 0) : count);
    }
    case "sum":
    case "average":
    case "median":
    case "min":
    case "max":
    case "range": {
      const ns = numbers(values).sort((a, b) => a - b);
      if (ns.length === 0) return num(fn, fn === "sum" ? 0 : null);
      const sum = ns.reduce((a, b) => a + b, 0);
      const mid = Math.floor(ns.length / 2);
      const value = { sum, average: sum / ns.length, median: ns.length % 2 ? ns[mid] : (ns[mid - 1] + ns[mid]) / 2, min: ns[0], max: ns[ns.length - 1], range: ns[ns.length - 1] - ns[0] }[fn]!;
      return num(fn, value);
    }
    case "earliest_date":
    case "latest_date":
    case "date_range": {
      const ds = dates(values);
      if (ds.length === 0) return { type: "date", date: null, function: fn };
      const earliest = ds.reduce((a, b) => (b.start < a.start ? b : a));
      const latest = ds.reduce((a, b) => (b.end > a.end ? b : a));
      // Shown as every date is (domain/dates.ts): to the minute, with an offset.
      const first = earliest.raw.start as string;
      const last = (latest.raw.end ?? latest.raw.start) as string;
      if (fn === "earliest_date") return { type: "date", date: normalizeDate({ start: first }), function: fn };
      if (fn === "latest_date") return { type: "date", date: normalizeDate({ start: last }), function: fn };
      return { type: "date", date: normalizeDate({ start: first, end: last }), function: fn };
    }
    default:
      // count_per_group / percent_per_group need the status/select groups of a board view.
      return { type: "unsupported", unsupported: {}, function: fn };
  }
}

function isEmptyValue(v: Json): boolean {
  const x = v[v.type as string];
  if (x === null || x === undefined) return true;
  if (Array.isArray(x)) return x.length === 0;
  if (typeof x === "string") return x === "";
  if (v.type === "unique_id") return (x as Json).number === null;
  return false;
}

