/**
 * The key-encryption key that seals the admin key and the dev token (src/domain/admin/sealed.ts),
 * kept outside the database: `<data dir>/secret.key` (SQLite; made at first start, mode 0600), or
 * `--secret-key-file PATH` / `QUIRE_SECRET_KEY` (base64; every PostgreSQL node the same). The file
 * holds the 32 random bytes in base64 on one line, so it can be copied into QUIRE_SECRET_KEY.
 * docs/design/secrets.md.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Store } from "./storage/types.js";
import { hasSealedCredentials, type Sealing } from "./domain/admin/kept-credentials.js";
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

/** What of `startQuire`'s options decides the key. */
export interface SecretKeyOptions {
  secretKey?: string;
  secretKeyFile?: string;
  memory?: boolean;
  databaseUrl?: string;
  adminKey?: string;
}

/**
 * The key sealing the admin key and the dev token: given (`secretKey`, `secretKeyFile`), else
 * `<data dir>/secret.key` on SQLite — made at first start, but never in place of a lost one while
 * the database holds sealed copies (unless `--admin-key` is given to re-seal) —, none on
 * PostgreSQL, a new one per process in memory.
 */
export async function secretKeyOf(opts: SecretKeyOptions, dir: string, store: Store): Promise<Sealing> {
  if (opts.secretKey !== undefined) return { key: parseSecretKey(opts.secretKey, "QUIRE_SECRET_KEY"), source: "QUIRE_SECRET_KEY" };
  if (opts.secretKeyFile !== undefined) {
    const key = readSecretKeyFile(opts.secretKeyFile);
    if (!key) throw new StartupError(`--secret-key-file ${opts.secretKeyFile}: no such file.`);
    return { key, source: opts.secretKeyFile };
  }
  // PostgreSQL first: with `memory` too (files in memory), the database outlives the process.
  if (opts.databaseUrl) return { key: null, source: "" };
  if (opts.memory) return { key: randomBytes(SECRET_KEY_BYTES), source: "(this process's)" };
  const path = join(dir, SECRET_KEY_FILE);
  const key = readSecretKeyFile(path);
  if (key) return { key, source: path };
  if (!opts.adminKey && (await store.read(hasSealedCredentials)))
    throw new StartupError(
      `The secret key ${path} is missing, and the database holds the admin key and dev token sealed with it. ` +
        `Restore it from the backup of this data directory, or start once with --admin-key KEY to make a new secret key and seal a new admin key (the dev token is then not shown; rotate it).`,
    );
  return { key: createSecretKeyFile(path), source: path };
}
