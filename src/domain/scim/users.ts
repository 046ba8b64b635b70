/**
 * SCIM Users (RFC 7643 §4.1) over Quire's people: a User is a person of the workspace — its
 * `users` row (name, email, photo, role) and its SCIM profile (`Tx.scim`: externalId, given and
 * family names). Notion's rules (notion.com/help/provision-users-and-groups-with-scim, "Users"):
 * `userName` is the email; creating someone who already has an account adds that same person to
 * the workspace; the photo is read on creation only; `active: false` or DELETE removes them from
 * the workspace and signs them out (src/domain/scim/deprovision.ts); guests are not managed.
 * A person deactivated over SCIM stays listed with `active: false` (Notion answers "inactive"
 * users; deleted ones it "no longer returns"); DELETE forgets their profile, so they are gone.
 */
import type { Tx, UserRow } from "../../storage/types.js";
import type { ScimProfileRow } from "../../storage/scim.js";
import type { Deps } from "../context.js";
import { addPerson } from "../admin/people.js";
import { updateMember } from "../admin/members.js";
import { scimErrors } from "./errors.js";
import { deprovisionPerson } from "./deprovision.js";
import { applyPatch } from "./patch.js";
import { NOTION_USER, USER_SCHEMA } from "./schemas.js";
import { readUserInput, type UserInput } from "./user-input.js";

type Json = Record<string, unknown>;

/** A person and their SCIM profile, as SCIM reads them. */
export interface ScimPerson {
  row: UserRow;
  profile: ScimProfileRow | null;
}

/** The User resource of a person (`base`: the SCIM base URL, for `meta.location`). */
export function presentUser({ row, profile }: ScimPerson, base: string): Json {
  const name: Json = { formatted: row.name ?? "" };
  if (profile?.given_name) name.givenName = profile.given_name;
  if (profile?.family_name) name.familyName = profile.family_name;
  const user: Json = { schemas: [USER_SCHEMA, NOTION_USER], id: row.id };
  if (profile?.external_id) user.externalId = profile.external_id;
  Object.assign(user, {
    userName: row.email,
    name,
    displayName: row.name ?? "",
    emails: row.email ? [{ value: row.email, type: "work", primary: true }] : [],
    active: row.role !== null,
  });
  if (row.avatar_url) user.photos = [{ value: row.avatar_url, type: "photo", primary: true }];
  if (row.role) user[NOTION_USER] = { role: row.role };
  user.meta = {
    resourceType: "User",
    created: new Date(row.created_time).toISOString(),
    lastModified: new Date(Math.max(row.created_time, profile?.updated_time ?? 0)).toISOString(),
    location: `${base}/Users/${row.id}`,
  };
  return user;
}

/** Whether SCIM shows this user row: members but guests, and people it deactivated (they have a profile). */
const shown = (row: UserRow, profile: ScimProfileRow | null) => row.type === "person" && (row.role === null ? profile !== null : row.role !== "guest");

/** Every person SCIM shows in the workspace, in the order they joined. */
export async function allScimPeople(tx: Tx, ws: string): Promise<ScimPerson[]> {
  const rows: UserRow[] = [];
  for (let from: string | null = null; ; ) {
    const page = await tx.listUsers(ws, from, 500);
    if (!page) break;
    rows.push(...page.items.filter((u) => u.type === "person" && u.role !== "guest"));
    if (!page.next) break;
    from = page.next;
  }
  const profiles = new Map((await tx.scim.profiles(ws, rows.map((r) => r.id))).map((p) => [p.user_id, p]));
  return rows.map((row) => ({ row, profile: profiles.get(row.id) ?? null })).filter((p) => shown(p.row, p.profile));
}

/** The person SCIM knows as `id` in workspace `ws`, or 404 (other workspaces' people, guests and deleted people too). */
export async function scimPersonOr404(tx: Tx, ws: string, id: string): Promise<ScimPerson> {
  const row = await tx.getUser(ws, id);
  const profile = row ? ((await tx.scim.profiles(ws, [id]))[0] ?? null) : null;
  if (!row || !shown(row, profile)) throw scimErrors.notFound("User", id);
  return { row, profile };
}

/** POST /Users: a new person, or one with an account joining (409 `uniqueness` when already a member). */
export async function createScimUser(deps: Deps, tx: Tx, ws: string, body: unknown): Promise<ScimPerson> {
  const input = readUserInput(body, null);
  const account = await tx.accounts.findByEmail(input.email);
  const here = account ? await tx.getUser(ws, account.user_id) : await tx.findPersonByEmail(ws, input.email);
  if (here?.role && here.role !== "guest") throw scimErrors.uniqueness(`userName ${JSON.stringify(input.email)} is already a member of this workspace (User ${here.id}).`);
  const role = input.role ?? "member";
  let id: string;
  // Notion: "To transition a page guest to a restricted member through SCIM, you must use POST /scim/v2/Users".
  if (here?.role === "guest") await updateMember(tx, ws, (id = here.id), role);
  else id = (await addPerson(deps, tx, ws, { name: input.name ?? input.email, email: input.email, avatar_url: input.photo, passwordHash: null, role })).id;
  const row = (await tx.getUser(ws, id))!;
  if (input.name !== null && input.name !== row.name) await tx.updateUser({ ...row, name: input.name });
  await saveProfile(deps, tx, ws, id, input);
  if (input.active === false) await deprovisionPerson(deps, tx, ws, id);
  return scimPersonOr404(tx, ws, id);
}

/** PUT /Users/{id}: the person as the body describes them (absent `active` and role: unchanged). */
export async function replaceScimUser(deps: Deps, tx: Tx, ws: string, id: string, body: unknown): Promise<ScimPerson> {
  const person = await scimPersonOr404(tx, ws, id);
  return saveUser(deps, tx, ws, person, readUserInput(body, null));
}

/** PATCH /Users/{id}: the operations applied to the User as GET shows it, then saved as PUT saves. */
export async function patchScimUser(deps: Deps, tx: Tx, ws: string, id: string, body: unknown, base: string): Promise<ScimPerson> {
  const person = await scimPersonOr404(tx, ws, id);
  const before = presentUser(person, base);
  return saveUser(deps, tx, ws, person, readUserInput(applyPatch(before, body, "User", USER_SCHEMA), before));
}

/** DELETE /Users/{id}: removed from the workspace (when still a member) and forgotten by SCIM. */
export async function deleteScimUser(deps: Deps, tx: Tx, ws: string, id: string): Promise<void> {
  const { row } = await scimPersonOr404(tx, ws, id);
  if (row.role !== null) await deprovisionPerson(deps, tx, ws, id);
  await tx.scim.deleteProfile(ws, id);
}

async function saveUser(deps: Deps, tx: Tx, ws: string, { row }: ScimPerson, input: UserInput): Promise<ScimPerson> {
  if (input.email.toLowerCase() !== (row.email ?? "").toLowerCase())
    throw scimErrors.mutability(
      `userName is the person's email, ${JSON.stringify(row.email)}, and cannot be changed over SCIM: it is their sign-in across every workspace of this Quire (Notion changes it only for verified domains).`,
    );
  if (input.name !== null && input.name !== row.name) await tx.updateUser({ ...row, name: input.name });
  if (input.active === false && row.role !== null) await deprovisionPerson(deps, tx, ws, row.id);
  else if (input.active !== false && row.role === null) {
    if (input.active === true || input.role) await tx.members.setRole(ws, row.id, input.role ?? "member");
  } else if (row.role !== null && input.role && input.role !== row.role) await updateMember(tx, ws, row.id, input.role);
  await saveProfile(deps, tx, ws, row.id, input);
  return scimPersonOr404(tx, ws, row.id);
}

async function saveProfile(deps: Deps, tx: Tx, ws: string, userId: string, input: UserInput) {
  await tx.scim.putProfile({ workspace_id: ws, user_id: userId, external_id: input.externalId, given_name: input.givenName, family_name: input.familyName, updated_time: deps.clock.now() });
}
