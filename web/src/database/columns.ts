/**
 * A table view's columns as its configuration keeps them (`configuration.properties`: order,
 * `visible`, `width` — the Views API's table configuration, docs/design/views.md), and the
 * configuration that moves or resizes one. Properties the view does not list come after the
 * listed ones, shown, as Notion adds a new property to a view's end. A timeline's side table
 * keeps its columns the same way in `configuration.table_properties`, listed ones only.
 */
import type { Json } from "../api";
import { propById, type Prop, type View } from "./model";

/** The narrowest a column may be (the SDK's `MIN_VIEW_COLUMN_WIDTH`). */
export const MIN_COLUMN_WIDTH = 32;

export interface Column {
  prop: Prop;
  visible: boolean;
  width: number | undefined;
  /** The entry as the view lists it (other settings kept when saving). */
  entry: Json;
}

/** Where a view lists its columns: a table's `properties`, a timeline table's `table_properties`. */
export type ColumnsKey = "properties" | "table_properties";

/**
 * Every property of the schema as a column of the view, in its order, hidden ones included
 * (for `table_properties`, only those it lists: a timeline's table shows no others).
 */
export function columnsOf(props: Prop[], view: View, key: ColumnsKey = "properties"): Column[] {
  const listed: Json[] = Array.isArray(view.configuration?.[key]) ? view.configuration[key] : [];
  const out: Column[] = [];
  const seen = new Set<string>();
  for (const l of listed) {
    const p = propById(props, l.property_id);
    if (!p || seen.has(p.id)) continue;
    seen.add(p.id);
    out.push({ prop: p, visible: l.visible !== false || p.type === "title", width: typeof l.width === "number" ? l.width : undefined, entry: l });
  }
  if (key === "properties") for (const p of props) if (!seen.has(p.id)) out.push({ prop: p, visible: true, width: undefined, entry: {} });
  return out;
}

/** The `configuration` of a view whose columns are `columns` (an update sends the whole list; the rest of the configuration is kept by the update's merge). */
export function configurationOf(view: View, columns: Column[], key: ColumnsKey = "properties"): Json {
  const properties = columns.map(({ prop, visible, width, entry }) => {
    const { property_name: _name, ...rest } = entry;
    const out: Json = { ...rest, property_id: prop.id, visible };
    if (width !== undefined) out.width = width;
    return out;
  });
  return { type: view.type, [key]: properties };
}

/** The columns with `id` moved one shown column left (-1) or right (+1); null when it is already at that end. */
export function moveColumn(columns: Column[], id: string, delta: -1 | 1): Column[] | null {
  const shown = columns.filter((c) => c.visible);
  const at = shown.findIndex((c) => c.prop.id === id);
  const next = shown[at + delta];
  if (at < 0 || !next) return null;
  return moveBefore(columns, id, next.prop.id, delta === 1);
}

/** The columns with `id` placed just before (or after) the column `target`. */
export function moveBefore(columns: Column[], id: string, target: string, after = false): Column[] | null {
  if (id === target) return null;
  const moving = columns.find((c) => c.prop.id === id);
  if (!moving) return null;
  const rest = columns.filter((c) => c.prop.id !== id);
  const to = rest.findIndex((c) => c.prop.id === target);
  if (to < 0) return null;
  rest.splice(after ? to + 1 : to, 0, moving);
  return rest;
}

/** The columns with `id` at `width` px (at least the minimum); `prop` added at the end when not listed yet (a timeline's title). */
export function resizeColumn(columns: Column[], id: string, width: number, prop?: Prop): Column[] {
  const w = Math.max(MIN_COLUMN_WIDTH, Math.round(width));
  if (prop && !columns.some((c) => c.prop.id === id)) return [...columns, { prop, visible: true, width: w, entry: {} }];
  return columns.map((c) => (c.prop.id === id ? { ...c, width: w } : c));
}
