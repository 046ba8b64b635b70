/**
 * Sealing for the few secrets a later start must show again (the admin key, the dev token):
 * AES-256-GCM under a key-encryption key kept outside the database (src/secret-key.ts), a random
 * 12-byte IV per seal, the record's name as additional data so a sealed value cannot be moved to
 * another record. docs/design/secrets.md.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Bytes of a key-encryption key (AES-256). */
export const SECRET_KEY_BYTES = 32;

const PREFIX = "aes-256-gcm:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `plain` sealed under `key` for the record `name`: `aes-256-gcm:` + base64(IV ‖ tag ‖ ciphertext). */
export function seal(key: Buffer, name: string, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(name, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** What `sealed` holds, or null when `key` (or `name`) is not the one it was sealed with, or it is damaged. */
export function unseal(key: Buffer, name: string, sealed: string): string | null {
  if (!sealed.startsWith(PREFIX)) return null;
  const raw = Buffer.from(sealed.slice(PREFIX.length), "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(name, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
