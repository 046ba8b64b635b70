/**
 * Passwords: rules, hashing and checking (docs/decisions/passwords-scrypt.md). Hashes are
 * node's scrypt (memory-hard) in a PHC-style string that carries its own parameters —
 * `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (salt and key base64, unpadded) — so the cost can rise later
 * without invalidating stored hashes. Checked in constant time. A password is Unicode-normalized
 * (NFKC, as NIST SP 800-63B asks) before hashing, so the same characters typed on another keyboard
 * or sent by another browser match.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** Shortest password accepted, in characters (code points after normalization). */
export const PASSWORD_MIN_CHARS = 12;
/** Longest password accepted, in characters: hashing cost does not grow with it, but a form field should end somewhere. */
export const PASSWORD_MAX_CHARS = 1024;

/** The cost new hashes are made with: N = 2^15, r = 8, p = 1 (32 MiB, tens of ms). */
const COST = { ln: 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Bounds on parameters read from a stored hash, so a damaged row cannot ask for gigabytes. */
const BOUNDS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

interface Cost {
  ln: number;
  r: number;
  p: number;
}

/** Why `password` cannot be used, in a sentence naming `field` (never the password itself); null when it can. */
export function passwordProblem(password: string, field: string): string | null {
  const chars = [...password.normalize("NFKC")].length;
  if (chars < PASSWORD_MIN_CHARS) return `${field} should be at least ${PASSWORD_MIN_CHARS} characters long (it has ${chars}).`;
  if (chars > PASSWORD_MAX_CHARS) return `${field} should be at most ${PASSWORD_MAX_CHARS} characters long (it has ${chars}).`;
  return null;
}

/** The stored form of `password`: a fresh salt, today's cost. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return `$scrypt$ln=${COST.ln},r=${COST.r},p=${COST.p}$${b64(salt)}$${b64(key)}`;
}

/** True when `password` is the one `stored` was made from (constant-time); false for a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with a lower cost than today's (a sign-in may rehash it). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.cost.ln !== COST.ln || parsed.cost.r !== COST.r || parsed.cost.p !== COST.p;
}

/**
 * A hash at today's cost of a random password nobody kept: checking against it costs what checking
 * a real password costs. Fixed in the source so no start pays for making it; knowing it gains
 * nothing (an email without an account or a password never signs in, whatever the check says).
 */
const DUMMY_HASH = "$scrypt$ln=15,r=8,p=1$k7m/aj9/I7R6JLmuBmCqvw$ig/RjefgJHt20tarJ2veKQVAujU65UKL6Ej++HlGa/g";

/**
 * Spends what checking a real password costs, for an email with no account or no password: the
 * answer and its timing are then the same as for a wrong password. Always false.
 */
export async function verifyNothing(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A strong generated password: 24 characters from 57 unambiguous ones (about 140 bits), no modulo bias. */
export function generatePassword(): string {
  let out = "";
  while (out.length < 24) {
    for (const byte of randomBytes(32)) {
      // 57 * 4 = 228: bytes at or above it would favour the first letters.
      if (byte < 228 && out.length < 24) out += ALPHABET[byte % 57];
    }
  }
  return out;
}

function derive(password: string, salt: Buffer, cost: Cost, bytes: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFKC"), salt, bytes, options, (e, key) => (e ? reject(e) : resolve(key))));
}

function parseHash(stored: string): { cost: Cost; salt: Buffer; key: Buffer } | null {
  const m = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!m) return null;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const k of ["ln", "r", "p"] as const) if (cost[k] < BOUNDS[k][0] || cost[k] > BOUNDS[k][1]) return null;
  const salt = Buffer.from(m[4], "base64");
  const key = Buffer.from(m[5], "base64");
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { cost, salt, key };
}

const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");
