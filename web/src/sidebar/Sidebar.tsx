/**
 * The sidebar: the workspace (a switcher when the person has several: each keeps the person's
 * last place), Search (also Ctrl/Cmd+K), Home and Trash, the person's favourites and the page
 * tree; "Settings & developers" (the console for owners, their own tokens for members); sign out
 * at the bottom.
 */
import { NotionIcon } from "../blocks/Icon";
import { useEffect, useState } from "react";
import type { Session, SessionWorkspace } from "../api";
import { appPathname, serverPath } from "../base";
import { Link, navigate, useHref, useRoute } from "../router";
import { PageTree } from "./PageTree";
import { SearchDialog } from "./SearchDialog";
import { useFavorites } from "./favorites";
import "./sidebar.css";

/** Where the person last was in a workspace (this browser), so switching back returns there. */
const placeKey = (ws: string) => `quire.place.${ws}`;

export function Sidebar({ id, session, workspace }: { id: string; session: Session; workspace: SessionWorkspace }) {
  const base = useHref();
  const route = useRoute();
  const currentId = route.parts[0] === "p" ? (route.parts[1] ?? null) : null;
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setSearching(true);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (route.workspace !== workspace.id) return;
    try {
      localStorage.setItem(placeKey(workspace.id), appPathname() + location.search);
    } catch {
      // storage refused (private mode): switching goes to the workspace's home
    }
  }, [route, workspace.id]);

  const place = route.parts[0] ?? "";
  return (
    <nav className="sidebar" id={id} aria-label="Workspace">
      <WorkspaceSwitcher session={session} workspace={workspace} />
      <ul className="sidebar-places">
        <li>
          <button type="button" className="sidebar-place" onClick={() => setSearching(true)} aria-keyshortcuts="Control+K Meta+K">
            <span aria-hidden="true">🔍</span> Search
          </button>
        </li>
        <li>
          <Link href={base} aria-current={place === "" ? "page" : undefined}>
            <span aria-hidden="true">🏠</span> Home
          </Link>
        </li>
        <li>
          <Link href={`${base}/trash`} aria-current={place === "trash" ? "page" : undefined}>
            <span aria-hidden="true">🗑</span> Trash
          </Link>
        </li>
        <li>
          {/* Owners: the whole console; members: their own personal access tokens, all of it they may use. */}
          <Link href={(workspace.can_manage ?? workspace.role === "owner") ? `${base}/console` : `${base}/console/tokens`}>Settings &amp; developers</Link>
        </li>
      </ul>
      <FavoritesSection currentId={currentId} />
      <PageTree key={workspace.id} currentId={currentId} />
      <form method="post" action={serverPath("/logout")} className="sidebar-signout">
        <input type="hidden" name="csrf_token" value={session.csrf_token} />
        <button type="submit">Sign out</button>
      </form>
      {searching && <SearchDialog onClose={() => setSearching(false)} />}
    </nav>
  );
}

/** The workspace's name and the person; a chooser among their workspaces when they have several. */
function WorkspaceSwitcher({ session, workspace }: { session: Session; workspace: SessionWorkspace }) {
  const go = (ws: string) => {
    let place: string | null = null;
    try {
      place = localStorage.getItem(placeKey(ws));
    } catch {
      place = null;
    }
    navigate(place && place.startsWith(`/w/${ws}`) ? place : `/w/${ws}`);
  };
  return (
    <div className="sidebar-workspace">
      {session.workspaces.length > 1 ? (
        <label className="workspace-switch">
          <span className="visually-hidden">Workspace</span>
          <select value={workspace.id} onChange={(e) => go(e.target.value)}>
            {session.workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <strong>{workspace.name}</strong>
      )}
      <span className="sidebar-person">{session.user.name}</span>
    </div>
  );
}

/** The person's favourite pages (hidden while there are none, as Notion does). */
function FavoritesSection({ currentId }: { currentId: string | null }) {
  const base = useHref();
  const { pages, error } = useFavorites();
  if (!error && !pages?.length) return null;
  return (
    <section aria-labelledby="favorites-heading">
      <h2 className="sidebar-heading" id="favorites-heading">
        Favorites
      </h2>
      {error && <p role="alert">{error.message}</p>}
      <ul className="favorites-list">
        {(pages ?? []).map((p) => (
          <li key={p.id}>
            <Link href={`${base}/p/${p.id}`} aria-current={p.id === currentId ? "page" : undefined}>
              <NotionIcon icon={p.icon} fallback="📄" className="tree-icon" /> {p.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
