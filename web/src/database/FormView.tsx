/**
 * The form layout: the view's shown properties as a form (the title, then one input per editable
 * property), submitted as one `POST /v1/pages` into the data source — the row an integration
 * creating the same page gets. The API's refusal is shown beside the form; a closed form
 * (`configuration.is_form_closed`) takes no answers.
 */
import { useState, type FormEvent } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { Link, useHref } from "../router";
import { useDbContext } from "./db-context";
import { READ_ONLY, errorText, richText, visibleProps, type Prop } from "./model";
import type { LayoutProps } from "./TableView";

/** Types the form asks for (relations, files and computed values are set on the row afterwards). */
const ASKED = new Set(["title", "rich_text", "number", "url", "email", "phone_number", "select", "status", "multi_select", "date", "checkbox", "people"]);

type Answers = Record<string, string | string[] | boolean>;

/** The `properties` of a create request from the form's answers (empty answers left out). */
export function formProperties(props: Prop[], answers: Answers): Json {
  const out: Json = {};
  for (const p of props) {
    const a = answers[p.id];
    if (a === undefined || a === "" || (Array.isArray(a) && !a.length)) continue;
    switch (p.type) {
      case "title":
      case "rich_text":
        out[p.name] = { [p.type]: richText(String(a)) };
        break;
      case "number":
        out[p.name] = { number: Number(a) };
        break;
      case "url":
      case "email":
      case "phone_number":
        out[p.name] = { [p.type]: String(a).trim() };
        break;
      case "select":
      case "status":
        out[p.name] = { [p.type]: { name: String(a) } };
        break;
      case "multi_select":
        out[p.name] = { multi_select: (a as string[]).map((name) => ({ name })) };
        break;
      case "date":
        out[p.name] = { date: { start: String(a) } };
        break;
      case "checkbox":
        out[p.name] = { checkbox: a === true };
        break;
      case "people":
        out[p.name] = { people: (a as string[]).map((id) => ({ id })) };
        break;
    }
  }
  return out;
}

export function FormView({ props, view, dataSourceId }: LayoutProps) {
  const api = useApi();
  const { people } = useDbContext();
  const fields = visibleProps(props, view).filter((p) => ASKED.has(p.type) && !READ_ONLY.has(p.type));
  const skipped = visibleProps(props, view).filter((p) => !ASKED.has(p.type) && !READ_ONLY.has(p.type) && p.type !== "rollup");
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [made, setMade] = useState<Json | null>(null);
  const closed = view.configuration?.is_form_closed === true;
  const set = (id: string, v: Answers[string]) => setAnswers((a) => ({ ...a, [id]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setMade(null);
    setSending(true);
    try {
      const page = await api.v1<Json>("POST", "/pages", { parent: { type: "data_source_id", data_source_id: dataSourceId }, properties: formProperties(fields, answers) });
      setMade(page);
      setAnswers({});
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  };

  const input = (p: Prop) => {
    const id = `form-${p.id}`;
    const a = answers[p.id];
    switch (p.type) {
      case "select":
      case "status":
        return (
          <select id={id} value={(a as string) ?? ""} onChange={(e) => set(p.id, e.target.value)}>
            <option value="">—</option>
            {(p.config.options ?? []).map((o: Json) => (
              <option key={o.id ?? o.name} value={o.name}>
                {o.name}
              </option>
            ))}
          </select>
        );
      case "checkbox":
        return <input id={id} type="checkbox" checked={a === true} onChange={(e) => set(p.id, e.target.checked)} />;
      case "date":
        return <input id={id} type="date" value={(a as string) ?? ""} onChange={(e) => set(p.id, e.target.value)} />;
      case "number":
        return <input id={id} type="number" step="any" value={(a as string) ?? ""} onChange={(e) => set(p.id, e.target.value)} />;
      default: {
        const type = p.type === "url" ? "url" : p.type === "email" ? "email" : p.type === "phone_number" ? "tel" : "text";
        return <input id={id} type={type} value={(a as string) ?? ""} onChange={(e) => set(p.id, e.target.value)} />;
      }
    }
  };
  const choices = (p: Prop, list: { key: string; label: string }[]) => {
    const picked = (answers[p.id] as string[] | undefined) ?? [];
    return (
      <fieldset className="db-form-field db-checklist" key={p.id}>
        <legend>{p.name}</legend>
        {list.length === 0 && <p className="muted">Nothing to pick.</p>}
        {list.map((c) => (
          <label key={c.key} className="db-toggle">
            <input type="checkbox" checked={picked.includes(c.key)} onChange={(e) => set(p.id, e.target.checked ? [...picked, c.key] : picked.filter((x) => x !== c.key))} /> {c.label}
          </label>
        ))}
      </fieldset>
    );
  };

  return (
    <div className="db-form">
      <form onSubmit={(e) => void submit(e)} aria-label={view.name || "Form"} aria-describedby={error ? "db-form-error" : undefined}>
        {closed && <p className="muted">This form is closed: it takes no more answers.</p>}
        <fieldset disabled={closed || sending} className="db-form-fields">
          {fields.map((p) =>
            p.type === "multi_select" ? (
              choices(p, (p.config.options ?? []).map((o: Json) => ({ key: o.name, label: o.name })))
            ) : p.type === "people" ? (
              choices(p, people.map((u) => ({ key: u.id, label: u.name ?? u.person?.email ?? "Someone" })))
            ) : (
              <div key={p.id} className={`db-form-field${p.type === "checkbox" ? " check" : ""}`}>
                <label htmlFor={`form-${p.id}`}>{p.type === "title" ? `${p.name} (title)` : p.name}</label>
                {input(p)}
              </div>
            ),
          )}
          {skipped.length > 0 && <p className="muted">Set on the row after submitting: {skipped.map((p) => p.name).join(", ")}.</p>}
          <button type="submit" className="db-primary">
            {sending ? "Submitting…" : "Submit"}
          </button>
        </fieldset>
      </form>
      {error && (
        <p role="alert" id="db-form-error" className="db-error">
          {error}
        </p>
      )}
      {made && <Submitted page={made} />}
    </div>
  );
}

function Submitted({ page }: { page: Json }) {
  const href = useHref("p", page.id);
  return (
    <p role="status" className="db-form-done">
      Submitted. <Link href={href}>Open the new row</Link>
    </p>
  );
}
