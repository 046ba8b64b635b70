/**
 * What the row-key index can decide of a query, read from its AST: the lookups a filter's
 * top-level leaves give (lookupsOf), how the first sort key's rows are walked in order
 * (walkSpec), and where a sort key's value sits in the index (keySource). Adapter-neutral.
 */
import { isBlank, isExistence, type Condition, type FilterNode, type Sortable, type SortKey, type Target } from "../../query/ast.js";
import { COLUMN_KEYS, LIST_TYPES, TEXT_TYPES, emptyKeyName, firstKeyName, keyName } from "../../query/values.js";
import type { KeyValue, Lookup } from "./key-index.js";

/** How the rows of the first sort key are read in order. */
export interface WalkSpec {
  name: string;
  desc: boolean;
  /** select/status: option ids in rank order; the walk goes option by option. */
  options?: readonly string[];
  /** True when the first key is the only one (ties are broken by id alone). */
  single: boolean;
}

/**
 * Where a sort key's value comes from in the index: an entry's name (null: a constant) and the
 * orderKey() value it stands for (src/query/evaluate.ts storedSortable). Null when the index
 * does not hold the key's order.
 */
export function keySource(key: SortKey): { name: string | null; value: (v: KeyValue | undefined) => Sortable } | null {
  const t = key.target;
  if (t.kind === "column") return { name: COLUMN_KEYS[t.column], value: (v) => v ?? null };
  if (t.kind !== "property") return null;
  const name = keyName(t.type, t.id);
  if (TEXT_TYPES.has(t.type) || t.type === "number" || t.type === "unique_id" || t.type === "date") return { name, value: (v) => v ?? null };
  if (t.type === "checkbox") return { name, value: (v) => (v === undefined ? 0 : 1) };
  if (t.type === "select" || t.type === "status") {
    const options = key.options ?? [];
    const rank = new Map(options.map((id, i) => [id, i]));
    return { name, value: (v) => (typeof v === "string" ? rank.get(v) ?? null : null) };
  }
  if (t.type === "button" || t.type === "place") return { name: null, value: () => 0 };
  const first = firstKey(t);
  if (first === null) return null;
  if (t.type === "multi_select") {
    const rank = new Map((key.options ?? []).map((id, i) => [id, i]));
    return { name: first, value: (v) => (typeof v === "string" ? rank.get(v) ?? null : null) };
  }
  return { name: first, value: (v) => v ?? null };
}

/**
 * The entry name of a list property's first element (values.ts firstKeyName), which its sort
 * orders by; null for other types, and for a relation holding pages the reader cannot see
 * (its sort orders by the first page the reader sees, which the entry does not know).
 */
function firstKey(t: Target & { kind: "property" }): string | null {
  if (t.type !== "multi_select" && t.type !== "people" && t.type !== "relation") return null;
  if (t.type === "relation" && (t.hidden?.length ?? 0) > 0) return null;
  return firstKeyName(t.type, t.id);
}

/** How the first sort key's rows can be read in order from the index; null when they cannot. */
export function walkSpec(sorts: readonly SortKey[]): WalkSpec | null {
  if (sorts.length === 0) return { name: COLUMN_KEYS.created_time, desc: true, single: true };
  const key = sorts[0];
  const t = key.target;
  const desc = key.direction === "descending";
  const single = sorts.length === 1;
  if (t.kind === "column") {
    if (t.column === "created_time" || t.column === "last_edited_time") return { name: COLUMN_KEYS[t.column], desc, single };
    return null;
  }
  if (t.kind !== "property") return null;
  if (TEXT_TYPES.has(t.type) || t.type === "number" || t.type === "unique_id" || t.type === "date") return { name: keyName(t.type, t.id), desc, single };
  if (t.type === "select" || t.type === "status") return { name: keyName(t.type, t.id), desc, single, options: key.options ?? [] };
  const first = firstKey(t);
  // Multi-select orders by its first option's rank, as select does by its option's.
  if (first !== null) return t.type === "multi_select" ? { name: first, desc, single, options: key.options ?? [] } : { name: first, desc, single };
  return null;
}

/** Index conditions every matching row satisfies (the top-level `and`'s leaves), positive ones first. */
export function lookupsOf(filter: FilterNode | null): Lookup[] {
  if (!filter) return [];
  const leaves = filter.kind === "leaf" ? [filter] : filter.kind === "and" ? filter.children.filter((c) => c.kind === "leaf") : [];
  const out: Lookup[] = [];
  for (const leaf of leaves) {
    if (leaf.kind !== "leaf") continue;
    const l = lookupOf(leaf.target, leaf.condition);
    if (l) out.push(l);
  }
  // Probes rule rows in before the negative ones rule them out (both cost one index seek).
  return [...mergeRanges(out.filter((l) => !l.absent)), ...out.filter((l) => l.absent)];
}

/**
 * Positive ranges on one name as one (a date window's `on_or_after` and `before`): the names
 * that take ranges (numbers, dates, times) hold one entry per row, so a row within both ranges
 * has that entry within their intersection — one probe per walked row instead of two.
 */
function mergeRanges(lookups: Lookup[]): Lookup[] {
  const out: Lookup[] = [];
  for (const l of lookups) {
    const i = l.values || l.any ? -1 : out.findIndex((o) => o.name === l.name && !o.values && !o.any);
    if (i < 0) {
      out.push(l);
      continue;
    }
    const o = out[i];
    out[i] = { name: l.name, ...bound("lo", o.lo, l.lo), ...bound("hi", o.hi, l.hi) };
  }
  return out;
}

/** The tighter of two bounds of a range (both kept: a value on both bounds is included only when both include it). */
function bound(side: "lo" | "hi", a: Lookup["lo"], b: Lookup["lo"]): Partial<Lookup> {
  if (!a || !b) return a || b ? { [side]: a ?? b } : {};
  if (a.v === b.v) return { [side]: { v: a.v, incl: a.incl && b.incl } };
  const tighter = side === "lo" ? (a.v > b.v ? a : b) : a.v < b.v ? a : b;
  return { [side]: tighter };
}

/** The index condition of one leaf (a superset of its rows, or `absent` for negative ones); null when the index cannot decide it. */
export function lookupOf(t: Target, c: Condition): Lookup | null {
  if (isExistence(c)) return existenceLookup(t, c.op === "is_empty");
  if (isBlank(c)) return null;
  if (t.kind === "column") {
    const name = COLUMN_KEYS[t.column];
    if (c.kind === "date") return dateLookup(name, c.from, c.to);
    if (c.kind === "id") return { name, values: [c.id], ...(c.op === "contains" ? {} : { absent: true as const }) };
    return null;
  }
  if (t.kind !== "property") return null;
  const name = keyName(t.type, t.id);
  switch (c.kind) {
    case "text":
      if (!TEXT_TYPES.has(t.type)) return null;
      return c.op === "equals" ? { name, values: [c.value] } : c.op === "does_not_equal" ? { name, values: [c.value], absent: true } : null;
    case "number":
      if (t.type !== "number" && t.type !== "unique_id") return null;
      switch (c.op) {
        case "equals": return { name, values: [c.value] };
        // An empty number is not equal to anything: only an entry of this value rules a row out.
        case "does_not_equal": return { name, values: [c.value], absent: true };
        case "greater_than": return { name, lo: { v: c.value, incl: false } };
        case "greater_than_or_equal_to": return { name, lo: { v: c.value, incl: true } };
        case "less_than": return { name, hi: { v: c.value, incl: false } };
        case "less_than_or_equal_to": return { name, hi: { v: c.value, incl: true } };
        default: return null;
      }
    case "checkbox":
      if (t.type !== "checkbox") return null;
      return (c.op === "equals") === c.value ? { name, values: [1] } : { name, values: [1], absent: true };
    case "option":
      if (c.ids.length === 0 || !["select", "status", "multi_select"].includes(t.type)) return null;
      return c.op === "equals" || c.op === "contains" ? { name, values: c.ids } : { name, values: c.ids, absent: true };
    case "date": return t.type === "date" ? dateLookup(name, c.from, c.to) : null;
    case "id":
      if (t.type !== "people" && t.type !== "relation") return null;
      // A hidden related page (src/query/hidden.ts) is not in any value: `does_not_contain` it
      // holds for every row, so its entries rule nothing out (`contains` it is still a superset).
      if (c.op !== "contains" && t.hidden?.includes(c.id)) return null;
      return c.op === "contains" ? { name, values: [c.id] } : { name, values: [c.id], absent: true };
    default: return null;
  }
}

/**
 * is_empty / is_not_empty of a list value (multi-select, people, relation, files). An empty value
 * has an entry of its own (values.ts emptyKeyName: no string element, files no element — exactly
 * what the compiled test counts), so is_empty is a lookup of those entries: counted, a candidate
 * set when few, a probe when not. is_not_empty: the value's entries (one per string element,
 * values.ts rowKeys) for multi-select, people and relation; files have none, so it is the absence
 * of the empty entry. A relation holding pages the reader cannot see (src/query/hidden.ts) is
 * empty to it when it holds only those: no entry says so, and is_empty is then the absence of any
 * entry but theirs — a seek per row walked.
 */
function existenceLookup(t: Target, empty: boolean): Lookup | null {
  if (t.kind !== "property" || !LIST_TYPES.has(t.type)) return null;
  const hidden = t.type === "relation" ? t.hidden ?? [] : [];
  if (empty && hidden.length === 0) return { name: emptyKeyName(t.type, t.id), values: [1] };
  if (t.type === "files") return empty ? null : { name: emptyKeyName(t.type, t.id), values: [1], absent: true };
  const l: Lookup = { name: keyName(t.type, t.id), any: { except: hidden } };
  return empty ? { ...l, absent: true } : l;
}

function dateLookup(name: string, from: number | null, to: number | null): Lookup | null {
  if (from === null && to === null) return null;
  return { name, ...(from !== null ? { lo: { v: from, incl: true } } : {}), ...(to !== null ? { hi: { v: to, incl: false } } : {}) };
}
