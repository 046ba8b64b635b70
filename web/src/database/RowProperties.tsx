/**
 * A database row's properties above its page body, each editable with the table's editors — for
 * the page view (h16-page) to mount: `<RowProperties page={page} onChange={setPage} />`. Renders
 * nothing for a page that is not a data source's row.
 */
import { useEffect, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { DbProvider } from "./db-context";
import { EditableCell } from "./CellEditor";
import { TYPE_ICONS } from "./PropertyMenu";
import { propsOf } from "./model";
import "./database.css";

export function RowProperties({ page: given, onChange }: { page: Json; onChange?: (page: Json) => void }) {
  const api = useApi();
  const [page, setPage] = useState(given);
  useEffect(() => setPage(given), [given]);
  const sourceId: string | undefined = page.parent?.type === "data_source_id" ? page.parent.data_source_id : undefined;
  const source = useLoad(async () => (sourceId ? api.v1<Json>("GET", `/data_sources/${sourceId}`) : null), [api, sourceId]);
  if (!sourceId) return null;
  if (source.error) return <p role="alert" className="db-error">{source.error.message}</p>;
  if (!source.data) return <p aria-busy="true">Loading properties…</p>;
  const props = propsOf(source.data).filter((p) => p.type !== "title");
  return (
    <DbProvider refreshSchema={source.reload}>
      <dl className="db-row-props">
        {props.map((p) => (
          <div key={p.id} className="db-row-prop">
            <dt>
              <span aria-hidden="true" className="db-type-icon">
                {TYPE_ICONS[p.type] ?? "≡"}
              </span>
              {p.name}
            </dt>
            <dd>
              <EditableCell row={page} prop={p} onSaved={(next) => {
                  setPage(next);
                  onChange?.(next);
                }} />
            </dd>
          </div>
        ))}
      </dl>
    </DbProvider>
  );
}
