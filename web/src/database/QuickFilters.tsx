/**
 * A view's quick filters (the Views API's `quick_filters`: a property name → a condition without
 * `property`, docs/design/views.md): applied to the app's row reads ANDed with the view's filter
 * (`withQuickFilters`, as a view query applies them), and shown as chips above the rows. A chip's
 * "Remove" takes one off the view (`PATCH /v1/views/:id` with `{quick_filters: {name: null}}`, the
 * API's key-by-key merge), as Notion keeps quick filters on the view for everyone.
 */
import type { Json } from "../api";
import type { View } from "./model";
import { andFilter } from "./use-rows";

/** The quick filters as property filters (`{property, …condition}`), in the view's order. */
export function quickConditions(view: Pick<View, "quick_filters">): Json[] {
  const q = view.quick_filters;
  if (!q || typeof q !== "object") return [];
  return Object.entries(q as Json)
    .filter(([, c]) => c && typeof c === "object")
    .map(([property, c]) => ({ property, ...(c as Json) }));
}

/** The view with its quick filters folded into its filter (each must hold, and the view's filter too). */
export function withQuickFilters<V extends View>(view: V): V {
  const quick = quickConditions(view);
  if (!quick.length) return view;
  return { ...view, filter: quick.reduce<Json | null>((f, c) => andFilter(f, c), view.filter ?? null) };
}

/** "Stage: equals A", "Done: is checked", "Points: is empty". */
export function conditionText(c: Json): string {
  const kind = Object.keys(c).find((k) => k !== "property" && k !== "type");
  const ops: Json = kind ? (c[kind] ?? {}) : {};
  const op = Object.keys(ops)[0];
  if (!op) return c.property;
  const value = ops[op];
  const words = op.replace(/_/g, " ");
  if (value === true) return `${c.property}: ${words}`;
  if (kind === "checkbox") return `${c.property}: ${value ? "is checked" : "is not checked"}`;
  const shown = typeof value === "object" && value ? "" : ` ${String(value)}`;
  return `${c.property}: ${words}${shown}`;
}

/** The chips; `onRemove` is absent when the view cannot be saved (no view, or no right to). */
export function QuickFilterChips({ view, onRemove }: { view: View; onRemove?: (property: string) => void }) {
  const quick = quickConditions(view);
  if (!quick.length) return null;
  return (
    <ul className="db-quick-filters" aria-label="Quick filters">
      {quick.map((c) => (
        <li key={c.property} className="db-quick-filter">
          <span>{conditionText(c)}</span>
          {onRemove && (
            <button type="button" className="db-quick-remove" onClick={() => onRemove(c.property)}>
              <span aria-hidden="true">×</span>
              <span className="visually-hidden">Remove quick filter {c.property}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
