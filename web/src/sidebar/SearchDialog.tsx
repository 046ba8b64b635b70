/**
 * Quick search (Ctrl/Cmd+K, or the sidebar's Search): titles from `/v1/search` as you type,
 * ↑/↓ through the results (a combobox with its listbox: WAI-ARIA's combobox pattern), Enter
 * opens one, Escape closes; "All results" goes to the search screen.
 */
import { NotionIcon } from "../blocks/Icon";
import { useId, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { navigate, useHref } from "../router";
import { serverPath } from "../base";
import { useLoad } from "../use-load";
import { Dialog } from "./Dialog";
import { useDebounced } from "./use-debounced";
import { resultTitle } from "./tree-model";

/** The address of a search result: a page, or the database a data source belongs to. */
export function resultHref(base: string, r: Json): string {
  if (r.object === "page") return `${base}/p/${r.id}`;
  return `${base}/d/${r.parent?.database_id ?? r.database_parent?.database_id ?? r.id}`;
}

/** Runs a title search (no query: most recently edited first). */
export function useSearch(query: string, pageSize = 20) {
  const api = useApi();
  const q = useDebounced(query.trim(), 150);
  return useLoad(() => api.v1<Json>("POST", "/search", { query: q || undefined, page_size: pageSize }), [api, q, pageSize]);
}

export function SearchDialog({ onClose }: { onClose: () => void }) {
  const base = useHref();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const found = useSearch(query);
  const results: Json[] = (found.data?.results ?? []).filter((r: Json) => !r.in_trash);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;
  const open = (r: Json | undefined) => {
    if (!r) return;
    onClose();
    navigate(resultHref(base, r));
  };
  const at = Math.min(active, Math.max(results.length - 1, 0));
  return (
    <Dialog title="Search" onClose={onClose} className="search-dialog">
      <input
        type="search"
        role="combobox"
        aria-label="Search pages"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results.length ? optionId(at) : undefined}
        placeholder="Search pages…"
        value={query}
        data-autofocus
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive(Math.min(at + 1, results.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive(Math.max(at - 1, 0));
          } else if (e.key === "Enter") {
            e.preventDefault();
            open(results[at]);
          }
        }}
      />
      <ul role="listbox" id={listId} aria-label="Results" className="search-results">
        {results.map((r, i) => (
          <li key={r.id} id={optionId(i)} role="option" aria-selected={i === at} onMouseEnter={() => setActive(i)} onClick={() => open(r)}>
            <NotionIcon icon={r.icon} fallback={r.object === "page" ? "📄" : "🗂"} className="tree-icon" /> {resultTitle(r)}
          </li>
        ))}
      </ul>
      <p className="muted search-status" aria-live="polite">
        {found.error ? found.error.message : found.loading ? "Searching…" : results.length === 0 ? "No results" : `${results.length} result${results.length === 1 ? "" : "s"}`}
      </p>
      <p>
        <a
          href={serverPath(`${base}/search?q=${encodeURIComponent(query)}`)}
          onClick={(e) => {
            e.preventDefault();
            onClose();
            navigate(`${base}/search?q=${encodeURIComponent(query)}`);
          }}
        >
          All results
        </a>
      </p>
    </Dialog>
  );
}
