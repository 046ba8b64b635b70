import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A new integration token in Notion's current shape: `ntn_` and 46 base-62 characters. */
export function newToken(): string {
  return "ntn_" + randomString(46);
}

/** A new admin key for the /_quire control API. */
export function newAdminKey(): string {
  return "qadm_" + randomString(40);
}

function randomString(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[bytes[i] % ALPHABET.length];
  return s;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
