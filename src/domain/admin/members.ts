/**
 * Control-API verbs for a workspace's members (`/_quire/v1/workspaces/{id}/members`): people with
 * a role — `owner`, `membership_admin`, `member`, `guest` — one user id across workspaces. A
 * workspace keeps at least one owner. Ports for the next round (SCIM, permissions, sessions):
 * `Tx.members` (src/storage/members.ts); these verbs are what they call to change membership.
 */
import type { Tx, UserRow, WorkspaceRole } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { invalidCursor } from "../pagination.js";
import { forgetPerson } from "./groups.js";
import { revokePersonalTokensOf } from "../personal-tokens/revoke.js";

/** The roles a member may have, as Notion names them (SCIM `role`, developers.notion.com/reference/scim-api). */
export const ROLES: readonly WorkspaceRole[] = ["owner", "membership_admin", "member", "guest"];

/** A member as the control API answers it. */
export function viewMember(row: UserRow) {
  return {
    object: "member" as const,
    workspace_id: row.workspace_id,
    user_id: row.id,
    name: row.name,
    email: row.email,
    avatar_url: row.avatar_url,
    role: row.role,
  };
}

/** The person with this user id in any workspace (a current membership's details first); a validation error at `path` when there is none. */
export async function existingPerson(tx: Tx, userId: string, path = "user_id"): Promise<UserRow> {
  const rows = await tx.members.membershipsOf(userId);
  const person = rows.find((r) => r.role !== null) ?? rows[0];
  if (!person) throw errors.validation(`${path} should be the id of a person of this Quire, instead was \`"${userId}"\`.`);
  return person;
}

/** The workspace's current member `userId`, or 404. */
export async function memberOr404(tx: Tx, ws: string, userId: string): Promise<UserRow> {
  const row = await tx.getUser(ws, userId);
  if (!row || row.type !== "person" || row.role === null) throw errors.notFound("member", userId);
  return row;
}

/** The workspace's oldest owner, if it has one. */
export async function firstOwner(tx: Tx, ws: string): Promise<UserRow | null> {
  for (let from: string | null = null; ; ) {
    const page = await tx.members.listMembers(ws, from, 100);
    const owner = page?.items.find((u) => u.role === "owner");
    if (owner) return owner;
    if (!page?.next) return null;
    from = page.next;
  }
}

/** Members in the order they first joined, paginated as Notion's lists (cursor: a user id). */
export async function listMembers(tx: Tx, ws: string, cursor: string | null, pageSize: number) {
  const page = await tx.members.listMembers(ws, cursor, pageSize);
  if (!page) throw invalidCursor(cursor!);
  return { object: "list", results: page.items.map(viewMember), next_cursor: page.next, has_more: page.next !== null };
}

/**
 * A person of this Quire joins the workspace with `role` (default `member`), keeping their user id; a former member
 * comes back. Adding by email waits for the accounts map (issue 12, sign-in).
 */
export async function addMember(deps: Deps, tx: Tx, ws: string, input: { user_id: string; role?: WorkspaceRole }) {
  const here = await tx.getUser(ws, input.user_id);
  if (here?.type === "bot") throw errors.validation(`body.user_id should be the id of a person, instead was the bot user \`"${input.user_id}"\`.`);
  if (here?.role) throw errors.validation(`User ${input.user_id} is already a member of workspace ${ws} (${here.role}); change their role with PATCH …/members/${input.user_id}.`);
  const role = input.role ?? "member";
  if (here) await tx.members.setRole(ws, here.id, role);
  else {
    const person = await existingPerson(tx, input.user_id, "body.user_id");
    await tx.insertUser({ ...person, workspace_id: ws, role, created_time: deps.clock.now() });
  }
  return viewMember((await tx.getUser(ws, input.user_id))!);
}

/** Changes a member's role; the last owner cannot be demoted. */
export async function updateMember(tx: Tx, ws: string, userId: string, role: WorkspaceRole) {
  const member = await memberOr404(tx, ws, userId);
  if (member.role === "owner" && role !== "owner") await keepAnOwner(tx, ws, userId);
  await tx.members.setRole(ws, userId, role);
  return viewMember({ ...member, role });
}

/** Ends a membership: the person's pages, comments and mentions stay; the last owner cannot leave. */
export async function removeMember(tx: Tx, ws: string, userId: string) {
  const member = await memberOr404(tx, ws, userId);
  if (member.role === "owner") await keepAnOwner(tx, ws, userId);
  await tx.members.setRole(ws, userId, null);
  // A former member keeps no group membership and no page permission (src/domain/permissions.ts).
  await forgetPerson(tx, ws, userId);
  // Their personal access tokens go in the same unit (a former member's requests are 401 at once).
  await revokePersonalTokensOf(tx, ws, userId);
  return { object: "member", workspace_id: ws, user_id: userId, deleted: true };
}

async function keepAnOwner(tx: Tx, ws: string, userId: string) {
  if ((await tx.members.countOwners(ws)) <= 1)
    throw errors.validation(`User ${userId} is the last owner of workspace ${ws}; make another member an owner first (a workspace keeps at least one owner).`);
}
