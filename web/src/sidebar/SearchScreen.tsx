/** `/w/<ws>/search?q=…`: the search screen — a title search over `/v1/search`, the query kept in the address. */
import { NotionIcon } from "../blocks/Icon";
import { useState } from "react";
import type { Json } from "../api";
import { Link, navigate, useHref } from "../router";
import { resultHref, useSearch } from "./SearchDialog";
import { resultTitle } from "./tree-model";
import "./sidebar.css";

export function SearchScreen({ query }: { query: URLSearchParams }) {
  const base = useHref();
  const [text, setText] = useState(query.get("q") ?? "");
  const found = useSearch(text, 50);
  const results: Json[] = (found.data?.results ?? []).filter((r: Json) => !r.in_trash);
  return (
    <div className="page-body">
      <h1 className="page-title">Search</h1>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`${base}/search?q=${encodeURIComponent(text)}`, { replace: true });
        }}
      >
        <label className="field">
          <span>Search pages and databases by title</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        </label>
      </form>
      {found.error && <p role="alert">{found.error.message}</p>}
      <p className="muted" aria-live="polite">
        {found.loading ? "Searching…" : `${results.length}${found.data?.has_more ? "+" : ""} result${results.length === 1 ? "" : "s"}`}
      </p>
      <ul className="result-list">
        {results.map((r) => (
          <li key={r.id}>
            <Link href={resultHref(base, r)}>
              <NotionIcon icon={r.icon} fallback={r.object === "page" ? "📄" : "🗂"} className="tree-icon" /> {resultTitle(r)}
            </Link>
            <span className="muted result-edited"> · edited {new Date(r.last_edited_time).toLocaleDateString()}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
