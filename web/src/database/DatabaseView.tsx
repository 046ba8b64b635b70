/** A database: its title and its first data source's rows as a table. */
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { Link, useHref } from "../router";
import { plainText, titleOf } from "../notion";
import { ErrorState } from "../page/PageView";

export function DatabaseView({ databaseId }: { databaseId: string; viewId: string | null }) {
  const api = useApi();
  const base = useHref();
  const db = useLoad(() => api.v1<Json>("GET", `/databases/${databaseId}`), [api, databaseId]);
  const sourceId: string | undefined = db.data?.data_sources?.[0]?.id;
  const rows = useLoad(async () => (sourceId ? api.all<Json>("POST", `/data_sources/${sourceId}/query`, {}, 1000) : []), [api, sourceId]);
  if (db.error) return <ErrorState error={db.error} />;
  if (!db.data) return <p aria-busy="true">Loading…</p>;
  return (
    <div className="page-body wide">
      <h1 className="page-title">{titleOf(db.data)}</h1>
      {rows.error && <p role="alert">{rows.error.message}</p>}
      <table className="db-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`${base}/p/${r.id}`}>{titleOf(r)}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{plainText(db.data.description)}</p>
    </div>
  );
}
