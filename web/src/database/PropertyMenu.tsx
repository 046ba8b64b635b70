/**
 * A property's header menu (rename, change type, delete) and the "New property" form: each one
 * `PATCH /v1/data_sources/:id` with `properties` (`{name}` renames, `{<type>: {…}}` retypes,
 * `null` removes — developers.notion.com/reference/update-a-data-source).
 */
import { useEffect, useRef, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useAction } from "../use-action";
import { Popover } from "./Popover";
import { CREATABLE_TYPES, errorText, typeLabel, type Prop } from "./model";

/** The settings a new type needs: a formula's expression, a relation's data source. */
function TypeSettings({ type, expression, setExpression, target, setTarget }: { type: string; expression: string; setExpression: (s: string) => void; target: string; setTarget: (s: string) => void }) {
  const api = useApi();
  const [sources, setSources] = useState<Json[] | null>(null);
  useEffect(() => {
    if (type !== "relation" || sources !== null) return;
    api.v1<Json>("POST", "/search", { filter: { property: "object", value: "data_source" }, page_size: 100 }).then(
      (r) => setSources(r.results),
      () => setSources([]),
    );
  }, [api, type, sources]);
  if (type === "formula")
    return (
      <label className="db-field">
        <span>Formula</span>
        <input value={expression} onChange={(e) => setExpression(e.target.value)} placeholder={'prop("Name")'} />
      </label>
    );
  if (type === "relation") {
    return (
      <label className="db-field">
        <span>Related database</span>
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">Select a database</option>
          {(sources ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {(s.title ?? []).map((t: Json) => t.plain_text).join("") || "Untitled"}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return null;
}

/** The request body of a type with its settings. */
function typeBody(type: string, expression: string, target: string): Json {
  if (type === "formula") return { formula: { expression } };
  if (type === "relation") return { relation: { data_source_id: target, single_property: {} } };
  return { [type]: {} };
}

/** "+ New property": a name and a type, added to the data source. */
export function AddProperty({ dataSourceId, onChanged }: { dataSourceId: string; onChanged: (ds: Json) => void }) {
  const api = useApi();
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [type, setType] = useState("rich_text");
  const [expression, setExpression] = useState("");
  const [target, setTarget] = useState("");
  const { error, run } = useAction(() => setOpen(false));
  return (
    <>
      <button type="button" ref={button} className="db-add-column" onClick={() => setOpen(true)}>
        <span aria-hidden="true">+</span>
        <span className="visually-hidden">New property</span>
      </button>
      {open && (
        <Popover label="New property" anchor={button.current} onClose={() => setOpen(false)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => onChanged(await api.v1<Json>("PATCH", `/data_sources/${dataSourceId}`, { properties: { [name.trim() || typeLabel(type)]: typeBody(type, expression, target) } })));
            }}
          >
            <label className="db-field">
              <span>Property name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
            </label>
            <label className="db-field">
              <span>Type</span>
              <select value={type} onChange={(e) => setType(e.target.value)}>
                {CREATABLE_TYPES.map((t) => (
                  <option key={t.type} value={t.type}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            <TypeSettings type={type} expression={expression} setExpression={setExpression} target={target} setTarget={setTarget} />
            {error ? (
              <p role="alert" className="db-error">
                {errorText(error)}
              </p>
            ) : null}
            <div className="db-actions">
              <button type="submit" className="db-primary">
                Add property
              </button>
            </div>
          </form>
        </Popover>
      )}
    </>
  );
}

/** Moving a column within its view (the keyboard's way to reorder): which ways it can go, and the move. */
export interface ColumnMove {
  left: boolean;
  right: boolean;
  move: (delta: -1 | 1) => void;
}

/** A column header: the property's name, opening its menu (with "Move left/right" when the view can be saved). */
export function PropertyHeader({ prop, dataSourceId, onChanged, onMove }: { prop: Prop; dataSourceId: string; onChanged: (ds: Json) => void; onMove?: ColumnMove }) {
  const api = useApi();
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(prop.name);
  const [type, setType] = useState(prop.type);
  const [expression, setExpression] = useState<string>(prop.config.expression ?? "");
  const [target, setTarget] = useState<string>(prop.config.data_source_id ?? "");
  const { error, run } = useAction(() => setOpen(false));
  const patch = (change: Json | null) => run(async () => onChanged(await api.v1<Json>("PATCH", `/data_sources/${dataSourceId}`, { properties: { [prop.id]: change } })));
  return (
    <>
      <button type="button" ref={button} className="db-header-button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <span aria-hidden="true" className="db-type-icon">
          {TYPE_ICONS[prop.type] ?? "≡"}
        </span>
        {prop.name}
      </button>
      {open && (
        <Popover label={`Property ${prop.name}`} anchor={button.current} onClose={() => setOpen(false)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const change: Json = {};
              if (name.trim() && name.trim() !== prop.name) change.name = name.trim();
              if (type !== prop.type || (type === "formula" && expression !== prop.config.expression)) Object.assign(change, typeBody(type, expression, target));
              if (!Object.keys(change).length) return setOpen(false);
              void patch(change);
            }}
          >
            <label className="db-field">
              <span>Property name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
            </label>
            {prop.type !== "title" && (
              <label className="db-field">
                <span>Type</span>
                <select value={type} onChange={(e) => setType(e.target.value)}>
                  {!CREATABLE_TYPES.some((t) => t.type === prop.type) && <option value={prop.type}>{typeLabel(prop.type)}</option>}
                  {CREATABLE_TYPES.map((t) => (
                    <option key={t.type} value={t.type}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <TypeSettings type={type} expression={expression} setExpression={setExpression} target={target} setTarget={setTarget} />
            {onMove && (onMove.left || onMove.right) && (
              <div className="db-actions db-move">
                {onMove.left && (
                  <button type="button" onClick={() => (setOpen(false), onMove.move(-1))}>
                    <span aria-hidden="true">← </span>Move left
                  </button>
                )}
                {onMove.right && (
                  <button type="button" onClick={() => (setOpen(false), onMove.move(1))}>
                    Move right<span aria-hidden="true"> →</span>
                  </button>
                )}
              </div>
            )}
            {error ? (
              <p role="alert" className="db-error">
                {errorText(error)}
              </p>
            ) : null}
            <div className="db-actions">
              <button type="submit" className="db-primary">
                Save
              </button>
              {prop.type !== "title" && (
                <button type="button" className="db-danger" onClick={() => confirm(`Delete the property “${prop.name}”?`) && void patch(null)}>
                  Delete property
                </button>
              )}
            </div>
          </form>
        </Popover>
      )}
    </>
  );
}

/** A glyph per type, as Notion marks column headers. */
export const TYPE_ICONS: Record<string, string> = {
  title: "Aa", rich_text: "≡", number: "#", select: "⌄", multi_select: "☰", status: "◌", date: "📅", people: "👤", files: "📎",
  checkbox: "☑", url: "🔗", email: "@", phone_number: "☏", formula: "Σ", relation: "↗", rollup: "🔍", created_time: "🕒",
  created_by: "👤", last_edited_time: "🕒", last_edited_by: "👤", unique_id: "№", verification: "✓", button: "▶", place: "📍",
};
