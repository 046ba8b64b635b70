/**
 * The app's addresses (history API, no hash): everything in a workspace lives under
 * `/w/<workspace id>/…` so a link names its workspace (a person may belong to several).
 *   /w/<ws>                 the workspace's home
 *   /w/<ws>/p/<page id>     a page (a database row is a page too)
 *   /w/<ws>/d/<database id> a database (`?view=<view id>`)
 *   /w/<ws>/search          search
 *   /w/<ws>/trash           trash
 *   /w/<ws>/console/…       the integration developers' console and workspace admin
 * Under `--base-path` the browser's addresses carry the prefix (`/quire/w/<ws>`); every address the
 * app handles is the path under it: `navigate` and `Link` add it, `useRoute` takes it off (base.ts).
 */
import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";
import { appPathname, serverPath } from "./base";

export interface Route {
  /** The workspace in the address, or null at `/`. */
  workspace: string | null;
  /** What comes after `/w/<ws>/`, split: `["p", "<id>"]`, `["console", "integrations"]`, `[]` for home. */
  parts: string[];
  query: URLSearchParams;
}

export function parseRoute(pathname: string, search: string): Route {
  const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== "w" || !segments[1]) return { workspace: null, parts: [], query: new URLSearchParams(search) };
  return { workspace: segments[1], parts: segments.slice(2), query: new URLSearchParams(search) };
}

const listeners = new Set<() => void>();

/** Goes to `href` (a path on this server, under the base path) without reloading; `replace` keeps the history entry. */
export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, "", serverPath(href));
  else history.pushState(null, "", serverPath(href));
  for (const l of listeners) l();
}

/** The current route, re-rendered on every navigation (links, back and forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(appPathname(), location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(appPathname(), location.search));
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/** The workspace's base path, given by the shell to everything under it. */
export const BaseContext = createContext<string>("/");

/** A path in the current workspace: `useHref("p", id)` → `/w/<ws>/p/<id>`. */
export function useHref(...parts: string[]): string {
  const base = useContext(BaseContext);
  return [base.replace(/\/$/, ""), ...parts.map(encodeURIComponent)].join("/");
}

/** A link that navigates inside the app (a modified click — new tab, window — is left to the browser). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || props.target) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...rest} href={serverPath(props.href)} onClick={click} />;
}
