/**
 * The key-encryption key that seals the admin key and the dev token (src/domain/admin/sealed.ts),
 * kept outside the database: `<data dir>/secret.key` (SQLite; made at first start, mode 0600), or
 * `--secret-key-file PATH` / `QUIRE_SECRET_KEY` (base64; every PostgreSQL node the same). The file
 * holds the 32 random bytes in base64 on one line, so it can be copied into QUIRE_SECRET_KEY.
 * docs/design/secrets.md.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { SECRET_KEY_BYTES } from "./domain/admin/sealed.js";
import { StartupError } from "./domain/admin/startup-error.js";

export const SECRET_KEY_FILE = "secret.key";

/** The key in `text` (base64 of 32 bytes, surrounding blanks ignored); a StartupError naming `source` otherwise. */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== SECRET_KEY_BYTES)
    throw new StartupError(`${source} should hold a secret key: ${SECRET_KEY_BYTES} random bytes in base64 (44 characters, e.g. from \`openssl rand -base64 32\`).`);
  return key;
}

/** The key kept in the file at `path`, or null when there is no such file. */
export function readSecretKeyFile(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new StartupError(`Cannot read the secret key ${path} (${code}): it must be readable by the user running Quire.`);
  }
  return parseSecretKey(text, path);
}

/** A new random key, written to `path` (mode 0600; never over an existing file). */
export function createSecretKeyFile(path: string): Buffer {
  const key = randomBytes(SECRET_KEY_BYTES);
  writeFileSync(path, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return key;
}
