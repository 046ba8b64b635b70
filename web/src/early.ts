/**
 * The first screen's reads, started while the app's script is still being run (first load,
 * docs/design/web-app.md "First load"): the address names the workspace and the page or database,
 * and the server writes the session's CSRF token into index.html (`<meta name="quire-csrf">`), so
 * the reads the screen will make first leave now instead of after React has rendered it. They are
 * the same `/v1` calls, as the same person; `Api` hands each answer to the screen's first call of
 * the same GET (`keepEarly`), once. Its own entry script (web/vite.config.ts, `earlyEntry`): index.html
 * names it before the shell's, `async`, so these reads leave as soon as this 4 KB chunk arrives —
 * while the shell's script is still being fetched and run. main.tsx imports it too (first, so
 * in the dev server, where there is no such entry, it still runs before React's code): one module, run once.
 */
import { appPathname } from "./base";
import { Api, keepEarly, type Json, type Session } from "./api";
import { firstQuery } from "./database/first-query";

/** The session's CSRF token as index.html carries it; null on a page without it (an older server, the dev server). */
function csrfOfPage(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="quire-csrf"]')?.content || null;
}

/** The `/v1` GETs the screen at `pathname` makes first (paths from `/v1`), and its workspace. */
export function firstReads(pathname: string, search: string): { workspaceId: string; paths: string[] } | null {
  const m = /^\/w\/([0-9a-f-]{32,36})\/(p|d)\/([0-9a-f-]{32,36})\/?$/.exec(pathname);
  if (!m) return null;
  const [, workspaceId, kind, id] = m;
  const view = new URLSearchParams(search).get("view");
  // A page: itself and its first level of blocks (the first paint shows them). Its read-only view reads them too.
  if (kind === "p") return { workspaceId, paths: [`/v1/pages/${id}`, `/v1/blocks/${id}/children?page_size=100`] };
  // A database: itself, its views, and the view the address names.
  const paths = [`/v1/databases/${id}`, `/v1/views?database_id=${id}&page_size=100`];
  if (view && /^[0-9a-f-]{32,36}$/.test(view)) paths.push(`/v1/views/${view}`);
  return { workspaceId, paths };
}

/** Starts the first screen's reads if the page carries the CSRF token and the address names a page or database. */
export function startEarlyReads(): void {
  const csrf = csrfOfPage();
  const wanted = firstReads(appPathname(), location.search);
  if (!csrf || !wanted) return;
  // Only the token and workspace are needed to call /v1 as the person (api.ts); the session read runs beside.
  const api = new Api({ csrf_token: csrf } as Session, wanted.workspaceId);
  const { workspaceId, paths } = wanted;
  const read = (path: string) => {
    const answer = api.v1<Json>("GET", path.slice("/v1".length));
    keepEarly(workspaceId, path, answer);
    return answer;
  };
  const [first, second, named] = paths.map(read);
  if (!paths[0].startsWith("/v1/databases/")) return;
  // A database: its data source once the database names it, the view shown first (the named one,
  // else the first listed, once the list names it) and that view's first rows once the view gives
  // its filter and sorts — what DatabaseView asks next, asked now (the screen counts the rows itself).
  first.then((db) => db.data_sources?.[0]?.id && read(`/v1/data_sources/${db.data_sources[0].id}`), () => undefined);
  const shown = named ?? second.then((list) => (list.results?.[0]?.id ? read(`/v1/views/${list.results[0].id}`) : null));
  shown.then((view) => {
    const query = view && firstQuery(view);
    if (!query) return;
    const rows = api.v1<Json>("POST", query.path, query.body);
    keepEarly(workspaceId, `/v1${query.path}`, rows, query.body);
  }, () => undefined);
}

startEarlyReads();
