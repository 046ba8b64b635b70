/**
 * CSRF tokens for Quire's forms (docs/decisions/csrf.md): an HMAC under a server key kept in the
 * store (every node signs alike), of the session's id hash once signed in, or of a random nonce
 * kept in a pre-session cookie for the sign-in form (a signed double-submit cookie). No token is
 * stored; checks compare in constant time.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Store } from "../../storage/types.js";
import { serverSecret } from "../server-secret.js";

/** The server's CSRF key, made once and shared by every node through the store. */
export function csrfKey(store: Store): Promise<string> {
  return serverSecret(store, "csrf_key");
}

/** A fresh nonce for the sign-in form's pre-session cookie. */
export function newNonce(): string {
  return randomBytes(32).toString("base64url");
}

/** The token forms of the session whose id hashes to `idHash` carry. */
export function sessionToken(key: string, idHash: string): string {
  return mac(key, `session\u0000${idHash}`);
}

/** The token the sign-in form carries, bound to its pre-session cookie's nonce. */
export function loginToken(key: string, nonce: string): string {
  return mac(key, `login\u0000${nonce}`);
}

/** True when `given` is `expected` (constant time; any other length or a missing token is false). */
export function tokensMatch(given: string | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function mac(key: string, what: string): string {
  return createHmac("sha256", key).update(what).digest("base64url");
}
