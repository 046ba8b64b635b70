import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

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

/**
 * True when secret `given` is `expected`, in time that depends on neither's content nor length:
 * their SHA-256 digests (always 32 bytes) compared with `timingSafeEqual`.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * True when secret `given` is the one whose SHA-256 (hex) is `hashHex`: the digests compared with
 * `timingSafeEqual` (always 32 bytes against 32), as the admin key is checked against
 * `meta.admin_key_hash`.
 */
export function matchesHash(given: string, hashHex: string): boolean {
  const expected = Buffer.from(hashHex, "hex");
  const digest = createHash("sha256").update(given).digest();
  return expected.length === digest.length && timingSafeEqual(digest, expected);
}

/** The stored form of an integration token: its SHA-256, hex (looked up by index, docs/design/secrets.md). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
