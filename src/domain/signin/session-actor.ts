/**
 * A /v1 request made by the web app as its signed-in person (docs/design/web-session.md): the
 * session cookie says who, `X-Quire-Workspace` which of their workspaces, and the person then acts
 * exactly as their personal access token would — their page levels, their guest reach, every
 * write attributed to them (`Actor.person`, src/domain/person-access.ts, person-writes.ts). The
 * HTTP side (cookie, CSRF header, Origin) is src/http/auth.ts.
 */
import type { Capability } from "../../api/capabilities.js";
import { ApiError } from "../../api/errors.js";
import { normalizeId } from "../../api/ids.js";
import type { Tx } from "../../storage/types.js";
import type { UserRow, WorkspaceRole, WorkspaceRow } from "../../storage/records.js";
import type { Actor } from "../context.js";
import { liveSession, type SignedIn } from "./sessions.js";

/** The header that picks one of the person's workspaces. */
export const WORKSPACE_HEADER = "x-quire-workspace";

/**
 * What a member does in Notion's app: read, insert and update content, read and add comments, see
 * people with their emails (the members list and every person's email are shown to members).
 */
export const MEMBER_SESSION_CAPABILITIES: readonly Capability[] = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_with_email"];

/**
 * A guest's: the same on what is shared with them (their page levels decide), but people without
 * emails and no users list. Notion's help ("Add members, admins, guests & groups") describes guests
 * as people outside the organization invited to individual pages, not the workspace; what the app
 * shows them of other people's emails is not documented, so Quire takes the safer reading.
 */
export const GUEST_SESSION_CAPABILITIES: readonly Capability[] = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments", "user_info_without_email"];

/** What `integration` stands for on a session's request (the request log and rate limits name it). */
export const SESSION_INTEGRATION_NAME = "Web app session";

/** A session's /v1 refusals, in Notion's shape. */
export const sessionErrors = {
  signedOut: () => new ApiError(401, "unauthorized", "The browser session is signed out or expired: sign in again at /login."),
  csrf: () => new ApiError(401, "unauthorized", "A browser session needs the X-Quire-CSRF header: the csrf_token of GET /_quire/session."),
  origin: () => new ApiError(401, "unauthorized", "A browser session's request must come from Quire's own origin (the Origin header names another)."),
  notMember: () => new ApiError(401, "unauthorized", "X-Quire-Workspace names no workspace the signed-in person belongs to."),
  badWorkspace: () => new ApiError(400, "validation_error", "X-Quire-Workspace should be a valid uuid."),
  chooseWorkspace: () =>
    new ApiError(400, "validation_error", "X-Quire-Workspace is required: the signed-in person belongs to several workspaces (GET /_quire/session lists them); send the id of one."),
};

/** The signed-in person of a session and the actor its request acts as. */
export interface SessionActor {
  signedIn: SignedIn;
  actor: Actor;
}

/**
 * The actor of a /v1 request with the session whose id hashes to `idHash`, read in `tx` at `now`;
 * `workspaceHeader` is `X-Quire-Workspace` as sent. Throws Notion's 401 for a session that is not
 * live or a workspace the person is not a member of (never saying whether it exists), 400 for a
 * missing choice among several.
 */
export async function sessionActor(tx: Tx, idHash: string, now: number, workspaceHeader: string | undefined): Promise<SessionActor> {
  const signedIn = await liveSession(tx, idHash, now);
  if (!signedIn) throw sessionErrors.signedOut();
  const workspaceId = chosenWorkspace(signedIn, workspaceHeader);
  const workspace = await tx.getWorkspace(workspaceId);
  const user = await tx.getUser(workspaceId, signedIn.person.id);
  if (!workspace || !user || user.type !== "person" || !user.role) throw sessionErrors.notMember();
  return { signedIn, actor: personSessionActor(workspace, user, user.role, signedIn.session.created_time) };
}

/**
 * The actor of the web app's person `user` (a member or guest of `workspace`): what a session's
 * request acts as, and what background work a session started runs as later
 * (domain/async-tasks/background.ts), when the session itself may be gone.
 */
export function personSessionActor(workspace: WorkspaceRow, user: UserRow, role: WorkspaceRole, createdTime: number): Actor {
  const caps = role === "guest" ? GUEST_SESSION_CAPABILITIES : MEMBER_SESSION_CAPABILITIES;
  return {
    workspace,
    integration: {
      workspace_id: workspace.id,
      // The person stands for the connection: their view queries and async tasks are theirs in every session.
      id: user.id,
      name: SESSION_INTEGRATION_NAME,
      token_hash: "",
      bot_id: user.id,
      capabilities: [...caps],
      created_time: createdTime,
    },
    bot: user,
    caps: new Set(caps),
    person: { role, tokenId: sessionTokenId(user.id), session: true },
  };
}

/** `PersonActor.tokenId` of a browser session's request. */
export const sessionTokenId = (userId: string) => `session:${userId}`;

/** The workspace a request acts in: the header's (one of the person's), or their only one. */
function chosenWorkspace(signedIn: SignedIn, header: string | undefined): string {
  if (header === undefined || header === "") {
    if (signedIn.memberships.length === 1) return signedIn.memberships[0].workspace_id;
    throw sessionErrors.chooseWorkspace();
  }
  const exact = signedIn.memberships.find((w) => w.workspace_id === header);
  if (exact) return exact.workspace_id;
  const id = normalizeId(header);
  if (!id) throw sessionErrors.badWorkspace();
  const m = signedIn.memberships.find((w) => w.workspace_id === id);
  if (!m) throw sessionErrors.notMember();
  return m.workspace_id;
}
