/**
 * One log line per request — `METHOD URL STATUS 12.3ms`, ` (aborted)` before the time when the
 * connection closed before the answer was sent whole — with what grants access taken out of
 * the URL: the query of a signed download URL (`expires`, `src`, `sig`: a working link for an
 * hour), and elsewhere the value of any parameter named like a credential (an OAuth `state` too:
 * a link-preview account link's state is single-use proof of who started it; and an event
 * stream's `csrf_token`, a browser session's CSRF token: src/routes/admin-session.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";

const SECRET_PARAMS = /([?&](?:SAMLResponse|SAMLRequest|sig|signature|token|access_token|refresh_token|key|secret|client_secret|code|state|password|csrf_token)=)[^&#]*/gi;

/** The URL as it may be logged. */
export function loggableUrl(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  if (url.startsWith("/_quire/files/")) return `${url.slice(0, q)}?…`;
  return url.replace(SECRET_PARAMS, "$1…");
}

const attached = new WeakSet<object>();

/**
 * Logs the request when its response closes: after it was sent, or when the client went away
 * first (a media player dropping a whole-file download once it has the first bytes). Fastify's
 * `onResponse` runs only on `finish`, so an aborted stream never reached the log that way.
 */
export function logOnClose(req: FastifyRequest, reply: FastifyReply, log: (line: string) => void): void {
  const res = reply.raw;
  if (attached.has(res)) return;
  attached.add(res);
  const started = performance.now();
  res.once("close", () => {
    const ms = (performance.now() - started).toFixed(1);
    log(`${req.method} ${loggableUrl(req.url)} ${res.statusCode}${res.writableFinished ? "" : " (aborted)"} ${ms}ms`);
  });
}
