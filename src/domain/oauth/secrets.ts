/**
 * The secrets of public integrations (docs/design/oauth.md, docs/design/secrets.md): made from
 * 256+ bits of randomness, stored only as their SHA-256 (`hashToken`, looked up by index), shown
 * once. Prefixes as Notion's: `ntn_` access tokens, `nrt_` refresh tokens (Notion's docs,
 * "Authorization": a refresh token in its example starts `nrt_`).
 */
import { randomBytes } from "node:crypto";
import { hashToken, newToken } from "../admin/tokens.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` base-62 characters (~5.95 bits each; rejection-free: bias under 1 in 2^8 per character is irrelevant at these lengths). */
function base62(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[bytes[i] % ALPHABET.length];
  return s;
}

/** A client secret: `secret_` and 43 base-62 characters (Notion's client secrets start `secret_`). */
export const newClientSecret = (): string => "secret_" + base62(43);
/** An authorization code (opaque to clients; Quire's shape). */
export const newCode = (): string => "ncd_" + base62(43);
/** An access token, in the shape of every Notion token (`ntn_…`). */
export const newAccessToken = (): string => newToken();
/** A refresh token (`nrt_…`). */
export const newRefreshToken = (): string => "nrt_" + base62(46);
/** The stored form of any of them: SHA-256, hex. */
export const secretHash = (secret: string): string => hashToken(secret);
/** A stored token hash no token has: what a revoked installation's `token_hash` becomes (the column is unique and required). */
export const revokedHash = (): string => "revoked:" + randomBytes(24).toString("hex");
