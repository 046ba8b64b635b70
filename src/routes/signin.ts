/**
 * Sign-in for people (not /v1, not the control API): `GET /login` (the form), `POST /login`
 * (form-encoded email and password → a session cookie), `POST /logout`, and
 * `GET /_quire/session` (the signed-in person and their workspaces, JSON). Every form post
 * carries a CSRF token (src/domain/signin/csrf.ts) and is refused when `Origin` names another
 * site; sign-in attempts are rate limited per email and per address (src/domain/signin/throttle.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { ApiError } from "../api/errors.js";
import { signIn } from "../domain/signin/sign-in.js";
import { closeSession, type SignedIn } from "../domain/signin/sessions.js";
import { loginToken, newNonce, sessionToken, tokensMatch } from "../domain/signin/csrf.js";
import { clearSessionCookie, cookiesOf, currentSession, sameOrigin, sessionIdOf, setCookie, setSessionCookie } from "../http/session.js";
import { FORM, FORM_BYTES } from "../http/form.js";
import { SAML_ACS_ROUTE, SAML_FORM_BYTES } from "../domain/saml/policy.js";
import { signedInLanding } from "./web-app.js";
import { isServerAdmin, managesWorkspace } from "../domain/signin/control-access.js";
import { pagesStyleRoute } from "./signin-style.js";
import { loginPage, PAGE_HEADERS, problemPage, signedInPage, ssoRequiredPage } from "./signin-html.js";

/** The routes whose bodies are HTML forms (`application/x-www-form-urlencoded`; src/app.ts), each with its largest body in bytes. */
export const FORM_ROUTES: ReadonlyMap<string, number> = new Map([
  ["/login", FORM_BYTES],
  ["/logout", FORM_BYTES],
  [SAML_ACS_ROUTE, SAML_FORM_BYTES],
]);

/** The pre-session cookie the sign-in form's CSRF token is bound to. */
const LOGIN_COOKIE = "quire_login";
const NONCE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SigninOptions {
  deps: Deps;
  /** The server's CSRF key (src/domain/signin/csrf.ts). */
  csrfKey: string;
}

/** Registers the sign-in routes. */
export function signinRoutes(app: FastifyInstance, opts: SigninOptions): void {
  const { deps, csrfKey } = opts;
  pagesStyleRoute(app);

  app.get("/login", async (req, reply) => {
    const next = localPath(queryOf(req).next);
    const signedIn = await currentSession(deps, req);
    // Signed in already: a link to /login?next=… goes straight on.
    if (signedIn && next) return reply.code(303).header("cache-control", "no-store").header("location", next).send();
    if (signedIn) return html(reply, 200, signedInPage({ name: signedIn.person.name, email: signedIn.person.email, csrf: sessionToken(csrfKey, signedIn.session.id_hash) }));
    const sso = await deps.store.read((tx) => tx.saml.anyConfigured());
    return html(reply, 200, loginPage({ csrf: loginCsrf(req, reply, csrfKey), next, sso }));
  });

  app.post("/login", async (req, reply) => {
    const form = formOf(req);
    const nonce = cookiesOf(req)[LOGIN_COOKIE];
    if (!sameOrigin(req) || !nonce || !NONCE_SHAPE.test(nonce) || !tokensMatch(form.csrf_token, loginToken(csrfKey, nonce))) return forbidden(reply);
    const next = localPath(form.next);
    const email = (form.email ?? "").trim();
    const password = form.password ?? "";
    if (!email || !password) return html(reply, 400, loginPage({ csrf: loginToken(csrfKey, nonce), next, email, error: "Enter your email and password." }));
    const result = await signIn(deps, { email, password, address: req.ip, previous: sessionIdOf(req) });
    if (result.outcome === "limited") {
      reply.header("retry-after", String(result.retryAfterSeconds));
      return html(reply, 429, problemPage("Too many attempts", `Too many sign-in attempts. Try again in ${minutes(result.retryAfterSeconds)}.`));
    }
    if (result.outcome === "invalid") return html(reply, 401, loginPage({ csrf: loginToken(csrfKey, nonce), next, email, error: "Incorrect email or password." }));
    if (result.outcome === "sso_required") return html(reply, 403, ssoRequiredPage(`/sso/saml/${result.workspaceId}/login${next ? `?next=${encodeURIComponent(next)}` : ""}`));
    setSessionCookie(req, reply, result.id);
    setCookie(req, reply, LOGIN_COOKIE, "", { maxAgeSeconds: 0, path: "/login" });
    return reply.code(303).header("cache-control", "no-store").header("location", next ?? signedInLanding()).send();
  });

  app.post("/logout", async (req, reply) => {
    if (!sameOrigin(req)) return forbidden(reply);
    const signedIn = await currentSession(deps, req);
    if (signedIn) {
      if (!tokensMatch(formOf(req).csrf_token, sessionToken(csrfKey, signedIn.session.id_hash))) return forbidden(reply);
      await closeSession(deps, sessionIdOf(req));
    }
    // Without a live session there is nothing to forge: the cookie goes either way.
    clearSessionCookie(req, reply);
    return reply.code(303).header("cache-control", "no-store").header("location", "/login").send();
  });

  app.get("/_quire/session", async (req, reply) => {
    const signedIn = await currentSession(deps, req);
    reply.header("cache-control", "no-store");
    if (!signedIn) throw new ApiError(401, "unauthorized", "Not signed in: sign in at /login.");
    const first = await deps.store.read((tx) => tx.firstWorkspace());
    return presentSession(signedIn, sessionToken(csrfKey, signedIn.session.id_hash), first?.id ?? null);
  });
}

/**
 * `GET /_quire/session`'s answer: the person, their workspaces (with their role and whether they may
 * use its control routes), whether they administer the server (its server-wide control routes:
 * src/domain/signin/control-access.ts), the session's times and the CSRF token its forms, `/v1`
 * and control calls carry (`X-Quire-CSRF`).
 */
function presentSession(s: SignedIn, csrf: string, firstWorkspaceId: string | null) {
  return {
    object: "session",
    user: { object: "user", id: s.person.id, type: "person", name: s.person.name, person: { email: s.person.email } },
    workspaces: s.memberships.map((m) => ({ id: m.workspace_id, name: m.workspace_name, role: m.role, can_manage: managesWorkspace(m.role) })),
    server_admin: isServerAdmin(s, firstWorkspaceId),
    created_time: new Date(s.session.created_time).toISOString(),
    expires_time: new Date(s.session.expires_time).toISOString(),
    csrf_token: csrf,
  };
}

/** The sign-in form's token, bound to the pre-session cookie (kept when the browser has one: two tabs both work). */
function loginCsrf(req: FastifyRequest, reply: FastifyReply, key: string): string {
  let nonce = cookiesOf(req)[LOGIN_COOKIE];
  if (!nonce || !NONCE_SHAPE.test(nonce)) {
    nonce = newNonce();
    setCookie(req, reply, LOGIN_COOKIE, nonce, { maxAgeSeconds: 60 * 60, path: "/login" });
  }
  return loginToken(key, nonce);
}

function html(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).headers(PAGE_HEADERS).send(body);
}

function forbidden(reply: FastifyReply) {
  return html(reply, 403, problemPage("Request refused", "This form expired or came from another site. Go back to the sign-in page and try again."));
}

/** `next` when it is a path on this server (`/…`, not `//host` or `/\host`); anything else is dropped: no open redirect. */
export function localPath(next: unknown): string | null {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return null;
  if (next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f\u007f\\]/.test(next)) return null;
  const base = "http://quire.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  return url.origin === base ? url.pathname + url.search + url.hash : null;
}

function queryOf(req: FastifyRequest): Record<string, string | undefined> {
  return (req.query ?? {}) as Record<string, string | undefined>;
}

/** The form fields of a form post (src/app.ts parses them); an empty record for any other body. */
function formOf(req: FastifyRequest): Record<string, string | undefined> {
  const body = req.body;
  return body && typeof body === "object" && !Array.isArray(body) && (body as { [FORM]?: true })[FORM] ? (body as Record<string, string>) : {};
}


function minutes(seconds: number): string {
  const m = Math.ceil(seconds / 60);
  return m <= 1 ? "a minute" : `${m} minutes`;
}
