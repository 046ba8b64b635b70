/**
 * "Move to": pick the page to move a page into, by title (the /v1/search index). Notion's
 * `POST /v1/pages/{id}/move` takes a page or a data source as the new parent; the sidebar offers
 * pages (a page cannot go into itself or below itself: the server says so, shown here).
 */
import { NotionIcon } from "../blocks/Icon";
import { useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useDebounced } from "./use-debounced";
import { useLoad } from "../use-load";
import { Dialog } from "./Dialog";
import { resultTitle, type TreeNode } from "./tree-model";

export function MoveDialog({ node, onClose, onPick }: { node: TreeNode; onClose: () => void; onPick: (target: TreeNode) => void }) {
  const api = useApi();
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 200);
  const found = useLoad(
    () => api.v1<Json>("POST", "/search", { query: q || undefined, filter: { property: "object", value: "page" }, page_size: 20 }),
    [api, q],
  );
  const results = ((found.data?.results ?? []) as Json[]).filter((p) => p.id !== node.id && !p.in_trash);
  return (
    <Dialog title={`Move “${node.title}” to…`} onClose={onClose} className="move-dialog">
      <label className="field">
        <span>Search for a page</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-autofocus />
      </label>
      {found.error && <p role="alert">{found.error.message}</p>}
      <ul className="pick-list" aria-label="Pages" aria-busy={found.loading}>
        {results.map((p) => (
          <li key={p.id}>
            <button type="button" onClick={() => onPick({ id: p.id, kind: "page", title: resultTitle(p), icon: p.icon ?? null, expandable: true })}>
              <NotionIcon icon={p.icon} fallback="📄" className="tree-icon" /> {resultTitle(p)}
            </button>
          </li>
        ))}
        {!found.loading && results.length === 0 && <li className="muted">No pages found</li>}
      </ul>
    </Dialog>
  );
}
