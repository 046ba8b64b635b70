/**
 * A property value that a person edits in place: the value as shown, and on activation the editor
 * its type needs (text, number, options with create, date, people, checkbox, files, relation).
 * Every save is one `PATCH /v1/pages/:id` with that property, and the answer replaces the row.
 */
import { useRef, useState, type ReactNode } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { plainText } from "../notion";
import { Popover } from "./Popover";
import { PropertyValue, Tag } from "./PropertyValue";
import { useDbContext } from "./db-context";
import { READ_ONLY, errorText, richText, valueOf, valueText, type Prop } from "./model";
import { uploadFile } from "../page/uploads";

/** Notion's single-part upload limit (20 MB); the app has no multi-part helper yet. */
const MAX_SINGLE_PART = 20 * 1024 * 1024;

/** Writes one property of a row; resolves with the updated page. */
export function useSaveValue(row: Json, prop: Prop, onSaved: (page: Json) => void) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const save = async (value: Json) => {
    setError(null);
    try {
      onSaved(await api.v1<Json>("PATCH", `/pages/${row.id}`, { properties: { [prop.name]: value } }));
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
  return { save, error };
}

/** Types whose shown value holds links, drawn beside the cell's button rather than in it. */
const LINKED = new Set(["relation", "url", "email", "phone_number"]);

/** A cell: its value, and the editor when activated (checkboxes toggle at once). */
export function EditableCell({ row, prop, onSaved, autoEdit, onEditDone }: { row: Json; prop: Prop; onSaved: (page: Json) => void; autoEdit?: boolean; onEditDone?: () => void }) {
  const value = valueOf(row, prop);
  const { users } = useDbContext();
  const [open, setOpen] = useState(!!autoEdit);
  const [pending, setPending] = useState<boolean | null>(null);
  // A state, not a ref: a cell that opens on first render (a new row's title) places its editor once the button exists.
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  const { save, error } = useSaveValue(row, prop, onSaved);
  const close = () => {
    setOpen(false);
    onEditDone?.();
  };
  const text = prop.type === "title" ? plainText(value?.title) : valueText(value, prop, users);

  if (READ_ONLY.has(prop.type) || prop.type === "rollup") {
    return (
      <div className="db-cell-static">
        <PropertyValue value={value} prop={prop} row={row} />
      </div>
    );
  }
  if (prop.type === "checkbox") {
    // Shown as clicked at once; the row's answer (or a refusal) then sets it.
    return (
      <label className="db-cell-check">
        <input
          type="checkbox"
          checked={pending ?? !!value?.checkbox}
          onChange={(e) => {
            const on = e.target.checked;
            setPending(on);
            void save({ checkbox: on }).then(() => setPending(null));
          }}
        />
        <span className="visually-hidden">{prop.name}</span>
        {error && <span role="alert" className="db-error">{error}</span>}
      </label>
    );
  }
  return (
    <div className="db-cell">
      {prop.type === "title" ? (
        <span className="db-title-cell">
          <PropertyValue value={value} prop={prop} row={row} />
          <button type="button" ref={setButton} className="db-cell-rename" aria-label={`Rename ${text || "Untitled"}`} onClick={() => setOpen(true)}>
            <span aria-hidden="true">✎</span>
          </button>
        </span>
      ) : LINKED.has(prop.type) ? (
        // The value's links (related pages, a URL, an address, a number to call) beside the cell's
        // button, not inside it: a link in a button is a control in a control, neither reachable nor
        // announced (axe's nested-interactive). The button lies under the links and spans the cell,
        // so a click beside them still opens the editor; Tab reaches the button, then each link.
        <span className="db-cell-linked">
          <button type="button" ref={setButton} className="db-cell-button db-cell-cover" onClick={() => setOpen(true)}>
            <span className="visually-hidden">
              {prop.name}: {text || "Empty"}
            </span>
          </button>
          <span className="db-cell-links">
            <PropertyValue value={value} prop={prop} row={row} />
          </span>
        </span>
      ) : (
        <button type="button" ref={setButton} className="db-cell-button" onClick={() => setOpen(true)}>
          {/* Named "<property>: <value>" for screen readers, the visible value part of the name. */}
          <span className="visually-hidden">{prop.name}: </span>
          {prop.type === "files" ? (
            // Names only: the files' links would be controls nested in this button (the editor lists them).
            <span className="db-tags">
              {(value?.files ?? []).map((f: Json, i: number) => (
                <span key={i} className="db-file">
                  {f.name}
                </span>
              ))}
            </span>
          ) : (
            <PropertyValue value={value} prop={prop} row={row} />
          )}
          {!text && <span className="visually-hidden">Empty</span>}
        </button>
      )}
      {error && !open && (
        <span role="alert" className="db-error">
          {error}
        </span>
      )}
      {open && (
        <Popover label={`Edit ${prop.name}`} anchor={button} onClose={close}>
          <ValueEditor row={row} prop={prop} value={value} save={save} close={close} />
          {error && (
            <p role="alert" className="db-error">
              {error}
            </p>
          )}
        </Popover>
      )}
    </div>
  );
}

interface EditorProps {
  row: Json;
  prop: Prop;
  value: Json | undefined;
  save: (value: Json) => Promise<boolean>;
  close: () => void;
}

/** The editor for a writable property type. */
export function ValueEditor(props: EditorProps) {
  switch (props.prop.type) {
    case "title":
    case "rich_text":
    case "url":
    case "email":
    case "phone_number":
    case "number":
      return <TextEditor {...props} />;
    case "select":
    case "status":
    case "multi_select":
      return <OptionEditor {...props} />;
    case "date":
      return <DateEditor {...props} />;
    case "people":
      return <PeopleEditor {...props} />;
    case "files":
      return <FilesEditor {...props} />;
    case "relation":
      return <RelationEditor {...props} />;
    default:
      return <p className="muted">This property cannot be edited.</p>;
  }
}

function TextEditor({ prop, value, save, close }: EditorProps) {
  const t = prop.type;
  const initial = t === "title" || t === "rich_text" ? plainText(value?.[t]) : t === "number" ? (value?.number ?? "").toString() : (value?.[t] ?? "");
  const [text, setText] = useState<string>(initial);
  const done = useRef(false);
  const commit = async () => {
    if (done.current) return;
    done.current = true;
    if (text === initial) return close();
    let body: Json;
    if (t === "title" || t === "rich_text") body = { [t]: richText(text) };
    else if (t === "number") body = { number: text.trim() === "" ? null : Number(text) };
    else body = { [t]: text.trim() === "" ? null : text.trim() };
    await save(body);
    close();
  };
  const inputType = t === "number" ? "number" : t === "url" ? "url" : t === "email" ? "email" : t === "phone_number" ? "tel" : "text";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void commit();
      }}
    >
      <label className="db-field">
        <span className="visually-hidden">{prop.name}</span>
        <input type={inputType} step="any" value={text} onChange={(e) => setText(e.target.value)} onBlur={() => void commit()} data-autofocus />
      </label>
    </form>
  );
}

function OptionEditor({ prop, value, save, close }: EditorProps) {
  const { refreshSchema } = useDbContext();
  const multi = prop.type === "multi_select";
  const options: Json[] = prop.config.options ?? [];
  const chosen: Json[] = multi ? (value?.multi_select ?? []) : value?.[prop.type] ? [value[prop.type]] : [];
  const [query, setQuery] = useState("");
  const shown = options.filter((o) => o.name.toLowerCase().includes(query.toLowerCase()));
  const exact = options.some((o) => o.name === query.trim());
  const pick = async (name: string) => {
    const created = !options.some((o) => o.name === name);
    let saved: boolean;
    if (!multi) saved = await save({ [prop.type]: { name } });
    else {
      const names = chosen.map((o) => o.name);
      const next = names.includes(name) ? names.filter((n) => n !== name) : [...names, name];
      saved = await save({ multi_select: next.map((n) => ({ name: n })) });
    }
    if (saved && created) refreshSchema();
    if (saved && !multi) close();
  };
  return (
    <div className="db-options">
      <label className="db-field">
        <span className="visually-hidden">Search for an option</span>
        <input value={query} placeholder={prop.type === "status" ? "Search for a status" : "Search for an option…"} onChange={(e) => setQuery(e.target.value)} data-autofocus
          onKeyDown={(e) => {
            if (e.key === "Enter" && query.trim()) {
              e.preventDefault();
              void pick(exact || prop.type === "status" ? (shown[0]?.name ?? query.trim()) : query.trim());
            }
          }}
        />
      </label>
      <ul className="db-option-list" aria-label="Options">
        {shown.map((o) => {
          const on = chosen.some((c) => c.name === o.name);
          return (
            <li key={o.id ?? o.name}>
              <button type="button" aria-pressed={on} onClick={() => void pick(o.name)}>
                <Tag name={o.name} color={o.color} />
                {on && <span aria-hidden="true"> ✓</span>}
              </button>
            </li>
          );
        })}
        {query.trim() && !exact && prop.type !== "status" && (
          <li>
            <button type="button" onClick={() => void pick(query.trim())}>
              Create <Tag name={query.trim()} />
            </button>
          </li>
        )}
      </ul>
      {chosen.length > 0 && (
        <button type="button" className="db-link-button" onClick={async () => (await save({ [prop.type]: multi ? [] : null })) && close()}>
          Clear
        </button>
      )}
    </div>
  );
}

/** `YYYY-MM-DD` and `HH:MM` of a Notion date string, in the browser's time for a date-time. */
function splitDate(iso: string | null | undefined): { day: string; time: string } {
  if (!iso) return { day: "", time: "" };
  if (iso.length <= 10) return { day: iso, time: "" };
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { day: iso.slice(0, 10), time: "" };
  const pad = (n: number) => String(n).padStart(2, "0");
  return { day: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

function joinDate(day: string, time: string, withTime: boolean): string {
  if (!withTime || !time) return day;
  return new Date(`${day}T${time}`).toISOString();
}

function DateEditor({ value, save, close }: EditorProps) {
  const start = splitDate(value?.date?.start);
  const end = splitDate(value?.date?.end);
  const [day, setDay] = useState(start.day);
  const [time, setTime] = useState(start.time);
  const [withTime, setWithTime] = useState(!!start.time);
  const [hasEnd, setHasEnd] = useState(!!end.day);
  const [endDay, setEndDay] = useState(end.day);
  const [endTime, setEndTime] = useState(end.time);
  return (
    <form
      className="db-date-editor"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!day) return void ((await save({ date: null })) && close());
        const date: Json = { start: joinDate(day, time, withTime) };
        if (hasEnd && endDay) date.end = joinDate(endDay, endTime, withTime);
        if (await save({ date })) close();
      }}
    >
      <label className="db-field">
        <span>Date</span>
        <input type="date" value={day} onChange={(e) => setDay(e.target.value)} data-autofocus />
      </label>
      {withTime && (
        <label className="db-field">
          <span>Time</span>
          <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
      )}
      {hasEnd && (
        <>
          <label className="db-field">
            <span>End date</span>
            <input type="date" value={endDay} onChange={(e) => setEndDay(e.target.value)} />
          </label>
          {withTime && (
            <label className="db-field">
              <span>End time</span>
              <input type="time" value={endTime} onChange={(e) => setEndTime(e.target.value)} />
            </label>
          )}
        </>
      )}
      <label className="db-toggle">
        <input type="checkbox" checked={hasEnd} onChange={(e) => setHasEnd(e.target.checked)} /> End date
      </label>
      <label className="db-toggle">
        <input type="checkbox" checked={withTime} onChange={(e) => setWithTime(e.target.checked)} /> Include time
      </label>
      <div className="db-actions">
        <button type="submit" className="db-primary">
          Save
        </button>
        <button type="button" onClick={async () => (await save({ date: null })) && close()}>
          Clear
        </button>
      </div>
    </form>
  );
}

function PeopleEditor({ value, save }: EditorProps) {
  const { people } = useDbContext();
  // The picked people as clicked (several toggles in a row each build on the last).
  const [ids, setIds] = useState<string[]>(() => (value?.people ?? []).map((u: Json) => u.id));
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...ids, id] : ids.filter((x) => x !== id);
    setIds(next);
    return save({ people: next.map((x) => ({ id: x })) });
  };
  return (
    <fieldset className="db-checklist">
      <legend>People</legend>
      {people.length === 0 && <p className="muted">No people to pick.</p>}
      {people.map((u) => (
        <label key={u.id} className="db-toggle">
          <input type="checkbox" checked={ids.includes(u.id)} onChange={(e) => void toggle(u.id, e.target.checked)} /> {u.name ?? u.person?.email ?? "Someone"}
        </label>
      ))}
    </fieldset>
  );
}

/** A file of a files value as a write keeps it: a link, a Notion-hosted file (written back by its URL), or an upload. */
function keptFile(f: Json): Json {
  if (f.type === "external") return { name: f.name, type: "external", external: { url: f.external.url } };
  if (f.type === "file") return { name: f.name, type: "file", file: { url: f.file.url } };
  return { name: f.name, type: "file_upload", file_upload: { id: f.file_upload?.id } };
}

/**
 * Files and links of a files cell: files picked or dropped are uploaded through
 * `/v1/file_uploads` (single part, up to 20 MB each) and attached as `file_upload` objects in one
 * `PATCH /v1/pages/:id`; a link is added as an external file; any file can be removed.
 */
function FilesEditor({ value, save }: EditorProps) {
  const api = useApi();
  const files: Json[] = value?.files ?? [];
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const upload = async (picked: File[]) => {
    if (!picked.length) return;
    setProblem(null);
    const big = picked.find((f) => f.size > MAX_SINGLE_PART);
    if (big) return setProblem(`${big.name} is larger than 20 MB: the app uploads files of up to 20 MB.`);
    const added: Json[] = [];
    try {
      for (const f of picked) {
        setBusy(`Uploading ${f.name}…`);
        const up = await uploadFile(api, f);
        added.push({ name: f.name || "file", type: "file_upload", file_upload: { id: up.id } });
      }
    } catch (e) {
      setBusy(null);
      return setProblem(errorText(e));
    }
    setBusy("Attaching…");
    await save({ files: [...files.map(keptFile), ...added] });
    setBusy(null);
  };
  return (
    <div
      className={`db-files${over ? " over" : ""}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        setOver(false);
        void upload([...e.dataTransfer.files]);
      }}
    >
      <ul className="db-option-list" aria-label="Files">
        {files.map((f, i) => (
          <li key={i} className="db-file-item">
            <span>{f.name}</span>{" "}
            <button type="button" className="db-link-button" onClick={() => void save({ files: files.filter((_, j) => j !== i).map(keptFile) })}>
              Remove {f.name}
            </button>
          </li>
        ))}
      </ul>
      <label className="db-upload">
        <input
          type="file"
          multiple
          className="visually-hidden"
          data-autofocus
          disabled={!!busy}
          onChange={(e) => {
            const picked = [...(e.target.files ?? [])];
            e.target.value = "";
            void upload(picked);
          }}
        />
        <span aria-hidden="true">⬆ </span>Upload files <span className="muted">(or drop them here)</span>
      </label>
      {busy && (
        <p role="status" className="muted">
          {busy}
        </p>
      )}
      {problem && (
        <p role="alert" className="db-error">
          {problem}
        </p>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!url.trim()) return;
          const next = [...files.map(keptFile), { name: name.trim() || url.trim(), type: "external", external: { url: url.trim() } }];
          if (await save({ files: next })) {
            setName("");
            setUrl("");
          }
        }}
      >
        <label className="db-field">
          <span>Link</span>
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…" />
        </label>
        <label className="db-field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit">Add link</button>
      </form>
    </div>
  );
}

function RelationEditor({ prop, value, save }: EditorProps) {
  const api = useApi();
  const { pageTitle } = useDbContext();
  const ids: string[] = (value?.relation ?? []).map((r: Json) => r.id);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Json[]>([]);
  const [searchError, setSearchError] = useState<string | null>(null);
  const target: string | undefined = prop.config.data_source_id;
  const search = async (q: string) => {
    setQuery(q);
    try {
      const res = await api.v1<Json>("POST", "/search", { query: q, filter: { property: "object", value: "page" }, page_size: 50 });
      setFound((res.results as Json[]).filter((p) => !target || p.parent?.data_source_id === target));
      setSearchError(null);
    } catch (e) {
      setSearchError(errorText(e));
    }
  };
  const set = (next: string[]) => save({ relation: next.map((id) => ({ id })) });
  return (
    <div>
      <ul className="db-option-list" aria-label="Linked pages">
        {ids.map((id) => (
          <li key={id}>
            {pageTitle(id) ?? "…"}{" "}
            <button type="button" className="db-link-button" onClick={() => void set(ids.filter((x) => x !== id))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <label className="db-field">
        <span>Link a page</span>
        <input type="search" value={query} onChange={(e) => void search(e.target.value)} placeholder="Search pages…" data-autofocus />
      </label>
      {searchError && <p role="alert" className="db-error">{searchError}</p>}
      <ul className="db-option-list" aria-label="Search results">
        {found
          .filter((p) => !ids.includes(p.id))
          .map((p) => (
            <li key={p.id}>
              <button type="button" onClick={() => void set([...ids, p.id])}>
                {titleText(p)}
              </button>
            </li>
          ))}
      </ul>
    </div>
  );
}

function titleText(p: Json): ReactNode {
  const t = Object.values<Json>(p.properties ?? {}).find((v) => v?.type === "title");
  return plainText(t?.title) || "Untitled";
}
