/**
 * Which control routes (`/_quire/v1/...`) a signed-in person may call with their browser session
 * — the web app's console (docs/design/web-session.md, "The control API"). The admin key may call
 * every one, as before; a session:
 *
 * - a workspace's routes (`/_quire/v1/workspaces/{id}/…`; unscoped, the first workspace) when the
 *   person is an **owner** of it (Notion: only workspace owners manage integrations, members and
 *   security settings) — a member of another role is 403 `restricted_resource`, anyone else 404
 *   for the workspace;
 * - except those that act as other people or read past page permissions (`SERVER_ADMIN_ONLY`);
 * - and a page's sharing routes (`PAGE_SHARING`: its permission entries and connections), which
 *   any member of the workspace may call: the verb then holds them to their level on that page
 *   (domain/admin/page-sharer.ts — full access to change, sight to read), as Notion's Share menu;
 * - server-wide routes (the workspace set, snapshots, reset, clock, rate limits, faults, the
 *   request log, OAuth grants) and those exceptions when the person is a **server administrator**:
 *   an owner of the server's first workspace (the seeded one, whose owner the first start
 *   prints the password of). Whoever holds the admin key makes more by making people owners there.
 */
import { ApiError, errors } from "../../api/errors.js";
import type { Tx } from "../../storage/types.js";
import type { PersonInWorkspace } from "../permissions.js";
import { liveSession, type SignedIn } from "./sessions.js";

/**
 * A workspace's routes that a session may call only as a server administrator, by method and path
 * relative to the workspace prefix: people and passwords are server-wide accounts (a password set
 * in one workspace signs the person in to all); a person's token made for them, comments written
 * as them and meeting notes written for them act as that person; the seed export and top-level
 * pages with any `created_by` read or write past page permissions (roles grant no page access).
 */
export const SERVER_ADMIN_ONLY: ReadonlySet<string> = new Set([
  "POST /users",
  "PATCH /users/:user_id",
  "POST /users/:user_id/tokens",
  "POST /comments",
  "PATCH /comments/:comment_id",
  "PATCH /meeting_notes/:block_id",
  "GET /seed",
  "POST /pages",
]);

/**
 * A page's sharing routes, by method and path relative to the workspace prefix: a session of any
 * member of the workspace (guests included) passes the route check, and the domain verb decides by
 * the person's level on the page (Notion: whoever has full access shares; docs/design/web-session.md).
 */
export const PAGE_SHARING: ReadonlySet<string> = new Set([
  "GET /pages/:page_id/permissions",
  "PUT /pages/:page_id/permissions",
  "DELETE /pages/:page_id/permissions/:principal_type/:principal_id",
  "GET /pages/:page_id/integrations",
  "PUT /pages/:page_id/integrations/:integration_id",
  "DELETE /pages/:page_id/integrations/:integration_id",
]);

/**
 * A person's own personal access tokens, by method and path relative to the workspace prefix: any
 * member's session may call them with their own user id (Notion: every member makes and revokes
 * their own PATs; the verb refuses guests and holds to the workspace's policy). For another
 * person's id the ordinary rules apply (an owner lists and revokes; making one is an administrator's).
 */
export const OWN_TOKENS: ReadonlySet<string> = new Set(["GET /users/:user_id/tokens", "POST /users/:user_id/tokens", "DELETE /users/:user_id/tokens/:token_id"]);

/**
 * Reads any full member (not a guest) may make, by method and path relative to the workspace
 * prefix: the groups' names and ids, which Notion's Share menu offers to whoever has full access
 * on a page (the public API lists no groups); their members stay the owners'.
 */
export const MEMBER_READS: ReadonlySet<string> = new Set(["GET /share_groups"]);

/** A signed-in person as the control API sees them. */
export interface ControlPerson {
  signedIn: SignedIn;
  /** An owner of the server's first workspace. */
  serverAdmin: boolean;
  /** The server's first workspace (what unscoped workspace routes act on). */
  firstWorkspaceId: string | null;
}

/** The person of a live session and whether they administer the server, read in `tx`; null when the session is not live. */
export async function controlPerson(tx: Tx, idHash: string, now: number): Promise<ControlPerson | null> {
  const signedIn = await liveSession(tx, idHash, now);
  if (!signedIn) return null;
  const first = await tx.firstWorkspace();
  return { signedIn, firstWorkspaceId: first?.id ?? null, serverAdmin: isServerAdmin(signedIn, first?.id ?? null) };
}

/** Whether the person owns the server's first workspace. */
export function isServerAdmin(signedIn: SignedIn, firstWorkspaceId: string | null): boolean {
  return firstWorkspaceId !== null && signedIn.memberships.some((m) => m.workspace_id === firstWorkspaceId && m.role === "owner");
}

/** Whether a member of this role may use their workspace's control routes. */
export function managesWorkspace(role: string | null | undefined): boolean {
  return role === "owner";
}

/** What a session needs for one control route. */
export type ControlNeed = { kind: "server" } | { kind: "workspace"; workspaceId: string | null; relative: string; userId?: string | null };

/**
 * Throws the control API's refusal when `person` may not call a route that needs `need`. Returns
 * the person in that workspace when the route is a page's sharing route and they are not an owner:
 * the verb must then check their level on the page; null when the route check alone decides.
 */
export function checkControlAccess(person: ControlPerson, need: ControlNeed): PersonInWorkspace | null {
  if (need.kind === "server") {
    if (!person.serverAdmin) throw errors.restricted("Only a server administrator (an owner of the server's first workspace) may use this route with a browser session.");
    return null;
  }
  const workspaceId = need.workspaceId ?? person.firstWorkspaceId;
  const membership = person.signedIn.memberships.find((m) => m.workspace_id === workspaceId);
  // Not a member: the workspace is not there for them (never says whether it exists).
  if (!workspaceId || !membership) throw notFoundWorkspace(need.workspaceId ?? "");
  if (OWN_TOKENS.has(need.relative) && need.userId === person.signedIn.person.id) return null;
  if (MEMBER_READS.has(need.relative) && membership.role !== "guest") return null;
  if (PAGE_SHARING.has(need.relative) && !managesWorkspace(membership.role)) return { userId: person.signedIn.person.id, role: membership.role };
  if (!managesWorkspace(membership.role)) throw errors.restricted("Only the workspace's owners may use its control routes.");
  if (SERVER_ADMIN_ONLY.has(need.relative) && !person.serverAdmin)
    throw errors.restricted("This route acts as other people or past page permissions: only a server administrator may use it with a browser session.");
  return null;
}

function notFoundWorkspace(id: string): ApiError {
  return errors.notFound("workspace", id);
}
