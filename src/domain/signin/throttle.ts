/**
 * Sign-in rate limiting: attempts counted per email (whether or not it has an account, so a limit
 * reached tells nothing about which emails exist) and per client address, in fixed windows kept
 * in the store (every node counts the same). An attempt is counted before its password is
 * checked, in one atomic statement per key, so many attempts sent at once cannot all slip under
 * the limit; a success then clears its email's count. Numbers in ./policy.ts.
 */
import { createHash } from "node:crypto";
import type { Tx } from "../../storage/types.js";
import { ATTEMPT_WINDOW_MS, ATTEMPTS_PER_ADDRESS, FAILURES_PER_EMAIL } from "./policy.js";

/** The counters one attempt counts on. The email is kept only as a hash. */
export interface AttemptKeys {
  email: string;
  address: string;
}

/** The keys of an attempt with `email` from `address`. */
export function attemptKeys(email: string, address: string): AttemptKeys {
  const folded = email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  return { email: `email:${createHash("sha256").update(folded).digest("hex")}`, address: `addr:${address}` };
}

/** Counts an attempt on both keys; the seconds until another is allowed when either is over its limit, else 0. */
export async function admitAttempt(tx: Tx, keys: AttemptKeys, now: number): Promise<number> {
  const email = await tx.signinAttempts.fail(keys.email, now, now - ATTEMPT_WINDOW_MS);
  const address = await tx.signinAttempts.fail(keys.address, now, now - ATTEMPT_WINDOW_MS);
  let until = 0;
  if (email.failures > FAILURES_PER_EMAIL) until = email.window_start + ATTEMPT_WINDOW_MS;
  if (address.failures > ATTEMPTS_PER_ADDRESS) until = Math.max(until, address.window_start + ATTEMPT_WINDOW_MS);
  return until === 0 ? 0 : Math.max(1, Math.ceil((until - now) / 1000));
}

/** A successful sign-in clears its email's count (not the address's: one address may try many emails). */
export async function clearFailures(tx: Tx, keys: AttemptKeys): Promise<void> {
  await tx.signinAttempts.clear(keys.email);
}
