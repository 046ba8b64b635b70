/**
 * Relations as one reader sees them. A relation may hold pages the integration asking cannot
 * see; for it they are not there ("Why are relation page property values empty?",
 * developers.notion.com FAQ), so a query must answer as if the stored value did not hold them —
 * `contains` one of them matches nothing, `is_empty` matches a row holding only such pages, a
 * sort orders by the first page the reader sees. The caller decides which ids are hidden
 * (src/domain/databases/query-sight.ts) and puts them on the relation's targets; evaluate.ts,
 * compile.ts and the planner read a target's `hidden` ids as absent.
 */
import { freeze, isExistence, type FilterNode, type SortKey, type Target } from "./ast.js";

/** What a query reads of one relation property. */
export interface RelationReads {
  /** Page ids its conditions name (`contains`, `does_not_contain`). */
  readonly ids: Set<string>;
  /** True when it reads the whole value: is_empty / is_not_empty, or a sort. */
  whole: boolean;
}

/** The relation properties a filter and sorts read directly, by property id. */
export function relationReads(filter: FilterNode | null, sorts: readonly SortKey[]): Map<string, RelationReads> {
  const out = new Map<string, RelationReads>();
  const of = (t: Target) => {
    if (t.kind !== "property" || t.type !== "relation") return null;
    let r = out.get(t.id);
    if (!r) out.set(t.id, (r = { ids: new Set(), whole: false }));
    return r;
  };
  const walk = (f: FilterNode): void => {
    if (f.kind !== "leaf") return f.children.forEach(walk);
    const r = of(f.target);
    if (!r || f.condition.kind !== "id") return;
    if (isExistence(f.condition)) r.whole = true;
    else r.ids.add(f.condition.id);
  };
  if (filter) walk(filter);
  for (const s of sorts) {
    const r = of(s.target);
    if (r) r.whole = true;
  }
  return out;
}

/** The filter and sorts with each relation target's hidden ids set (property id → ids). */
export function withHidden(
  filter: FilterNode | null,
  sorts: readonly SortKey[],
  hidden: ReadonlyMap<string, readonly string[]>,
): { filter: FilterNode | null; sorts: readonly SortKey[] } {
  if (![...hidden.values()].some((ids) => ids.length > 0)) return { filter, sorts };
  const target = (t: Target): Target => {
    if (t.kind !== "property" || t.type !== "relation") return t;
    const ids = hidden.get(t.id);
    return ids && ids.length > 0 ? { ...t, hidden: [...ids] } : t;
  };
  const walk = (f: FilterNode): FilterNode => (f.kind === "leaf" ? { ...f, target: target(f.target) } : { kind: f.kind, children: f.children.map(walk) });
  return freeze({ filter: filter ? walk(filter) : null, sorts: sorts.map((s) => ({ ...s, target: target(s.target) })) });
}

const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The target's hidden ids as a set (remembered per tree), or null when none. */
export function hiddenOf(t: Target): ReadonlySet<string> | null {
  if (t.kind !== "property" || !t.hidden || t.hidden.length === 0) return null;
  let set = sets.get(t.hidden);
  if (!set) sets.set(t.hidden, (set = new Set(t.hidden)));
  return set;
}

/** A stored relation value as the reader sees it: its page ids (strings) minus the hidden ones. */
export function seenValue(t: Target, value: unknown): unknown {
  const hidden = hiddenOf(t);
  if (!hidden) return value;
  return Array.isArray(value) ? value.filter((x) => typeof x === "string" && !hidden.has(x)) : value;
}
