/**
 * `/w/<ws>/trash`: pages and databases in the trash that the person can see — `/v1/search` with
 * `filter: {in_trash: true}` — filtered by title, each with Restore (`in_trash: false`).
 * Notion's API has no "delete forever" (a page stays in the trash until restored), so neither has
 * the app: docs/design/web-app.md, "Sidebar".
 */
import { NotionIcon } from "../blocks/Icon";
import { useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { Link, useHref } from "../router";
import { useLoad } from "../use-load";
import { useDebounced } from "./use-debounced";
import { changes, resultTitle, setTrashed } from "./tree-model";
import { resultHref } from "./SearchDialog";
import "./sidebar.css";

/** The object a trashed search result is restored through: a page, or the database of a data source. */
function restorable(r: Json): { id: string; kind: "page" | "database" } {
  if (r.object === "page") return { id: r.id, kind: "page" };
  return { id: r.parent?.database_id ?? r.database_parent?.database_id ?? r.id, kind: "database" };
}

export function TrashScreen() {
  const api = useApi();
  const base = useHref();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 200);
  const trashed = useLoad(() => api.all<Json>("POST", "/search", { query: q || undefined, filter: { in_trash: true } }, 500), [api, q]);
  const [status, setStatus] = useState("");
  const restore = async (r: Json) => {
    try {
      await setTrashed(api, restorable(r), false);
      setStatus(`Restored “${resultTitle(r)}”.`);
      changes.emit();
      trashed.reload();
    } catch (e) {
      setStatus(`Could not restore: ${(e as Error).message}`);
    }
  };
  const items = (trashed.data ?? []).filter((r) => r.in_trash);
  return (
    <div className="page-body">
      <h1 className="page-title">Trash</h1>
      <label className="field">
        <span>Filter by title</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <p className="muted">Pages stay here until restored: Notion's API has no way to delete a page for good.</p>
      <p role="status">{status}</p>
      {trashed.error && <p role="alert">{trashed.error.message}</p>}
      {trashed.loading && !trashed.data && <p aria-busy="true">Loading…</p>}
      {trashed.data && items.length === 0 && <p>The trash is empty.</p>}
      <ul className="result-list trash-list" aria-label="In the trash">
        {items.map((r) => (
          <li key={r.id}>
            <Link href={resultHref(base, r)}>
              <NotionIcon icon={r.icon} fallback={r.object === "page" ? "📄" : "🗂"} className="tree-icon" /> {resultTitle(r)}
            </Link>
            <button type="button" onClick={() => void restore(r)} aria-label={`Restore ${resultTitle(r)}`}>
              Restore
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
