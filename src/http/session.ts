/**
 * Sessions over HTTP: the session cookie, and the two calls the rest of the server uses —
 * `currentSession(deps, req)` (who is signed in) and `startSession(deps, req, reply, userId)`
 * (sign a person in: SAML and the OAuth consent screen call it after their own checks). The
 * session itself (ids, expiry, revocation) is src/domain/signin/sessions.ts.
 *
 * Cookie: `quire_session`, `HttpOnly`, `SameSite=Lax`, `Path=/`, `Max-Age` the session's absolute
 * life, `Secure` when the request came over https — `X-Forwarded-Proto` counts only when the
 * server trusts its proxy (`trustProxy`), else a client could turn `Secure` off.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { dict } from "../lib/dict.js";
import { openSession, resolveSession, type SignedIn } from "../domain/signin/sessions.js";
import { SESSION_ABSOLUTE_MS } from "../domain/signin/policy.js";
import { sessionIdHash, sessionIdShaped } from "../domain/signin/sessions.js";
import { sessionToken, tokensMatch } from "../domain/signin/csrf.js";
import { sessionErrors } from "../domain/signin/session-actor.js";

/** The session cookie's name. */
export const SESSION_COOKIE = "quire_session";

/** The request's cookies (the first of each name; values percent-decoded when they can be). */
export function cookiesOf(req: FastifyRequest): Record<string, string> {
  const out = dict<string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** True when the request reached the server over https (through a trusted proxy's `X-Forwarded-Proto` only with `trustProxy`). */
export function isHttps(req: FastifyRequest): boolean {
  return req.protocol === "https";
}

/** Adds a `Set-Cookie` (HttpOnly, SameSite=Lax, Secure on https); `maxAgeSeconds` 0 removes the cookie. */
export function setCookie(req: FastifyRequest, reply: FastifyReply, name: string, value: string, opts: { maxAgeSeconds: number; path?: string }): void {
  const parts = [`${name}=${value}`, `Path=${opts.path ?? "/"}`, `Max-Age=${opts.maxAgeSeconds}`, "HttpOnly", "SameSite=Lax"];
  if (opts.maxAgeSeconds === 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (isHttps(req)) parts.push("Secure");
  const prior = reply.getHeader("set-cookie");
  const list = prior === undefined ? [] : Array.isArray(prior) ? prior.map(String) : [String(prior)];
  reply.header("set-cookie", [...list, parts.join("; ")]);
}

/** The session id the request carries, or null. */
export function sessionIdOf(req: FastifyRequest): string | null {
  return cookiesOf(req)[SESSION_COOKIE] ?? null;
}

/** The person signed in on this request, or null (no cookie, or a session unknown, revoked or expired). */
export async function currentSession(deps: Deps, req: FastifyRequest): Promise<SignedIn | null> {
  return resolveSession(deps, sessionIdOf(req));
}

/**
 * Signs person `userId` in on this response: a new session (the request's old one, if any,
 * ends — no fixation) and its cookie. The caller has authenticated the person.
 */
export async function startSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  const { id } = await deps.store.write((tx) => openSession(deps, tx, userId, sessionIdOf(req)));
  setSessionCookie(req, reply, id);
}

/** Sets the session cookie to `id` (a session just opened). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, id: string): void {
  setCookie(req, reply, SESSION_COOKIE, id, { maxAgeSeconds: Math.floor(SESSION_ABSOLUTE_MS / 1000) });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  setCookie(req, reply, SESSION_COOKIE, "", { maxAgeSeconds: 0 });
}

/**
 * True unless the request names an origin other than the server's own (`Origin` is checked
 * when present; `null`, from sandboxed or privacy-restricted contexts, is refused).
 */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `${req.protocol}://${req.host}`;
}

/** The header a browser session's calls carry its CSRF token in (docs/design/web-session.md). */
export const CSRF_HEADER = "x-quire-csrf";

/**
 * The checks every call of the web app makes before any read — `/v1`, the control API, the
 * session's own routes: this server's origin, a session id of the right shape, and its CSRF token
 * (`token`, by default the `X-Quire-CSRF` header), compared in constant time with the HMAC of the
 * id's hash (a forged request costs no statement). Throws Notion's 401; returns the id's hash.
 */
export function checkBrowserCall(req: FastifyRequest, csrfKey: string, token: string | undefined = headerToken(req)): string {
  if (!sameOrigin(req)) throw sessionErrors.origin();
  const id = sessionIdOf(req);
  if (!sessionIdShaped(id)) throw sessionErrors.signedOut();
  const idHash = sessionIdHash(id);
  if (!tokensMatch(token, sessionToken(csrfKey, idHash))) throw sessionErrors.csrf();
  return idHash;
}

function headerToken(req: FastifyRequest): string | undefined {
  const given = req.headers[CSRF_HEADER];
  return typeof given === "string" ? given : undefined;
}
