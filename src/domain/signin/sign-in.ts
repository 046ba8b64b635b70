/**
 * Password sign-in: rate limits first (./throttle.ts), then the password — checked against a
 * dummy hash when the email has no account or no password, so an unknown email and a wrong
 * password get the same answer in about the same time — then a new session (./sessions.ts).
 * A person who belongs to no workspace any more cannot sign in (same answer); one whose workspace
 * enforces SAML SSO is told to use it, once the password was right (src/domain/saml/enforce.ts).
 */
import type { Deps } from "../context.js";
import type { SessionRow } from "../../storage/types.js";
import { admitAttempt, attemptKeys, clearFailures } from "./throttle.js";
import { hashPassword, needsRehash, verifyNothing, verifyPassword } from "./passwords.js";
import { openSession } from "./sessions.js";
import { ssoRequiredBy } from "../saml/enforce.js";

/** What a sign-in attempt came to. */
export type SignInResult =
  | { outcome: "signed_in"; id: string; session: SessionRow }
  | { outcome: "invalid" }
  | { outcome: "sso_required"; workspaceId: string }
  | { outcome: "limited"; retryAfterSeconds: number };

export interface SignInInput {
  email: string;
  password: string;
  /** The client's address (rate limited per address). */
  address: string;
  /** The session id the request came with, if any: ended, a new one takes its place. */
  previous: string | null;
}

/** Signs a person in with email and password. */
export async function signIn(deps: Deps, input: SignInInput): Promise<SignInResult> {
  const keys = attemptKeys(input.email, input.address);
  const wait = await deps.store.write((tx) => admitAttempt(tx, keys, deps.clock.now()));
  if (wait > 0) return { outcome: "limited", retryAfterSeconds: wait };
  const account = await deps.store.read((tx) => tx.accounts.findByEmail(input.email.trim()));
  const hash = account?.password_hash ?? null;
  const ok = hash ? await verifyPassword(input.password, hash) : await verifyNothing(input.password);
  if (!ok || !account) return { outcome: "invalid" };
  const rehashed = needsRehash(hash!) ? await hashPassword(input.password) : null;
  return deps.store.write(async (tx) => {
    // Decided again inside the unit: the account may have changed while the hash was computed.
    const now = await tx.accounts.get(account.user_id);
    const memberships = now && now.password_hash === hash ? await tx.accounts.memberships(account.user_id) : [];
    if (memberships.length === 0) return { outcome: "invalid" } as const;
    if (rehashed) await tx.accounts.update({ ...now!, password_hash: rehashed, updated_time: deps.clock.now() });
    await clearFailures(tx, keys);
    const enforcing = await ssoRequiredBy(tx, memberships);
    if (enforcing) return { outcome: "sso_required", workspaceId: enforcing } as const;
    const { id, row } = await openSession(deps, tx, account.user_id, input.previous);
    return { outcome: "signed_in", id, session: row } as const;
  });
}
