/**
 * SCIM Groups (RFC 7643 §4.2) over the workspace's groups (`Tx.groups`, with the control API's
 * verbs in src/domain/admin/groups.ts): `displayName` is the group's name, `externalId` its
 * external id (unique in the workspace: 409 `uniqueness`), `members` its people — current
 * members of the workspace only (Notion's groups hold the workspace's members). PATCH applies its
 * operations to the Group as GET shows it and saves the result as PUT does.
 */
import type { Tx } from "../../storage/types.js";
import type { GroupRow } from "../../storage/groups.js";
import type { Deps } from "../context.js";
import { addGroupMembers, createGroup, deleteGroup, removeGroupMember, updateGroup } from "../admin/groups.js";
import { scimErrors } from "./errors.js";
import { applyPatch } from "./patch.js";
import { GROUP_SCHEMA } from "./schemas.js";
import { SCIM_LIMITS } from "./limits.js";
import { field } from "./user-input.js";

type Json = Record<string, unknown>;

/** A group with its members (user id → name). */
export interface ScimGroup {
  row: GroupRow;
  members: { id: string; name: string | null }[];
}

/** The Group resource. */
export function presentGroup({ row, members }: ScimGroup, base: string): Json {
  const group: Json = { schemas: [GROUP_SCHEMA], id: row.id, displayName: row.name };
  if (row.external_id) group.externalId = row.external_id;
  group.members = members.map((m) => ({ value: m.id, display: m.name ?? "", type: "User", $ref: `${base}/Users/${m.id}` }));
  const created = new Date(row.created_time).toISOString();
  group.meta = { resourceType: "Group", created, lastModified: created, location: `${base}/Groups/${row.id}` };
  return group;
}

/** The groups of `rows` with their members' names, in three statements. */
async function withMembers(tx: Tx, ws: string, rows: GroupRow[]): Promise<ScimGroup[]> {
  const links = await tx.groups.membersOf(ws, rows.map((r) => r.id));
  const users = new Map((await tx.getUsers(ws, [...new Set(links.map((l) => l.user_id))])).map((u) => [u.id, u]));
  return rows.map((row) => ({ row, members: links.filter((l) => l.group_id === row.id).map((l) => ({ id: l.user_id, name: users.get(l.user_id)?.name ?? null })) }));
}

/** Every group of the workspace, oldest first. */
export async function allScimGroups(tx: Tx, ws: string): Promise<ScimGroup[]> {
  const rows: GroupRow[] = [];
  for (let from: string | null = null; ; ) {
    const page = await tx.groups.list(ws, from, 500);
    if (!page) break;
    rows.push(...page.items);
    if (!page.next) break;
    from = page.next;
  }
  return withMembers(tx, ws, rows);
}

/** The group, or SCIM's 404 (another workspace's too). */
export async function scimGroupOr404(tx: Tx, ws: string, id: string): Promise<ScimGroup> {
  const row = await tx.groups.get(ws, id);
  if (!row) throw scimErrors.notFound("Group", id);
  return (await withMembers(tx, ws, [row]))[0];
}

/** What a Group body says. */
interface GroupInput {
  name: string;
  externalId: string | null;
  /** Member user ids; null when `members` was not given. */
  memberIds: string[] | null;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function readGroupInput(body: unknown): GroupInput {
  if (!isObject(body)) throw scimErrors.invalidSyntax("A Group is a JSON object.");
  const name = field(body, "displayName");
  if (typeof name !== "string" || name.trim() === "") throw scimErrors.invalidValue("displayName is required: the group's name.");
  if (name.length > 200) throw scimErrors.invalidValue("displayName should be at most 200 characters.");
  const ext = field(body, "externalId");
  if (ext !== undefined && ext !== null && (typeof ext !== "string" || ext.length > 200)) throw scimErrors.invalidValue("externalId should be a string of at most 200 characters.");
  const members = field(body, "members");
  if (members !== undefined && members !== null && !Array.isArray(members)) throw scimErrors.invalidValue("members should be a list of {value: <user id>}.");
  if (Array.isArray(members) && members.length > SCIM_LIMITS.MAX_GROUP_MEMBERS_PER_REQUEST) throw scimErrors.invalidValue(`At most ${SCIM_LIMITS.MAX_GROUP_MEMBERS_PER_REQUEST} members per request.`);
  const memberIds = Array.isArray(members)
    ? members.map((m, i) => {
        const v = isObject(m) ? field(m, "value") : undefined;
        if (typeof v !== "string" || v === "") throw scimErrors.invalidValue(`members[${i}].value should be a user id.`);
        return v;
      })
    : null;
  return { name: name.trim(), externalId: typeof ext === "string" && ext !== "" ? ext : null, memberIds: memberIds && [...new Set(memberIds)] };
}

/** Refuses member ids that are not current members of the workspace (400 `invalidValue`). */
async function checkMembers(tx: Tx, ws: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const found = new Map((await tx.getUsers(ws, ids.filter((id) => /^[0-9a-f-]{32,36}$/i.test(id)))).map((u) => [u.id, u]));
  const bad = ids.find((id) => !(found.get(id)?.type === "person" && found.get(id)?.role));
  if (bad !== undefined) throw scimErrors.invalidValue(`members: ${JSON.stringify(bad)} is not a member of this workspace.`);
}

async function checkExternalId(tx: Tx, ws: string, externalId: string | null, self: string | null) {
  if (externalId === null) return;
  const holder = await tx.groups.byExternalId(ws, externalId);
  if (holder && holder.id !== self) throw scimErrors.uniqueness(`externalId ${JSON.stringify(externalId)} is already the external id of Group ${holder.id}.`);
}

/** POST /Groups. */
export async function createScimGroup(deps: Deps, tx: Tx, ws: string, body: unknown): Promise<ScimGroup> {
  const input = readGroupInput(body);
  await checkExternalId(tx, ws, input.externalId, null);
  await checkMembers(tx, ws, input.memberIds ?? []);
  const view = await createGroup(deps, tx, ws, { name: input.name, external_id: input.externalId, user_ids: input.memberIds ?? [] });
  return scimGroupOr404(tx, ws, view.id);
}

/** PUT /Groups/{id}: name, external id and (when given) the whole member list. */
export async function replaceScimGroup(tx: Tx, ws: string, id: string, body: unknown): Promise<ScimGroup> {
  const group = await scimGroupOr404(tx, ws, id);
  return saveGroup(tx, ws, group, readGroupInput(body));
}

/** PATCH /Groups/{id}: e.g. `add` members, `remove` with path `members[value eq "…"]`, `replace` displayName. */
export async function patchScimGroup(tx: Tx, ws: string, id: string, body: unknown, base: string): Promise<ScimGroup> {
  const group = await scimGroupOr404(tx, ws, id);
  const after = applyPatch(presentGroup(group, base), body, "Group", GROUP_SCHEMA);
  const input = readGroupInput(after);
  return saveGroup(tx, ws, group, { ...input, memberIds: input.memberIds ?? [] });
}

/** DELETE /Groups/{id}: the group, its memberships and its page permissions. */
export async function deleteScimGroup(tx: Tx, ws: string, id: string): Promise<void> {
  await scimGroupOr404(tx, ws, id);
  await deleteGroup(tx, ws, id);
}

async function saveGroup(tx: Tx, ws: string, group: ScimGroup, input: GroupInput): Promise<ScimGroup> {
  await checkExternalId(tx, ws, input.externalId, group.row.id);
  await updateGroup(tx, ws, group.row.id, { name: input.name, external_id: input.externalId });
  if (input.memberIds) {
    const current = new Set(group.members.map((m) => m.id));
    const added = input.memberIds.filter((id) => !current.has(id));
    await checkMembers(tx, ws, added);
    if (added.length) await addGroupMembers(tx, ws, group.row.id, added);
    const kept = new Set(input.memberIds);
    for (const m of group.members) if (!kept.has(m.id)) await removeGroupMember(tx, ws, group.row.id, m.id);
  }
  return scimGroupOr404(tx, ws, group.row.id);
}
