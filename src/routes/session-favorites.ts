/**
 * `/_quire/session/workspaces/{workspace_id}/favorites` — the signed-in person's favourite pages
 * (src/domain/favorites.ts), for the web app's sidebar. Notion's API has no favourites, so this is
 * one of the few routes the app has beside `/v1` (docs/design/web-app.md, "Sidebar"). Auth as for
 * the app's other calls (`checkBrowserCall`, src/http/session.ts): the session cookie plus
 * `X-Quire-CSRF` on every method, and no `Origin` of another site; the workspace must be one of
 * the person's (404 otherwise, never saying whether it exists).
 *   GET    …/favorites            the list, oldest first
 *   PUT    …/favorites/{page_id}  star a page the person can see (idempotent)
 *   DELETE …/favorites/{page_id}  unstar
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { sessionErrors } from "../domain/signin/session-actor.js";
import { checkBrowserCall, currentSession } from "../http/session.js";
import type { PersonInWorkspace } from "../domain/permissions.js";
import { addFavorite, listFavorites, removeFavorite } from "../domain/favorites.js";
import { pathId } from "./helpers.js";

/** Registers the favourites routes. */
export function sessionFavoriteRoutes(app: FastifyInstance, opts: { deps: Deps; csrfKey: string }): void {
  const { deps, csrfKey } = opts;

  /** The signed-in person as a member of the path's workspace, after the session, CSRF and Origin checks. */
  async function personIn(req: FastifyRequest): Promise<{ ws: string; person: PersonInWorkspace }> {
    const ws = pathId(req, "workspace_id");
    checkBrowserCall(req, csrfKey);
    const signedIn = await currentSession(deps, req);
    if (!signedIn) throw sessionErrors.signedOut();
    const member = signedIn.memberships.find((m) => m.workspace_id === ws);
    if (!member) throw errors.notFound("workspace", ws);
    return { ws, person: { userId: signedIn.person.id, role: member.role } };
  }

  const base = "/_quire/session/workspaces/:workspace_id/favorites";
  app.get(base, async (req, reply) => {
    const { ws, person } = await personIn(req);
    reply.header("cache-control", "no-store");
    return deps.store.read((tx) => listFavorites(tx, ws, person));
  });
  app.put(`${base}/:page_id`, async (req) => {
    const { ws, person } = await personIn(req);
    const pageId = pathId(req, "page_id");
    return deps.store.write((tx) => addFavorite(tx, ws, person, pageId, deps.clock.now()));
  });
  app.delete(`${base}/:page_id`, async (req) => {
    const { ws, person } = await personIn(req);
    const pageId = pathId(req, "page_id");
    return deps.store.write((tx) => removeFavorite(tx, ws, person, pageId));
  });
}
