/**
 * Control-API verbs for the workspaces of a Quire (`/_quire/v1/workspaces`): create (with an
 * owner, one person across workspaces), list, read, rename, delete with everything in it.
 */
import { deleteClientEverywhere } from "../oauth/installations.js";
import type { Tx, UserRow, WorkspaceRow } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { invalidCursor } from "../pagination.js";
import { firstOwner, existingPerson } from "./members.js";

/** A workspace as the control API answers it. */
export interface WorkspaceView {
  object: "workspace";
  id: string;
  name: string;
  time_zone: string;
  created_time: string;
}

/** The control API's workspace object. */
export function viewWorkspace(row: WorkspaceRow): WorkspaceView {
  return { object: "workspace", id: row.id, name: row.name, time_zone: row.time_zone, created_time: new Date(row.created_time).toISOString() };
}

/** The workspace, or 404 in the control API's shape. */
export async function workspaceOr404(tx: Tx, id: string): Promise<WorkspaceRow> {
  const ws = await tx.getWorkspace(id);
  if (!ws) throw errors.notFound("workspace", id);
  return ws;
}

export interface CreateWorkspaceInput {
  name: string;
  time_zone?: string;
  /** The person who owns it; default the first workspace's owner (the Quire's operator). */
  owner_id?: string;
}

/** A new, empty workspace whose owner is an existing person (same user id, a new membership). */
export async function createWorkspace(deps: Deps, tx: Tx, input: CreateWorkspaceInput): Promise<WorkspaceView & { owner_id: string }> {
  const first = await tx.firstWorkspace();
  const ownerId = input.owner_id ?? (first ? (await firstOwner(tx, first.id))?.id : undefined);
  if (!ownerId) throw errors.validation("body.owner_id should be defined: this Quire's first workspace has no owner to give the new one.");
  const person = await existingPerson(tx, ownerId, "body.owner_id");
  const row: WorkspaceRow = { id: deps.ids(), name: input.name, created_time: deps.clock.now(), time_zone: input.time_zone ?? "UTC" };
  await tx.insertWorkspace(row);
  await tx.insertUser(membershipRow(person, row.id, "owner", row.created_time));
  return { ...viewWorkspace(row), owner_id: person.id };
}

/** A person's row in workspace `ws`, copied from one of their other memberships. */
export function membershipRow(person: UserRow, ws: string, role: NonNullable<UserRow["role"]>, now: number): UserRow {
  return { ...person, workspace_id: ws, role, created_time: now };
}

/** Workspaces oldest first, paginated as Notion's lists (cursor: a workspace id). */
export async function listWorkspaces(tx: Tx, cursor: string | null, pageSize: number) {
  const page = await tx.allWorkspaces.list(cursor, pageSize);
  if (!page) throw invalidCursor(cursor!);
  return { object: "list", results: page.items.map(viewWorkspace), next_cursor: page.next, has_more: page.next !== null };
}

/** Renames a workspace or changes its time zone. */
export async function updateWorkspace(tx: Tx, id: string, input: { name?: string; time_zone?: string }): Promise<WorkspaceView> {
  const ws = await workspaceOr404(tx, id);
  const next = { ...ws, name: input.name ?? ws.name, time_zone: input.time_zone ?? ws.time_zone };
  await tx.updateWorkspace(next);
  return viewWorkspace(next);
}

/**
 * Deletes a workspace and everything in it in one unit (pages, blocks, rows, the search index,
 * integrations and their tokens, users, shares, comments, views, tasks…), then its uploads'
 * bytes. A Quire keeps at least one workspace: the last one is refused. Bytes whose removal a
 * crash interrupts are removed at the next start (domain/files/reconcile.ts: no row names them).
 */
export async function deleteWorkspace(deps: Deps, id: string) {
  const { uploads } = await deps.store.write(async (tx) => {
    await workspaceOr404(tx, id);
    if ((await tx.allWorkspaces.count()) <= 1)
      throw errors.validation(`Workspace ${id} is the only workspace of this Quire and cannot be deleted; create another one first.`);
    // The public integrations it registered go with it, with their installations in other workspaces.
    for (const client of await tx.oauth.listClients(id)) await deleteClientEverywhere(tx, client.id);
    return tx.allWorkspaces.remove(id);
  });
  for (const upload of uploads) await deps.files.blobs.removeAll(upload).catch(() => undefined);
  return { object: "workspace", id, deleted: true };
}
