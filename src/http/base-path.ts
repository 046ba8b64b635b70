/**
 * Quire under a path prefix (`--base-path /quire`, docs/design/base-path.md): the prefix is taken
 * off at the edge on the way in and put back on the way out, so every route, hook and verb works
 * on the paths it knows (`/v1/pages`, `/login`) and nothing else learns of the prefix.
 *   In:  `rewriteUrl` (before routing) turns `/quire/v1/pages` into `/v1/pages`; a path outside the
 *        prefix is sent to a path no route has and answered 404 by the not-found handler.
 *   Out: an `onSend` hook prefixes what the server's own answers name by path — a `Location`
 *        starting with one `/`, the `Path` of every `Set-Cookie`, `Link` header targets, and
 *        `href`/`src`/`action` attributes of the HTML pages it writes (sign-in, consent, the web
 *        app's `index.html` naming `/assets/…`). Absolute URLs (page `url`s, SAML and upload addresses) come
 *        from `deps.publicUrl()`, which carries the prefix already (src/server.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { IncomingMessage } from "node:http";
import { stripBasePath } from "../lib/base-path.js";
import { ApiError } from "../api/errors.js";

/** Where a request outside the prefix is routed: no route has it (the not-found handler answers). */
const OUTSIDE = "/\u0000outside-base-path";
const outside = new WeakSet<IncomingMessage>();

/** Fastify's `rewriteUrl` for the prefix (undefined without one: nothing runs per request). */
export function rewriteUnderBase(basePath: string): ((req: IncomingMessage) => string) | undefined {
  if (!basePath) return undefined;
  return (req) => {
    const inner = stripBasePath(basePath, req.url ?? "/");
    if (inner !== null) return inner;
    outside.add(req);
    return OUTSIDE;
  };
}

/** The 404 of a request outside the prefix, or null when the request was inside it. */
export function outsideBase(req: FastifyRequest, basePath: string): ApiError | null {
  if (!basePath || !outside.has(req.raw)) return null;
  return new ApiError(404, "invalid_request_url", `Invalid request URL: this server is served under ${basePath}/ (${basePath}/v1/… for the API).`);
}

declare module "fastify" {
  interface FastifyInstance {
    /** The path prefix the server is reached under ("" at /): see basePathOf. */
    quireBasePath: string;
  }
}

/** The prefix, for the few answers that build an absolute URL from the request's own host (SCIM's `meta.location`). */
export function basePathOf(req: FastifyRequest): string {
  return req.server.quireBasePath ?? "";
}

/** Installs the way out: the answers' paths get the prefix. */
export function prefixAnswers(app: FastifyInstance, basePath: string): void {
  app.decorate("quireBasePath", basePath);
  if (!basePath) return;
  const local = /^\/(?!\/)/;
  app.addHook("onSend", (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => {
    const location = reply.getHeader("location");
    if (typeof location === "string" && local.test(location)) reply.header("location", basePath + location);
    const cookies = reply.getHeader("set-cookie");
    if (cookies !== undefined) {
      const list = Array.isArray(cookies) ? cookies.map(String) : [String(cookies)];
      reply.header("set-cookie", list.map((c) => c.replace(/;\s*Path=\/([^;]*)/i, (_m, rest: string) => `; Path=${basePath}${rest ? "/" + rest : ""}`)));
    }
    const link = reply.getHeader("link");
    if (typeof link === "string") reply.header("link", link.replace(/<\/(?!\/)/g, `<${basePath}/`));
    const type = String(reply.getHeader("content-type") ?? "");
    if (!type.startsWith("text/html") || reply.getHeader("content-encoding") !== undefined) return done(null, payload);
    if (typeof payload === "string") return done(null, prefixHtml(payload, basePath));
    if (Buffer.isBuffer(payload)) return done(null, Buffer.from(prefixHtml(payload.toString("utf8"), basePath)));
    done(null, payload);
  });
}

/**
 * The HTML's own addresses under the prefix: `href`, `src`, `action` and `formaction` attributes
 * holding a path (`/…`, not `//host`). Our pages escape every value they show, so a quote inside
 * text never closes an attribute and text never matches.
 */
export function prefixHtml(html: string, basePath: string): string {
  return html.replace(/(\s(?:href|src|action|formaction)=["'])\/(?!\/)/gi, `$1${basePath}/`);
}
