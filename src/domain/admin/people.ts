/**
 * Control-API verbs for people and their accounts (docs/ARCHITECTURE.md "People and accounts").
 * One person has one user id and one email across every workspace of a Quire (emails unique
 * whatever their ASCII case, as Notion's accounts are). Adding a person whose email already has
 * an account adds that same person to the workspace: same user id, same email, their name as
 * they already have it (the name given is not a second identity); a password given then is only
 * taken if the person has none yet. Passwords arrive here already hashed (the route hashes them
 * before the write unit: hashing takes tens of milliseconds).
 */
import type { AccountRow, Tx, UserRow, WorkspaceRole } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { closeSessionsOf } from "../signin/sessions.js";

/** A person as the control API answers: never a password or its hash, only whether one is set. */
export interface PersonView {
  object: "user";
  id: string;
  type: "person";
  name: string | null;
  avatar_url: string | null;
  person: { email: string | null };
  /** The person's role in this workspace (src/domain/admin/members.ts). */
  role: WorkspaceRole | null;
  has_password: boolean;
}

/** A person row and their account, as the control API shows them. */
export function viewPerson(row: UserRow, account: AccountRow | null): PersonView {
  return { object: "user", id: row.id, type: "person", name: row.name, avatar_url: row.avatar_url, person: { email: row.email }, role: row.role ?? null, has_password: !!account?.password_hash };
}

/** Adds a person to workspace `ws` (a new account, or the person the email already belongs to). */
export async function addPerson(deps: Deps, tx: Tx, ws: string, input: { name: string; email: string; avatar_url?: string | null; passwordHash: string | null; role?: WorkspaceRole }): Promise<PersonView> {
  const now = deps.clock.now();
  const account = await tx.accounts.findByEmail(input.email);
  if (account) return joinWorkspace(deps, tx, ws, account, input);
  const holder = await tx.findPersonByEmail(ws, input.email);
  if (holder) throw errors.validation(`body.email is already the email of another user (${holder.id}); each person's email is unique, whatever its case.`);
  const row: UserRow = { workspace_id: ws, id: deps.ids(), type: "person", name: input.name, avatar_url: input.avatar_url ?? null, email: input.email, integration_id: null, created_time: now, role: input.role ?? "member" };
  const created: AccountRow = { user_id: row.id, email: input.email, password_hash: input.passwordHash, created_time: now, updated_time: now };
  await tx.insertUser(row);
  await tx.accounts.insert(created);
  return viewPerson(row, created);
}

/** The person who owns `account` joins workspace `ws` with the same user id. */
async function joinWorkspace(deps: Deps, tx: Tx, ws: string, account: AccountRow, input: { name: string; avatar_url?: string | null; passwordHash: string | null; role?: WorkspaceRole }): Promise<PersonView> {
  const former = await tx.getUser(ws, account.user_id);
  if (former?.role) throw errors.validation(`body.email is already the email of another user (${account.user_id}); each person's email is unique, whatever its case.`);
  if (input.passwordHash && account.password_hash)
    throw errors.validation(`body.password cannot be given: ${account.user_id} already has a password (they belong to another workspace); PATCH /_quire/v1/users/${account.user_id} sets a new one.`);
  const known = (await tx.accounts.memberships(account.user_id))[0];
  const now = deps.clock.now();
  const row: UserRow = {
    workspace_id: ws,
    id: account.user_id,
    type: "person",
    name: known?.name ?? input.name,
    avatar_url: input.avatar_url ?? null,
    email: account.email,
    integration_id: null,
    created_time: now,
    role: input.role ?? "member",
  };
  // A former member of this workspace (their row kept, role null) becomes a member again.
  if (former) await tx.members.setRole(ws, row.id, row.role);
  else await tx.insertUser(row);
  let next = account;
  if (input.passwordHash) {
    next = { ...account, password_hash: input.passwordHash, updated_time: now };
    await tx.accounts.update(next);
  }
  return viewPerson(row, next);
}

/**
 * Sets (or with null removes) the password of person `userId`, a member of workspace `ws`; every
 * session of theirs ends, as after any password change.
 */
export async function setPassword(deps: Deps, tx: Tx, ws: string, userId: string, passwordHash: string | null): Promise<PersonView> {
  const row = await tx.getUser(ws, userId);
  if (!row || row.type !== "person") throw errors.notFound("user", userId);
  const now = deps.clock.now();
  let account = await tx.accounts.get(userId);
  if (!account) {
    if (!row.email) throw errors.validation(`${userId} has no email: a person needs one to sign in with a password.`);
    account = { user_id: userId, email: row.email, password_hash: passwordHash, created_time: now, updated_time: now };
    await tx.accounts.insert(account);
  } else {
    account = { ...account, password_hash: passwordHash, updated_time: now };
    await tx.accounts.update(account);
  }
  await closeSessionsOf(deps, tx, userId);
  return viewPerson(row, account);
}
