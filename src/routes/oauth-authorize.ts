/**
 * The OAuth consent page, `GET/POST /v1/oauth/authorize` (developers.notion.com/docs/authorization:
 * Notion's authorization URL opens a page in the browser, not a JSON API). HTML for people,
 * registered outside the `/v1` hooks (no bearer token, no Notion-Version). The GET validates the
 * request, sends a person who is not signed in to `/login?next=…` and back, and shows the consent
 * page; the form posts back here with its CSRF token (src/domain/signin/csrf.ts) and the authorize
 * parameters in hidden fields, which are validated again on every post. Allow → the redirect
 * URI with `code` and `state`; Cancel → with `error=access_denied`; an unknown client or an
 * unregistered redirect URI → the error page, never a redirect.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import type { SignedIn } from "../domain/signin/sessions.js";
import { ApiError } from "../api/errors.js";
import { sessionToken, tokensMatch } from "../domain/signin/csrf.js";
import { currentSession, sameOrigin } from "../http/session.js";
import { FORM, FORM_BYTES } from "../http/form.js";
import { authorizeTarget, checkAuthorizeRequest, deniedRedirect, grantAuthorization, OAuthPageError, redirectError, type AuthorizeRequest, type AuthorizeTarget } from "../domain/oauth/authorize.js";
import { consentLists, installableWorkspaces, MAX_PICKS, picksProblem } from "../domain/oauth/consent.js";
import { firstState, stateOf, step, type PageState } from "./oauth-authorize-state.js";
import { authorizeErrorPage, consentPage } from "./oauth-authorize-html.js";

/** The authorize route, which takes the consent form's posts. */
export const AUTHORIZE_ROUTE = "/v1/oauth/authorize";

/** The form routes this file adds to src/app.ts's form parser, with their largest body. */
export const AUTHORIZE_FORM_ROUTES: ReadonlyMap<string, number> = new Map([[AUTHORIZE_ROUTE, FORM_BYTES]]);

/** The authorize request's parameters (RFC 6749 §4.1.1, Notion's `owner`, PKCE's RFC 7636 §4.3). */
const PARAMS = ["client_id", "redirect_uri", "response_type", "owner", "state", "code_challenge", "code_challenge_method"] as const;

/** Registers `GET` and `POST /v1/oauth/authorize`. */
export function oauthAuthorizeRoutes(app: FastifyInstance, opts: { deps: Deps; csrfKey: string }): void {
  const { deps, csrfKey } = opts;

  app.get(AUTHORIZE_ROUTE, async (req, reply) => {
    const raw = (req.query ?? {}) as Record<string, unknown>;
    const request = authorizeRequestOf(raw);
    if (typeof request === "string") return errorPage(reply, request);
    const target = await validated(deps, request, reply);
    if (!target) return reply;
    const signedIn = await currentSession(deps, req);
    if (!signedIn) return redirect(reply, `/login?next=${encodeURIComponent(authorizeUrl(request))}`);
    const shown = one(raw.workspace);
    return render(reply, deps, csrfKey, signedIn, target, request, firstState(shown), 200);
  });

  app.post(AUTHORIZE_ROUTE, async (req, reply) => {
    if (!sameOrigin(req)) return refused(reply);
    const form = formOf(req);
    const request = authorizeRequestOf(form);
    if (typeof request === "string") return errorPage(reply, request);
    const signedIn = await currentSession(deps, req);
    // Signed out since the page was shown: sign in again, then back to the request (nothing posted is used).
    if (!signedIn) return redirect(reply, `/login?next=${encodeURIComponent(authorizeUrl(request))}`);
    if (!tokensMatch(form.csrf_token, sessionToken(csrfKey, signedIn.session.id_hash))) return refused(reply);
    const target = await validated(deps, request, reply);
    if (!target) return reply;
    const action = form.action ?? "";
    if (action === "cancel") return redirect(reply, deniedRedirect(target));
    const state = stateOf(form);
    if (action === "allow") return allow(reply, deps, csrfKey, signedIn, target, request, state);
    return render(reply, deps, csrfKey, signedIn, target, request, step(state, action), 200);
  });
}

/** Allow access: the grant (which checks the workspace and every page again) and the redirect with the code, or the page again with what is wrong. */
async function allow(reply: FastifyReply, deps: Deps, csrfKey: string, s: SignedIn, target: AuthorizeTarget, request: AuthorizeRequest, state: PageState) {
  const workspaceId = chooseWorkspace(s, state.workspace);
  const useTemplate = state.mode === "template" && target.client.template_page_id !== null;
  if (!workspaceId) return render(reply, deps, csrfKey, s, target, request, state, 403, "You are a guest in every workspace you belong to: only members can add integrations.");
  // Ticks made in the workspace shown before another was chosen are not this workspace's pages.
  if (!useTemplate && workspaceId !== state.shownWorkspace) return render(reply, deps, csrfKey, s, target, request, { ...state, picks: [], open: [] }, 400, "Choose the pages in this workspace, then allow access.");
  if (!useTemplate && state.picks.length === 0) return render(reply, deps, csrfKey, s, target, request, state, 400, "Select at least one page to share, or cancel.");
  if (state.picks.length > MAX_PICKS) return render(reply, deps, csrfKey, s, target, request, state, 400, `Select at most ${MAX_PICKS} pages.`);
  const membership = installableWorkspaces(s.memberships).find((m) => m.workspace_id === workspaceId)!;
  const problem = useTemplate ? null : await picksProblem(deps, workspaceId, { userId: s.person.id, role: membership.role }, state.picks);
  if (problem) return render(reply, deps, csrfKey, s, target, request, state, 400, problem);
  try {
    const granted = await grantAuthorization(deps, { target, userId: s.person.id, workspaceId, pageIds: useTemplate ? [] : state.picks, useTemplate });
    return redirect(reply, granted.redirect);
  } catch (err) {
    // A page without full access, a workspace the person left meanwhile: the grant's own words.
    if (err instanceof ApiError && err.status < 500) return render(reply, deps, csrfKey, s, target, request, state, 400, err.message);
    throw err;
  }
}

/** Renders the consent page for the person in the workspace the state names (or their first installable one). */
async function render(reply: FastifyReply, deps: Deps, csrfKey: string, s: SignedIn, target: AuthorizeTarget, request: AuthorizeRequest, state: PageState, status: number, error?: string) {
  const installable = installableWorkspaces(s.memberships);
  const workspaceId = chooseWorkspace(s, state.workspace);
  // Another workspace chosen: what was ticked and opened belonged to the one shown before.
  const fresh = state.shownWorkspace !== undefined && state.shownWorkspace !== workspaceId;
  const st = fresh ? { ...state, picks: [], open: [], wide: [], query: "" } : state;
  const membership = installable.find((m) => m.workspace_id === workspaceId);
  const lists = membership
    ? await consentLists(deps, { workspaceId: membership.workspace_id, person: { userId: s.person.id, role: membership.role }, query: st.query, picks: st.picks, open: st.open, wide: st.wide, rootsLimit: st.rootsLimit, resultsLimit: st.resultsLimit })
    : { roots: { items: [], more: false }, children: new Map(), results: null, picked: [] };
  const html = consentPage({
    csrf: sessionToken(csrfKey, s.session.id_hash),
    params: carried(request),
    client: { name: target.client.name, icon: target.client.icon, capabilities: target.client.capabilities },
    person: { name: s.person.name, email: s.person.email },
    workspaces: installable.map((m) => ({ id: m.workspace_id, name: m.workspace_name })),
    workspaceId,
    template: target.client.template_page_id !== null,
    mode: target.client.template_page_id !== null ? st.mode : "pages",
    query: st.query,
    ...lists,
    rootsLimit: st.rootsLimit,
    resultsLimit: st.resultsLimit,
    wide: st.wide,
    error,
  });
  return reply.code(status).headers(pageHeaders(target.redirectUri)).send(html);
}

/** The workspace asked for when the person may install there, else their first installable one (null: none). */
function chooseWorkspace(s: SignedIn, asked: string | undefined): string | null {
  const installable = installableWorkspaces(s.memberships);
  return (installable.find((m) => m.workspace_id === asked) ?? installable[0])?.workspace_id ?? null;
}

/**
 * The target of a valid request; else null, with the answer sent: the error page for an unknown
 * client or an unregistered redirect URI (RFC 6749 §4.1.2.1: "MUST NOT automatically redirect"),
 * the redirect URI with `error` and `error_description` for the rest (a `response_type` other
 * than `code`, an `owner` other than `user`, a bad PKCE challenge).
 */
async function validated(deps: Deps, request: AuthorizeRequest, reply: FastifyReply): Promise<AuthorizeTarget | null> {
  let target: AuthorizeTarget;
  try {
    target = await authorizeTarget(deps, request);
  } catch (err) {
    if (!(err instanceof OAuthPageError)) throw err;
    errorPage(reply, err.message);
    return null;
  }
  const problem = checkAuthorizeRequest(request);
  if (!problem) return target;
  redirect(reply, redirectError(target, problem.error, problem.description));
  return null;
}

/** The authorize parameters of a query or form: each at most once (RFC 6749 §3.1: "MUST NOT be included more than once"); a string names the one repeated. */
function authorizeRequestOf(source: Record<string, unknown>): AuthorizeRequest | string {
  const out: Record<string, string> = {};
  for (const name of PARAMS) {
    const v = source[name];
    if (Array.isArray(v)) return `The parameter ${name} was given more than once.`;
    if (typeof v === "string") out[name] = v;
  }
  return out as AuthorizeRequest;
}

/** The parameters carried in the page's hidden fields. */
function carried(request: AuthorizeRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PARAMS) if (request[name] !== undefined) out[name] = request[name]!;
  return out;
}

/** The GET URL of the request (where sign-in returns). */
function authorizeUrl(request: AuthorizeRequest): string {
  return `${AUTHORIZE_ROUTE}?${new URLSearchParams(carried(request)).toString()}`;
}

/** The first value of a query parameter given once. */
function one(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * Headers of every consent page: not cached, never framed (a consent screen is a clickjacking
 * target), no script; forms post here and — through the 303 that follows — to the redirect URI's
 * origin (CSP `form-action` covers redirects). Referrer: `same-origin`, not `no-referrer` — under
 * `no-referrer` browsers send `Origin: null` with the form's post (Fetch standard, "serializing a
 * request origin"), which the Origin check must refuse; no other site is sent a Referer either
 * way, and the 303s carrying the code say `no-referrer` themselves.
 */
function pageHeaders(redirectUri: string | null): Record<string, string> {
  let target = "";
  try {
    if (redirectUri) target = ` ${new URL(redirectUri).origin}`;
  } catch {
    /* no origin to allow */
  }
  return {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": `default-src 'none'; style-src 'self'; img-src https: data:; form-action 'self'${target}; frame-ancestors 'none'; base-uri 'none'`,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  };
}

function redirect(reply: FastifyReply, location: string) {
  return reply.code(303).headers({ "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'" }).header("location", location).send();
}

function errorPage(reply: FastifyReply, message: string) {
  return reply.code(400).headers(pageHeaders(null)).send(authorizeErrorPage(message));
}

function refused(reply: FastifyReply) {
  return reply.code(403).headers(pageHeaders(null)).send(authorizeErrorPage("This form expired or came from another site. Go back to the integration and start again.", "Request refused"));
}

/** The form fields of a form post (src/app.ts parses them); an empty record for any other body. */
function formOf(req: FastifyRequest): Record<string, string | undefined> {
  const body = req.body;
  return body && typeof body === "object" && !Array.isArray(body) && (body as { [FORM]?: true })[FORM] ? (body as Record<string, string>) : {};
}
