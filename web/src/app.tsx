/**
 * The shell: the workspace in the address (or the person's first), its sidebar, and the screen
 * the address names. Screens live in their folders: page/ (a page and its blocks), database/
 * (a database's views), sidebar/, console/ (integrations, request inspector, workspace admin).
 */
import { useEffect, useMemo, useState } from "react";
import { Api, type Session } from "./api";
import { ApiContext } from "./context";
import { BaseContext, navigate, useRoute } from "./router";
import { Sidebar } from "./sidebar/Sidebar";
import { PageView } from "./page/PageView";
import { DatabaseView } from "./database/DatabaseView";
import { Home } from "./Home";
import { ReadOnlyPage } from "./blocks";
import { Console } from "./console/Console";
import { SearchScreen } from "./sidebar/SearchScreen";
import { TrashScreen } from "./sidebar/TrashScreen";
import { PageActions } from "./sidebar/PageActions";
import { FavoritesProvider } from "./sidebar/favorites";
import { ToastProvider } from "./sidebar/Toast";

export function App({ session }: { session: Session }) {
  const route = useRoute();
  const known = session.workspaces.find((w) => w.id === route.workspace);
  const workspace = known ?? session.workspaces[0];
  const [navOpen, setNavOpen] = useState(false);

  // `/` (or a workspace this person is not in) goes to their first workspace's home.
  useEffect(() => {
    if (workspace && !known) navigate(`/w/${workspace.id}`, { replace: true });
  }, [workspace, known]);
  // A narrow window shows the sidebar over the page: it closes when the page changes.
  useEffect(() => setNavOpen(false), [route]);

  const api = useMemo(() => (workspace ? new Api(session, workspace.id) : null), [session, workspace]);
  if (!workspace || !api) {
    return (
      <main className="empty-state">
        <h1>No workspace</h1>
        <p>{session.user.name}, you are not a member of any workspace on this server yet. Ask its owner to add you.</p>
      </main>
    );
  }
  const base = `/w/${workspace.id}`;
  return (
    <ApiContext.Provider value={api}>
      <BaseContext.Provider value={base}>
        <ToastProvider>
        <FavoritesProvider>
        {/* The first stop of Tab: past the sidebar to the screen (WCAG 2.4.1, bypass blocks). */}
        <a
          className="skip-link"
          href="#main"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById("main")?.focus();
          }}
        >
          Skip to content
        </a>
        <div className={`shell${navOpen ? " nav-open" : ""}`}>
          <button type="button" className="nav-toggle" aria-expanded={navOpen} aria-controls="sidebar" onClick={() => setNavOpen((o) => !o)}>
            <span aria-hidden="true">☰</span>
            <span className="visually-hidden">Menu</span>
          </button>
          <Sidebar id="sidebar" session={session} workspace={workspace} />
          <main className="main" id="main" tabIndex={-1}>
            <Screen route={route.parts} query={route.query} key={route.parts.join("/")} />
          </main>
        </div>
        </FavoritesProvider>
        </ToastProvider>
      </BaseContext.Provider>
    </ApiContext.Provider>
  );
}

function Screen({ route, query }: { route: string[]; query: URLSearchParams }) {
  const [kind, id] = route;
  if (kind === "p" && id && query.get("view") === "read") return <ReadOnlyPage pageId={id} />;
  if (kind === "p" && id)
    return (
      <>
        <PageActions pageId={id} />
        <PageView pageId={id} />
      </>
    );
  if (kind === "search") return <SearchScreen query={query} />;
  if (kind === "trash") return <TrashScreen />;
  if (kind === "d" && id) return <DatabaseView databaseId={id} viewId={query.get("view")} />;
  if (kind === undefined) return <Home />;
  if (kind === "console") return <Console parts={route.slice(1)} />;
  return (
    <div className="empty-state">
      <h1>Not found</h1>
      <p>There is nothing at this address.</p>
    </div>
  );
}
