/**
 * A database's views as tabs (`?view=<id>`), a new view, and the current view's settings: its
 * name, layout, what it groups by or dates by, its cover, which properties it shows, deleting it.
 * All through the Views API (`POST/PATCH/DELETE /v1/views`), so an integration sees the same views.
 * The API cannot change a view's type: a new layout is a new view in the old one's place.
 */
import { useRef, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useAction } from "../use-action";
import { Link, navigate } from "../router";
import { Popover } from "./Popover";
import { errorText, propById, visibleProps, type Prop, type View } from "./model";

/** The layouts the app shows (the Views API's types it renders). */
export const LAYOUTS: [type: string, label: string, icon: string][] = [
  ["table", "Table", "▦"],
  ["board", "Board", "▥"],
  ["list", "List", "☰"],
  ["gallery", "Gallery", "▩"],
  ["calendar", "Calendar", "📅"],
];

const iconOf = (type: string) => LAYOUTS.find(([t]) => t === type)?.[2] ?? "▦";

/** The tab bar: one link per view, and "+" for a new one. */
export function ViewTabs({ views, current, base, databaseId, dataSourceId, onCreated }: { views: View[]; current: View; base: string; databaseId: string; dataSourceId: string; onCreated: (view: Json) => void }) {
  const api = useApi();
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [type, setType] = useState("table");
  const { error, run } = useAction();
  return (
    <nav className="db-tabs" aria-label="Views">
      <ul>
        {views.map((v) =>
          v.pending ? (
            <li key={v.id}>
              <span className="db-tab db-tab-pending" aria-busy="true">
                <span className="visually-hidden">A view, loading</span>
              </span>
            </li>
          ) : (
          <li key={v.id ?? "default"}>
            <Link href={v.id ? `${base}?view=${v.id}` : base} aria-current={v === current ? "page" : undefined} className="db-tab">
              <span aria-hidden="true">{iconOf(v.type)} </span>
              {v.name || "Untitled view"}
            </Link>
          </li>
          ),
        )}
        <li>
          <button type="button" ref={button} className="db-icon-button" onClick={() => setOpen(true)}>
            <span aria-hidden="true">+</span>
            <span className="visually-hidden">Add a view</span>
          </button>
        </li>
      </ul>
      {open && (
        <Popover label="Add a view" anchor={button.current} onClose={() => setOpen(false)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const label = LAYOUTS.find(([t]) => t === type)![1];
                const view = await api.v1<Json>("POST", "/views", { database_id: databaseId, data_source_id: dataSourceId, name: name.trim() || label, type });
                setOpen(false);
                onCreated(view);
              });
            }}
          >
            <label className="db-field">
              <span>View name</span>
              <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
            </label>
            <LayoutPicker value={type} onChange={setType} />
            {error ? (
              <p role="alert" className="db-error">
                {errorText(error)}
              </p>
            ) : null}
            <div className="db-actions">
              <button type="submit" className="db-primary">
                Create view
              </button>
            </div>
          </form>
        </Popover>
      )}
    </nav>
  );
}

function LayoutPicker({ value, onChange }: { value: string; onChange: (t: string) => void }) {
  return (
    <fieldset className="db-layouts">
      <legend>Layout</legend>
      {LAYOUTS.map(([t, label, icon]) => (
        <label key={t} className={`db-layout${value === t ? " on" : ""}`}>
          <input type="radio" name="layout" value={t} checked={value === t} onChange={() => onChange(t)} />
          <span aria-hidden="true">{icon}</span> {label}
        </label>
      ))}
    </fieldset>
  );
}

/** The current view's settings (a view that exists: the default table without views has none). */
export function ViewSettings({ view, views, props, base, databaseId, dataSourceId, onChanged, onClose }: { view: View; views: View[]; props: Prop[]; base: string; databaseId: string; dataSourceId: string; onChanged: (v: Json | null) => void; onClose: () => void }) {
  const api = useApi();
  const [name, setName] = useState(view.name);
  const { error, run } = useAction();
  const configure = (configuration: Json) => run(async () => onChanged(await api.v1<Json>("PATCH", `/views/${view.id}`, { configuration: { type: view.type, ...configuration } })));
  const relayout = (type: string) =>
    run(async () => {
      const body: Json = { database_id: databaseId, data_source_id: dataSourceId, name: view.name, type, position: { type: "after_view", view_id: view.id } };
      if (view.filter) body.filter = view.filter;
      if (view.sorts?.length) body.sorts = view.sorts;
      const made = await api.v1<Json>("POST", "/views", body);
      await api.v1("DELETE", `/views/${view.id}`);
      onClose();
      navigate(`${base}?view=${made.id}`, { replace: true });
      onChanged(null);
    });
  const groupable = props.filter((p) => ["select", "status", "multi_select"].includes(p.type));
  const dated = props.filter((p) => ["date", "created_time", "last_edited_time"].includes(p.type));
  const files = props.filter((p) => p.type === "files");
  const group: Json | undefined = view.configuration?.group_by;
  const groupProp = propById(props, group?.property_id);
  const shown = new Set((view.type === "table" ? visibleProps(props, view) : cardPropsOf(props, view)).map((p) => p.id));

  return (
    <div className="db-view-settings">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && name.trim() !== view.name) void run(async () => onChanged(await api.v1<Json>("PATCH", `/views/${view.id}`, { name: name.trim() })));
        }}
      >
        <label className="db-field">
          <span>View name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        <button type="submit">Rename</button>
      </form>
      <LayoutPicker value={view.type} onChange={(t) => t !== view.type && void relayout(t)} />
      {view.type === "board" && (
        <label className="db-field">
          <span>Group by</span>
          <select
            value={groupProp?.id ?? ""}
            onChange={(e) => {
              const p = props.find((x) => x.id === e.target.value);
              if (p) void configure({ group_by: { type: p.type, property_id: p.id, sort: { type: "manual" }, ...(p.type === "status" ? { group_by: "option" } : {}) } });
            }}
          >
            {!groupProp && <option value="">Choose a property</option>}
            {groupable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {view.type === "board" && groupProp?.type === "status" && (
        <label className="db-toggle">
          <input type="checkbox" checked={group?.group_by === "group"} onChange={(e) => void configure({ group_by: { ...group, property_id: groupProp.id, group_by: e.target.checked ? "group" : "option" } })} /> Columns by status group
        </label>
      )}
      {view.type === "calendar" && (
        <label className="db-field">
          <span>Show calendar by</span>
          <select value={propById(props, view.configuration?.date_property_id)?.id ?? ""} onChange={(e) => void configure({ date_property_id: e.target.value })}>
            {dated.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {(view.type === "gallery" || view.type === "board") && (
        <label className="db-field">
          <span>Card preview</span>
          <select
            value={view.configuration?.cover ? (view.configuration.cover.type === "property" ? `property:${view.configuration.cover.property_id}` : view.configuration.cover.type) : "none"}
            onChange={(e) => {
              const v = e.target.value;
              void configure({ cover: v === "none" ? null : v.startsWith("property:") ? { type: "property", property_id: v.slice(9) } : { type: v } });
            }}
          >
            <option value="none">None</option>
            <option value="page_cover">Page cover</option>
            <option value="page_content">Page content</option>
            {files.map((p) => (
              <option key={p.id} value={`property:${p.id}`}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="db-checklist">
        <legend>Properties shown</legend>
        {props
          .filter((p) => p.type !== "title")
          .map((p) => (
            <label key={p.id} className="db-toggle">
              <input
                type="checkbox"
                checked={shown.has(p.id)}
                onChange={(e) => {
                  const next = new Set(shown);
                  if (e.target.checked) next.add(p.id);
                  else next.delete(p.id);
                  void configure({ properties: props.map((x) => ({ property_id: x.id, visible: x.type === "title" || next.has(x.id) })) });
                }}
              />{" "}
              {p.name}
            </label>
          ))}
      </fieldset>
      {error ? (
        <p role="alert" className="db-error">
          {errorText(error)}
        </p>
      ) : null}
      <div className="db-actions">
        <button
          type="button"
          className="db-danger"
          disabled={views.filter((v) => v.id).length < 2}
          onClick={() =>
            void run(async () => {
              await api.v1("DELETE", `/views/${view.id}`);
              onClose();
              navigate(base, { replace: true });
              onChanged(null);
            })
          }
        >
          Delete view
        </button>
      </div>
    </div>
  );
}

function cardPropsOf(props: Prop[], view: View): Prop[] {
  const listed: Json[] = Array.isArray(view.configuration?.properties) ? view.configuration.properties : [];
  return listed.filter((l) => l.visible !== false).map((l) => propById(props, l.property_id)).filter((p): p is Prop => !!p);
}
