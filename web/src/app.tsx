/**
 * The shell: the workspace in the address (or the person's first), its sidebar, and the screen
 * the address names. Screens live in their folders: page/ (a page and its blocks), database/
 * (a database's views), sidebar/, console/ (integrations, request inspector, workspace admin).
 */
import { Suspense, lazy, useEffect, useMemo, useState } from "react";
import { Api, type Session } from "./api";
import { ApiContext } from "./context";
import { BaseContext, navigate, useRoute } from "./router";
import { Sidebar } from "./sidebar/Sidebar";
import { PageView } from "./page/PageView";
import { Home } from "./Home";
import { ReadOnlyPage } from "./blocks";
import { SearchScreen } from "./sidebar/SearchScreen";
import { TrashScreen } from "./sidebar/TrashScreen";
import { PageActions } from "./sidebar/PageActions";
import { FavoritesProvider } from "./sidebar/favorites";
import { ToastProvider } from "./sidebar/Toast";

// A database's views and the console are chunks of their own, fetched when first shown (the shell
// and a page do not carry them); on their own address the fetch starts with the app, beside the
// session's read.
const loadDatabase = () => import("./database/DatabaseView");
const loadConsole = () => import("./console/Console");
const DatabaseView = lazy(() => loadDatabase().then((m) => ({ default: m.DatabaseView })));
const Console = lazy(() => loadConsole().then((m) => ({ default: m.Console })));
if (/\/w\/[^/]+\/d\//.test(location.pathname)) void loadDatabase().catch(() => undefined); // a failure is the lazy view's to report
else if (/\/w\/[^/]+\/console(\/|$)/.test(location.pathname)) void loadConsole().catch(() => undefined);

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
            <Suspense fallback={<p aria-busy="true">Loading…</p>}>
              <Screen route={route.parts} query={route.query} key={route.parts.join("/")} />
            </Suspense>
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
