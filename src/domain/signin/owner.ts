/**
 * The owner's sign-in at start: the seeded owner (meta `owner_user_id`) gets a password — the one
 * given (`--owner-password`, QUIRE_OWNER_PASSWORD, `startQuire({ ownerPassword })`), else one
 * generated and handed back once, for the banner. A later start generates nothing and hands back
 * no password; a data directory from before accounts gets its owner's password the same way, once.
 */
import type { Deps } from "../context.js";
import { StartupError } from "../admin/seed.js";
import { closeSessionsOf } from "./sessions.js";
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from "./passwords.js";

export interface OwnerCredentials {
  email: string;
  /** Set only when this start generated it: shown once, never stored in clear. */
  generatedPassword?: string;
}

/** Makes sure the owner can sign in; what the banner shows of it. */
export async function ensureOwnerCredentials(deps: Deps, opts: { ownerEmail?: string; ownerPassword?: string }): Promise<OwnerCredentials | null> {
  if (opts.ownerPassword !== undefined) {
    const problem = passwordProblem(opts.ownerPassword, "--owner-password");
    if (problem) throw new StartupError(problem);
  }
  const found = await deps.store.read(async (tx) => {
    const id = await tx.getMeta("owner_user_id");
    return id ? tx.accounts.get(id) : null;
  });
  if (!found) return null;
  if (opts.ownerEmail !== undefined && opts.ownerEmail.toLowerCase() !== found.email.toLowerCase())
    throw new StartupError(`--owner-email applies at the first start only: this data directory's owner is ${found.email}.`);
  if (opts.ownerPassword !== undefined) {
    if (found.password_hash && (await verifyPassword(opts.ownerPassword, found.password_hash))) return { email: found.email };
    const hash = await hashPassword(opts.ownerPassword);
    // A new password: the owner's sessions end, as after any password change.
    await deps.store.write(async (tx) => {
      await tx.accounts.update({ ...found, password_hash: hash, updated_time: deps.clock.now() });
      await closeSessionsOf(deps, tx, found.user_id);
    });
    return { email: found.email };
  }
  if (found.password_hash) return { email: found.email };
  const generated = generatePassword();
  const hash = await hashPassword(generated);
  // Another node starting at the same time may have set one first: then this one shows none.
  const won = await deps.store.write(async (tx) => {
    const now = await tx.accounts.get(found.user_id);
    if (!now || now.password_hash) return false;
    await tx.accounts.update({ ...now, password_hash: hash, updated_time: deps.clock.now() });
    return true;
  });
  return won ? { email: found.email, generatedPassword: generated } : { email: found.email };
}
