/**
 * Sign-in sessions, server-side (./policy.ts has the lifetimes): a session id is 256 random bits,
 * shown only in the person's cookie and stored as its SHA-256; a new id at every sign-in (no
 * fixation); idle and absolute expiry; revocation one by one or all of a person's. The HTTP side
 * (cookie, CSRF) is src/http/session.ts; SAML and the OAuth consent screen start and read
 * sessions through it.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Membership, SessionRow, Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from "./policy.js";

/** A signed-in person as a session shows them. */
export interface SignedIn {
  /** The stored session (its id hash, times). */
  session: SessionRow;
  person: { id: string; email: string; name: string | null };
  /** The workspaces the person belongs to, oldest membership first. */
  memberships: Membership[];
}

/** A session id's stored form. */
export function sessionIdHash(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

/** The shape of every session id this server hands out: 32 bytes, base64url. */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Starts a session for person `userId` (who must have an account) and ends `previous` (the
 * session the request came with, if any): the id handed back is new, so one planted before
 * sign-in is never signed in. Returns the new id (for the cookie only) and its row.
 */
export async function openSession(deps: Deps, tx: Tx, userId: string, previous: string | null): Promise<{ id: string; row: SessionRow }> {
  const now = deps.clock.now();
  if (previous && ID_SHAPE.test(previous)) await tx.sessions.revoke(sessionIdHash(previous), now);
  const id = randomBytes(32).toString("base64url");
  const row: SessionRow = { id_hash: sessionIdHash(id), user_id: userId, created_time: now, last_seen_time: now, expires_time: now + SESSION_ABSOLUTE_MS, revoked_time: null };
  await tx.sessions.insert(row);
  // Housekeeping rides on sign-ins: sessions past their absolute end a day ago go.
  await tx.sessions.deleteExpired(now - 24 * 60 * 60 * 1000, 100);
  return { id, row };
}

/**
 * The person signed in with session id `id`, or null: unknown, revoked, idle too long, past its
 * absolute end, or its person has no account or no workspace any more. A use is recorded at most
 * once a minute (SESSION_TOUCH_MS).
 */
export async function resolveSession(deps: Deps, id: string | null): Promise<SignedIn | null> {
  if (!id || !ID_SHAPE.test(id)) return null;
  const idHash = sessionIdHash(id);
  const now = deps.clock.now();
  const found = await deps.store.read((tx) => liveSession(tx, idHash, now));
  if (found && dueForTouch(found.session, now)) await deps.store.write((tx) => tx.sessions.touch(idHash, now));
  return found;
}

/** True when session id `id` has the shape of the ids this server hands out (anything else is no session, without a read). */
export function sessionIdShaped(id: string | null | undefined): id is string {
  return typeof id === "string" && ID_SHAPE.test(id);
}

/**
 * The person signed in with the session whose id hashes to `idHash`, read in `tx`, or null:
 * unknown, revoked, idle too long, past its absolute end, or its person has no account or no
 * workspace any more.
 */
export async function liveSession(tx: Tx, idHash: string, now: number): Promise<SignedIn | null> {
  const session = await tx.sessions.get(idHash);
  if (!session || !live(session, now)) return null;
  const account = await tx.accounts.get(session.user_id);
  const memberships = account ? await tx.accounts.memberships(account.user_id) : [];
  if (!account || memberships.length === 0) return null;
  return { session, person: { id: account.user_id, email: account.email, name: memberships[0].name }, memberships };
}

/** Whether a use of `session` at `now` should be written down (at most once a minute: SESSION_TOUCH_MS). */
export function dueForTouch(session: SessionRow, now: number): boolean {
  return now - session.last_seen_time >= SESSION_TOUCH_MS;
}

/** Ends session `id` (a sign-out); false when there was none live. */
export async function closeSession(deps: Deps, id: string | null): Promise<boolean> {
  if (!id || !ID_SHAPE.test(id)) return false;
  return deps.store.write((tx) => tx.sessions.revoke(sessionIdHash(id), deps.clock.now()));
}

/** Ends every session of person `userId` (a new password; next round: a person deprovisioned). */
export async function closeSessionsOf(deps: Deps, tx: Tx, userId: string): Promise<number> {
  return tx.sessions.revokeAllOf(userId, deps.clock.now());
}

function live(s: SessionRow, now: number): boolean {
  return s.revoked_time === null && now < s.expires_time && now - s.last_seen_time < SESSION_IDLE_MS;
}
