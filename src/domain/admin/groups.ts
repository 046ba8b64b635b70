/**
 * Control-API verbs for groups: named sets of a workspace's people (Notion's Settings → Groups;
 * provisioned over SCIM next). A group's page access is its `Tx.permissions` entries
 * (src/domain/admin/page-permissions.ts); deleting a group removes them with it.
 */
import { invalidCursor } from "../pagination.js";
import type { Tx } from "../../storage/types.js";
import type { GroupRow } from "../../storage/groups.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";

/** A group as the control API shows it. */
export interface GroupView {
  object: "group";
  id: string;
  name: string;
  external_id: string | null;
  created_time: string;
  /** Its members' user ids, in id order. */
  member_ids: string[];
}

/** What `POST /_quire/v1/groups` takes. */
export interface GroupInput {
  name: string;
  external_id?: string | null;
  user_ids?: string[];
}

/** What `PATCH /_quire/v1/groups/{id}` takes (absent: unchanged; `external_id: null` clears it). */
export interface GroupPatch {
  name?: string;
  external_id?: string | null;
}

/** The groups of `rows` with their members, read in one statement. */
/**
 * The groups a member may share a page with, by name only (`GET …/share_groups`): Notion's public
 * API lists no groups, yet its app's Share menu offers them to anyone with full access. Who is in
 * each group (and its SCIM external id) stays with the owners' `GET …/groups`.
 */
export async function listShareGroups(tx: Tx, workspaceId: string, cursor: string | null, pageSize: number) {
  const page = await tx.groups.list(workspaceId, cursor, pageSize);
  if (!page) throw invalidCursor(cursor!);
  return { object: "list", results: page.items.map((g) => ({ object: "group" as const, id: g.id, name: g.name })), next_cursor: page.next, has_more: page.next !== null };
}

/** Groups as the control API shows them to owners, with their members. */
export async function viewGroups(tx: Tx, workspaceId: string, rows: readonly GroupRow[]): Promise<GroupView[]> {
  const members = await tx.groups.membersOf(workspaceId, rows.map((r) => r.id));
  return rows.map((r) => ({
    object: "group",
    id: r.id,
    name: r.name,
    external_id: r.external_id,
    created_time: new Date(r.created_time).toISOString(),
    member_ids: members.filter((m) => m.group_id === r.id).map((m) => m.user_id),
  }));
}

/** The group, or 404 `object_not_found` (groups of other workspaces are not found either). */
export async function getGroupOr404(tx: Tx, workspaceId: string, id: string): Promise<GroupRow> {
  const group = await tx.groups.get(workspaceId, id);
  if (!group) throw errors.notFound("group", id);
  return group;
}

/** Refuses an external id another group of the workspace already has. */
async function checkExternalId(tx: Tx, workspaceId: string, externalId: string | null | undefined, self: string | null) {
  if (externalId === null || externalId === undefined) return;
  const holder = await tx.groups.byExternalId(workspaceId, externalId);
  if (holder && holder.id !== self) throw errors.validation(`body.external_id is already the external id of group ${holder.id}; external ids are unique in a workspace.`);
}

/**
 * Refuses any of `userIds` that is not a person of the workspace: 404 for a user it does not
 * have, 400 for a bot (integrations get access through shares, not groups).
 */
export async function checkPeople(tx: Tx, workspaceId: string, userIds: readonly string[], path: string): Promise<void> {
  const found = new Map((await tx.getUsers(workspaceId, userIds)).map((u) => [u.id, u]));
  userIds.forEach((id, i) => {
    const user = found.get(id);
    if (!user) throw errors.notFound("user", id);
    if (user.type !== "person") throw errors.validation(`${path}[${i}] is the bot of the integration "${user.name}", not a person: integrations get access through their shares.`);
  });
}

/** Creates a group, with its first members when given. */
export async function createGroup(deps: Deps, tx: Tx, workspaceId: string, input: GroupInput): Promise<GroupView> {
  await checkExternalId(tx, workspaceId, input.external_id, null);
  const userIds = [...new Set(input.user_ids ?? [])];
  await checkPeople(tx, workspaceId, userIds, "body.user_ids");
  const row: GroupRow = { workspace_id: workspaceId, id: deps.ids(), name: input.name, external_id: input.external_id ?? null, created_time: deps.clock.now() };
  await tx.groups.insert(row);
  await tx.groups.addMembers(workspaceId, row.id, userIds);
  return (await viewGroups(tx, workspaceId, [row]))[0];
}

/** Renames a group or changes its external id. */
export async function updateGroup(tx: Tx, workspaceId: string, id: string, patch: GroupPatch): Promise<GroupView> {
  const group = await getGroupOr404(tx, workspaceId, id);
  await checkExternalId(tx, workspaceId, patch.external_id, id);
  const next: GroupRow = { ...group, name: patch.name ?? group.name, external_id: patch.external_id === undefined ? group.external_id : patch.external_id };
  await tx.groups.update(next);
  return (await viewGroups(tx, workspaceId, [next]))[0];
}

/** Deletes a group, its memberships and every permission entry naming it (no dangling access). */
export async function deleteGroup(tx: Tx, workspaceId: string, id: string) {
  await getGroupOr404(tx, workspaceId, id);
  await tx.permissions.removePrincipal(workspaceId, { type: "group", id });
  await tx.groups.delete(workspaceId, id);
  return { object: "group", id, deleted: true };
}

/** Adds people to a group (those already in it stay once). */
export async function addGroupMembers(tx: Tx, workspaceId: string, id: string, userIds: readonly string[]): Promise<GroupView> {
  const group = await getGroupOr404(tx, workspaceId, id);
  const unique = [...new Set(userIds)];
  await checkPeople(tx, workspaceId, unique, "body.user_ids");
  await tx.groups.addMembers(workspaceId, id, unique);
  return (await viewGroups(tx, workspaceId, [group]))[0];
}

/** Takes a person out of a group; 404 when they are not in it. */
export async function removeGroupMember(tx: Tx, workspaceId: string, id: string, userId: string): Promise<GroupView> {
  const group = await getGroupOr404(tx, workspaceId, id);
  if (!(await tx.groups.removeMember(workspaceId, id, userId))) throw errors.notFound("user", userId);
  return (await viewGroups(tx, workspaceId, [group]))[0];
}

/**
 * What a person leaving the workspace takes with them: their group memberships, every
 * permission entry naming them and their favourites. The membership removal calls this in its unit.
 */
export async function forgetPerson(tx: Tx, workspaceId: string, userId: string): Promise<void> {
  await tx.groups.removeUser(workspaceId, userId);
  await tx.permissions.removePrincipal(workspaceId, { type: "user", id: userId });
  await tx.favorites.removePerson(workspaceId, userId);
}
