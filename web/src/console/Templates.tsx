/**
 * Page templates of a database's data sources (`…/data_sources/{id}/templates` of the control API:
 * Notion's templates are made in its app, so here an owner marks a row page as a template): pick
 * a data source, list its templates, make one the default, turn a row into a template, remove one
 * (it becomes an ordinary row again).
 */
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { titleOf } from "../notion";
import { useLoad } from "../use-load";
import { ErrorText, useSubmit, useTitle } from "./ui";

export function Templates() {
  useTitle("Templates");
  const api = useApi();
  const sources = useLoad(() => api.all<Json>("POST", "/search", { filter: { property: "object", value: "data_source" } }, 500), [api]);
  const [picked, setPicked] = useState("");
  const id = useId();
  const chosen = picked || sources.data?.[0]?.id || "";
  return (
    <section aria-labelledby="templates-heading">
      <h1 id="templates-heading" className="page-title">
        Templates
      </h1>
      <p className="muted">A template is a page of a database that new pages can start from (integrations use it with <code>template</code> when they create a page). It is left out of the database&apos;s rows.</p>
      <ErrorText error={sources.error} />
      {sources.data && sources.data.length === 0 && <p className="muted">This workspace has no databases yet.</p>}
      {sources.data && sources.data.length > 0 && (
        <div className="inline-form">
          <label htmlFor={id}>Database</label>
          <select id={id} value={chosen} onChange={(e) => setPicked(e.target.value)}>
            {sources.data.map((s) => (
              <option key={s.id} value={s.id}>
                {titleOf(s)}
              </option>
            ))}
          </select>
        </div>
      )}
      {chosen && <SourceTemplates key={chosen} dataSourceId={chosen} />}
    </section>
  );
}

function SourceTemplates({ dataSourceId }: { dataSourceId: string }) {
  const api = useApi();
  const templates = useLoad(() => api.control<Json>("GET", `/data_sources/${dataSourceId}/templates`), [api, dataSourceId]);
  const rows = useLoad(() => api.v1<Json>("POST", `/data_sources/${dataSourceId}/query`, { page_size: 100 }), [api, dataSourceId]);
  const [page, setPage] = useState("");
  const [error, setError] = useState<unknown>(null);
  const rowId = useId();
  const reload = () => {
    templates.reload();
    rows.reload();
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      reload();
    } catch (e) {
      setError(e);
    }
  };
  const submit = useSubmit(async () => {
    if (!page) throw new Error("Pick a page of this database.");
    await api.control("POST", `/data_sources/${dataSourceId}/templates`, { page_id: page });
    setPage("");
    reload();
  });
  const list: Json[] = templates.data?.results ?? [];
  const pages: Json[] = rows.data?.results ?? [];
  return (
    <section className="console-card" aria-labelledby="source-templates-heading">
      <h2 id="source-templates-heading">Its templates</h2>
      <ErrorText error={templates.error ?? error} />
      {templates.data && list.length === 0 && <p className="muted">No templates yet.</p>}
      <ul className="console-list" aria-label="Templates">
        {list.map((t) => (
          <li key={t.id}>
            <span>
              {t.name || "Untitled"} {t.is_default && <span className="muted small">· default</span>}
            </span>
            <span className="row-actions">
              {!t.is_default && (
                <button type="button" className="console-button" onClick={() => act(() => api.control("POST", `/data_sources/${dataSourceId}/templates`, { page_id: t.id, is_default: true }))}>
                  Make {t.name || "Untitled"} the default
                </button>
              )}
              <button type="button" className="console-button" onClick={() => act(() => api.control("DELETE", `/data_sources/${dataSourceId}/templates/${t.id}`))}>
                Remove {t.name || "Untitled"}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={submit.onSubmit}>
        <label htmlFor={rowId}>Make a page a template</label>
        <select id={rowId} value={page} onChange={(e) => setPage(e.target.value)}>
          <option value="">Pick a page…</option>
          {pages.map((p) => (
            <option key={p.id} value={p.id}>
              {titleOf(p)}
            </option>
          ))}
        </select>
        <button type="submit" className="console-button solid" disabled={submit.busy}>
          Make template
        </button>
      </form>
      <ErrorText error={submit.error ?? rows.error} />
    </section>
  );
}
