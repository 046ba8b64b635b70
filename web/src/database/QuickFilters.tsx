/**
 * A view's quick filters (the Views API's `quick_filters`: a property name → a condition without
 * `property`, docs/design/views.md): applied to the app's row reads ANDed with the view's filter
 * (`withQuickFilters`, as a view query applies them), and shown as chips above the rows. "+ Add
 * filter" adds one for a property, a chip opens its condition editor (FilterBuilder's `CondEditor`),
 * and its "Remove" takes it off: each a `PATCH /v1/views/:id` with `{quick_filters: {name: condition
 * or null}}` (the API's key-by-key merge), as Notion keeps quick filters on the view for everyone.
 */
import { useRef, useState, type FormEvent } from "react";
import type { Json } from "../api";
import { errorText, type Prop, type View } from "./model";
import { andFilter } from "./use-rows";
import { Popover } from "./Popover";
import { CondEditor } from "./FilterBuilder";
import { FILTERABLE, complete, condJson, fromJson, newCond, type Cond } from "./filter-model";

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

/**
 * The quick-filter bar: a chip per quick filter (its condition; activating it opens its editor, ×
 * takes it off) and "+ Add filter", which lists the data source's properties: picking one opens a
 * new quick filter's condition editor. Each change PATCHes the view (`onSave`, absent when the view
 * cannot be saved: the chips are then shown only).
 */
export function QuickFilterBar({ view, props, onSave }: { view: View; props: Prop[]; onSave?: (change: Json) => Promise<void> }) {
  const quick = quickConditions(view);
  const add = useRef<HTMLButtonElement>(null);
  const [picking, setPicking] = useState(false);
  const [editing, setEditing] = useState<{ cond: Cond; anchor: HTMLElement | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!quick.length && !onSave) return null;
  const unused = props.filter((p) => FILTERABLE(p) && !quick.some((c) => c.property === p.name));
  const remove = (name: string) => {
    setError(null);
    onSave?.({ quick_filters: { [name]: null } }).catch((e) => setError(errorText(e)));
  };
  return (
    <div className="db-quick-bar">
      {quick.length > 0 && (
        <ul className="db-quick-filters" aria-label="Quick filters">
          {quick.map((c) => {
            const cond = fromJson(c).children[0];
            const editable = onSave && cond?.kind === "cond" ? cond : null;
            return (
              <li key={c.property} className="db-quick-filter">
                {editable ? (
                  <button type="button" className="db-quick-edit" aria-haspopup="dialog" aria-expanded={editing?.cond.property === c.property} onClick={(e) => setEditing({ cond: editable, anchor: e.currentTarget })}>
                    {conditionText(c)}
                  </button>
                ) : (
                  <span>{conditionText(c)}</span>
                )}
                {onSave && (
                  <button type="button" className="db-quick-remove" onClick={() => remove(c.property)}>
                    <span aria-hidden="true">×</span>
                    <span className="visually-hidden">Remove quick filter {c.property}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {onSave && (
        <button type="button" ref={add} className="db-quick-add" aria-haspopup="dialog" aria-expanded={picking} disabled={!unused.length} onClick={() => setPicking(!picking)}>
          + Add filter
        </button>
      )}
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      {picking && (
        <Popover label="Add a quick filter" anchor={add.current} onClose={() => setPicking(false)}>
          <ul className="db-quick-props" aria-label="Properties">
            {unused.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  onClick={() => {
                    setPicking(false);
                    setEditing({ cond: newCond(p), anchor: add.current });
                  }}
                >
                  {p.name}
                </button>
              </li>
            ))}
          </ul>
        </Popover>
      )}
      {editing && onSave && (
        <Popover label={`Quick filter: ${editing.cond.property}`} anchor={editing.anchor} onClose={() => setEditing(null)}>
          <QuickFilterEditor initial={editing.cond} props={props} onSave={onSave} onClose={() => setEditing(null)} />
        </Popover>
      )}
    </div>
  );
}

/** One quick filter's condition (operator and value of its property's type); Apply saves it. */
function QuickFilterEditor({ initial, props, onSave, onClose }: { initial: Cond; props: Prop[]; onSave: (change: Json) => Promise<void>; onClose: () => void }) {
  const [cond, setCond] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const apply = async (e: FormEvent) => {
    e.preventDefault();
    // The view keeps a condition only: one still without its value is not sent.
    if (!complete(cond)) return setError(`Enter a value to filter ${cond.property} by.`);
    const { property, ...condition } = condJson(cond);
    setBusy(true);
    setError(null);
    try {
      await onSave({ quick_filters: { [property]: condition } });
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <form className="db-builder db-quick-editor" onSubmit={(e) => void apply(e)}>
      <p className="db-quick-name">{cond.property}</p>
      <CondEditor
        cond={cond}
        props={props}
        fixed
        onChange={(c) => {
          setCond(c);
          setError(null);
        }}
      />
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      <div className="db-actions">
        <button type="submit" className="db-primary" disabled={busy}>
          Apply
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
