/**
 * The control API called with a browser session (the web app's console): no `Authorization`
 * header, the session cookie, `X-Quire-CSRF` with the session's token, from Quire's own origin —
 * the same proof /v1 asks (src/http/auth.ts). Who may call which route is
 * src/domain/signin/control-access.ts; this file reads the request: the route's kind (marked
 * when registered, admin.ts), its workspace, and the CSRF token. docs/design/web-session.md.
 */
import type { FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { normalizeId } from "../api/ids.js";
import { dueForTouch } from "../domain/signin/sessions.js";
import { sessionErrors } from "../domain/signin/session-actor.js";
import { checkControlAccess, controlPerson, type ControlNeed } from "../domain/signin/control-access.js";
import type { PersonInWorkspace } from "../domain/permissions.js";
import { CSRF_HEADER } from "../http/auth.js";
import { checkBrowserCall, sessionIdOf } from "../http/session.js";

/** The prefix of the workspace routes' scoped copies (admin.ts registers each twice). */
const SCOPED = "/_quire/v1/workspaces/:workspace_id";
const UNSCOPED = "/_quire/v1";

/** Where a control route was registered: inside one workspace (either prefix), or server-wide. */
export type ControlKind = "workspace" | "server";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The control route's kind, set as it is registered (admin.ts); absent: server-wide. */
    quireControl?: ControlKind;
  }
  interface FastifyRequest {
    /**
     * On a page's sharing route called by a session of someone not an owner: that person, whom
     * the verb holds to their level on the page (control-access.ts `PAGE_SHARING`). Absent: the
     * admin key or an owner, who may share any page as before.
     */
    quirePageSharer?: PersonInWorkspace;
  }
}

/** Who is changing a page's sharing, for the verbs of domain/admin/page-sharer.ts: a person held to their level, or null (admin key, owner). */
export function pageSharerOf(req: FastifyRequest): PersonInWorkspace | null {
  return req.quirePageSharer ?? null;
}

/**
 * The query parameter an event stream (`GET …/stream`) may carry the CSRF token in: a browser's
 * `EventSource` cannot send headers. Only there, and only for a GET, which changes nothing; it is
 * taken out of the query before the route reads it, and out of every log line (http/request-log.ts).
 */
export const STREAM_CSRF_PARAM = "csrf_token";

/** True when the request is a control call by a browser session rather than with the admin key. */
export function isSessionCall(req: FastifyRequest): boolean {
  return req.headers.authorization === undefined && sessionIdOf(req) !== null;
}

/**
 * Authorizes a browser session's control call, or throws the refusal in the control API's
 * (Notion's) shape: 401 for a session not live, a CSRF token missing or wrong, another origin;
 * then what control-access.ts decides (403, or 404 for a workspace the person is not in).
 */
export async function authorizeSession(deps: Deps, csrfKey: string, req: FastifyRequest): Promise<void> {
  const idHash = checkBrowserCall(req, csrfKey, csrfOf(req));
  const now = deps.clock.now();
  const person = await deps.store.read((tx) => controlPerson(tx, idHash, now));
  if (!person) throw sessionErrors.signedOut();
  const sharer = checkControlAccess(person, needOf(req));
  if (sharer) req.quirePageSharer = sharer;
  if (dueForTouch(person.signedIn.session, now)) await deps.store.write((tx) => tx.sessions.touch(idHash, now));
}

/** The request's CSRF token: the header, or on an event stream the query parameter (then removed from the query). */
function csrfOf(req: FastifyRequest): string | undefined {
  const header = req.headers[CSRF_HEADER];
  const query = req.query as Record<string, unknown> | undefined;
  const isStream = req.method === "GET" && (req.routeOptions.url ?? "").endsWith("/stream");
  const param = isStream && query ? query[STREAM_CSRF_PARAM] : undefined;
  if (query && isStream) delete query[STREAM_CSRF_PARAM];
  if (typeof header === "string") return header;
  return typeof param === "string" ? param : undefined;
}

/** What the route needs: its kind, and for a workspace route the workspace and its path below the prefix. */
function needOf(req: FastifyRequest): ControlNeed {
  const url = req.routeOptions.url ?? "";
  if (req.routeOptions.config?.quireControl !== "workspace") return { kind: "server" };
  const scoped = url.startsWith(`${SCOPED}/`) || url === SCOPED;
  const relative = `${req.method} ${scoped ? url.slice(SCOPED.length) : url.slice(UNSCOPED.length)}`;
  const params = req.params as Record<string, unknown>;
  // The person a route is about (own tokens, control-access.ts `OWN_TOKENS`), normalized as the route reads it.
  const userId = params.user_id === undefined ? null : normalizeId(params.user_id);
  if (!scoped) return { kind: "workspace", workspaceId: null, relative, userId };
  const raw = params.workspace_id;
  // A malformed id names no workspace of theirs: the same 404 as a workspace they are not in.
  return { kind: "workspace", workspaceId: normalizeId(raw) ?? String(raw), relative, userId };
}
