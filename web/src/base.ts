/**
 * The path prefix Quire is served under (`--base-path /quire`; docs/design/base-path.md). The app is
 * built once for any prefix: its files sit in `<prefix>/assets/`, so the prefix is read from this
 * module's own URL (no inline script or server-written value: the page's CSP forbids inline script).
 * Inside the app every address is a path under the prefix (`/w/<ws>/p/<id>`, `/v1/pages`);
 * `serverPath` turns it into the one the browser uses.
 */

/** The prefix (`/quire`), "" when Quire is served at `/` (and in Vite's dev server, which serves `/src/…`). */
export const BASE_PATH: string = (() => {
  const here = new URL(import.meta.url).pathname;
  const at = here.lastIndexOf("/assets/");
  return at > 0 ? here.slice(0, at) : "";
})();

/** A path of this server as the browser reaches it: `/v1/pages` → `/quire/v1/pages` (other URLs unchanged). */
export function serverPath(path: string): string {
  return path.startsWith("/") && !path.startsWith("//") ? BASE_PATH + path : path;
}

/** An absolute URL of this server, for people to copy (curl lines, SAML, SCIM and OAuth addresses). */
export function serverUrl(path: string): string {
  return location.origin + serverPath(path);
}

/** The browser's path under the prefix (`/quire/w/x` → `/w/x`): what the router reads. */
export function appPathname(pathname: string = location.pathname): string {
  if (!BASE_PATH) return pathname;
  if (pathname === BASE_PATH) return "/";
  return pathname.startsWith(BASE_PATH + "/") ? pathname.slice(BASE_PATH.length) : pathname;
}
