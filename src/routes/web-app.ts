/**
 * The web app (issue 16): the single-page app built by Vite from `web/` into `dist/web/`
 * (`npm run build:web`; `npm ci` and `npm start` build it when `web/` is newer). Served here:
 * `GET /` and every path under `/w/` answer its `index.html` to a signed-in person (anyone else is
 * sent to `/login?next=…`), and `/assets/…` its hashed files, cached for a year. The app is a
 * client of `/v1` (with the session cookie and its CSRF header) and `/_quire` only; nothing here
 * reads the store beyond "who is signed in". docs/design/web-app.md.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Deps } from "../domain/context.js";
import { currentSession } from "../http/session.js";
import { sessionToken } from "../domain/signin/csrf.js";
import { SESSION_PRELOAD, databasePreloads, editorPreloads, opensDatabase, opensEditor, readAssets, sendAsset, withHeadTags, type Asset } from "./web-assets.js";

/** Where `npm run build:web` puts the app: `<package>/dist/web`, from `src/routes/` and from `dist/routes/` alike. */
export const WEB_DIST = fileURLToPath(new URL("../../dist/web", import.meta.url));

/** Whether the app is built here (the sign-in page then sends people to it). */
export function webAppBuilt(dir: string = WEB_DIST): boolean {
  return existsSync(join(dir, "index.html"));
}

/**
 * Where a sign-in without `next` lands (password and SAML alike): the app once it is built, else
 * the sign-in page's "signed in" view. The one place that decides it.
 */
export function signedInLanding(dir: string = WEB_DIST): string {
  return webAppBuilt(dir) ? "/" : "/login";
}

/**
 * The app's page: scripts and styles from this origin only (Vite emits no inline script), styles
 * also inline (the editor and the component library set `style` attributes), images and media from
 * anywhere a page's blocks point (Notion's external files), embeds framed over https, nothing
 * framing the app.
 */
export const APP_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; media-src 'self' blob: https: http:; font-src 'self' data:; connect-src 'self'; frame-src https:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
} as const;

/**
 * The session's CSRF token for the app's first reads (web/src/early.ts): the same token
 * `GET /_quire/session` answers this person, as a `<meta>` (data, not script: the CSP stays), so
 * the app can call `/v1` before that read answers. The page is `no-store` and only this person's.
 */
export function csrfMeta(token: string): string {
  return `<meta name="quire-csrf" content="${token.replace(/[^A-Za-z0-9_-]/g, "")}">`;
}

/** Registers the app's routes; `dir` is the built app (tests may point elsewhere); `csrfKey` signs the session's CSRF token. */
export function webAppRoutes(app: FastifyInstance, opts: { deps: Deps; csrfKey: string; dir?: string }): void {
  const dir = opts.dir ?? WEB_DIST;
  // Built files never change while the server runs (a rebuild means a restart), so each is read
  // once; the set of names is read at the first request (the app may be built after the server starts in development).
  let assets: Map<string, Asset> | null = null;
  const assetsOf = (): Map<string, Asset> => {
    if (assets) return assets;
    const found = readAssets(dir);
    if (found.size > 0) assets = found;
    return found;
  };
  // The editor chunk's files, preloaded on a page's address, and the DatabaseView chunk's on a
  // database's; read with the assets (same build).
  let editor: string | null = null;
  let database: string | null = null;
  const preloadsFor = (url: string): string => {
    if (opensEditor(url)) return (editor ??= assetsOf().size > 0 ? editorPreloads(dir) : "");
    if (opensDatabase(url)) return (database ??= assetsOf().size > 0 ? databasePreloads(dir) : "");
    return "";
  };

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const index = join(dir, "index.html");
    if (!existsSync(index)) {
      return reply
        .code(503)
        .headers({ ...APP_HEADERS, "content-security-policy": "default-src 'none'; frame-ancestors 'none'" })
        .send(notBuiltPage());
    }
    const signedIn = await currentSession(opts.deps, req);
    if (!signedIn) {
      const next = req.url.length <= 2000 ? req.url : "/";
      return reply.code(303).header("cache-control", "no-store").header("location", `/login?next=${encodeURIComponent(next)}`).send();
    }
    // The token first in <head>, before web/src/early.ts's script (which may run before the rest is parsed).
    const csrf = csrfMeta(sessionToken(opts.csrfKey, signedIn.session.id_hash));
    return reply.code(200).headers(APP_HEADERS).send(withHeadTags(readFileSync(index, "utf8"), SESSION_PRELOAD + preloadsFor(req.url), csrf));
  };
  app.get("/", page);
  app.get("/w", page);
  app.get("/w/*", page);

  app.get("/assets/:name", async (req, reply) => {
    const { name } = req.params as { name: string };
    const asset = assetsOf().get(name);
    if (!asset) return reply.code(404).header("content-type", "text/plain; charset=utf-8").header("cache-control", "no-store").send("Not found");
    return sendAsset(req, reply, asset);
  });
}

function notBuiltPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quire</title></head>
<body><h1>The web app is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm ci</code>, which builds it) and start Quire again. The API at <code>/v1</code> works without it.</p></body></html>
`;
}
