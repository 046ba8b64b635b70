/**
 * The signed-in person's favourite pages in this workspace: ids from
 * `/_quire/session/workspaces/<ws>/favorites` (Notion's API has none: docs/design/web-app.md,
 * "Sidebar"), titles and icons from `/v1/pages/<id>` (a page gone, trashed or no longer shared
 * is left out). `FavoriteButton` stars and unstars a page; the sidebar lists them.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { changes, fromPage, type TreeNode } from "./tree-model";

interface Favorites {
  /** The favourite pages, oldest first; undefined while loading. */
  pages: TreeNode[] | undefined;
  error: Error | undefined;
  has(id: string): boolean;
  toggle(id: string): Promise<void>;
}

const FavoritesContext = createContext<Favorites | null>(null);

/** Reads the favourites once for the workspace and again after every change the sidebar makes. */
export function FavoritesProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [ids, setIds] = useState<string[]>([]);
  const [pages, setPages] = useState<TreeNode[] | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const list = await api.mine<Json>("GET", "/favorites");
      const favIds: string[] = list.results.map((f: Json) => f.page_id);
      const read = await Promise.all(favIds.map((id) => api.v1<Json>("GET", `/pages/${id}?filter_properties=title`).catch(() => null)));
      setIds(favIds);
      setPages(read.filter((p): p is Json => !!p && !p.in_trash).map(fromPage));
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setPages([]);
    }
  }, [api]);

  useEffect(() => {
    void load();
    return changes.on(() => void load());
  }, [load]);

  const toggle = useCallback(
    async (id: string) => {
      const starred = ids.includes(id);
      setIds((now) => (starred ? now.filter((x) => x !== id) : [...now, id]));
      try {
        await api.mine(starred ? "DELETE" : "PUT", `/favorites/${id}`);
      } finally {
        await load();
      }
    },
    [api, ids, load],
  );

  return <FavoritesContext.Provider value={{ pages, error, has: (id) => ids.includes(id), toggle }}>{children}</FavoritesContext.Provider>;
}

/** The favourites of the workspace on screen. */
export function useFavorites(): Favorites {
  const f = useContext(FavoritesContext);
  if (!f) throw new Error("useFavorites outside FavoritesProvider");
  return f;
}

/** The star a page's header shows: pressed when the page is a favourite. */
export function FavoriteButton({ pageId }: { pageId: string }) {
  const favorites = useFavorites();
  const on = favorites.has(pageId);
  return (
    <button type="button" className="icon-button favorite-button" aria-pressed={on} title={on ? "Remove from favorites" : "Add to favorites"} onClick={() => void favorites.toggle(pageId)}>
      <span aria-hidden="true">{on ? "★" : "☆"}</span>
      <span className="visually-hidden">Favorite</span>
    </button>
  );
}
