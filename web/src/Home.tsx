/** A workspace's home: its pages most recently edited, as search lists them. */
import { useApi } from "./context";
import { useLoad } from "./use-load";
import { Link, useHref } from "./router";
import { iconEmoji, titleOf } from "./notion";
import type { Json } from "./api";

export function Home() {
  const api = useApi();
  const base = useHref();
  const recent = useLoad(() => api.v1<Json>("POST", "/search", { sort: { timestamp: "last_edited_time", direction: "descending" }, page_size: 20 }), [api]);
  return (
    <div className="page-body">
      <h1 className="page-title">Home</h1>
      <h2 className="section-heading">Recently edited</h2>
      {recent.error && <p role="alert">{recent.error.message}</p>}
      {recent.loading && !recent.data && <p aria-busy="true">Loading…</p>}
      <ul className="recent-list">
        {(recent.data?.results ?? []).map((r: Json) => (
          <li key={r.id}>
            <Link href={r.object === "page" ? `${base}/p/${r.id}` : `${base}/d/${r.parent?.database_id ?? r.id}`}>
              <span aria-hidden="true">{iconEmoji(r) ?? (r.object === "page" ? "📄" : "🗂")}</span> {titleOf(r)}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
