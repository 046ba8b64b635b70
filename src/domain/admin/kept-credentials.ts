/**
 * The admin key and the dev token as `meta` keeps them: the admin key's SHA-256
 * (`admin_key_hash`, what the control API checks), and a sealed copy of each
 * (`admin_key_sealed`, `dev_token_sealed`; src/domain/admin/sealed.ts) only so a later start can
 * print them. Without a secret key nothing is sealed. Clear rows of older Quires (`admin_key`,
 * `dev_token`) are converted at start. docs/design/secrets.md.
 */
import type { Tx } from "../../storage/types.js";
import { seal, unseal } from "./sealed.js";
import { hashToken } from "./tokens.js";

const ADMIN_HASH = "admin_key_hash";
const ADMIN_SEALED = "admin_key_sealed";
const DEV_SEALED = "dev_token_sealed";
/** The sealed copies' names, bound into them as additional data. */
const ADMIN_NAME = "admin_key";
const DEV_NAME = "dev_token";

/** The key credentials are sealed with, and where it comes from (for messages). */
export interface Sealing {
  key: Buffer | null;
  /** "<data dir>/secret.key", "QUIRE_SECRET_KEY", … */
  source: string;
}

/** Keeps `adminKey`: its hash, and its sealed copy when there is a key (else none). */
export async function keepAdminKey(tx: Tx, key: Buffer | null, adminKey: string): Promise<void> {
  await tx.setMeta(ADMIN_HASH, hashToken(adminKey));
  if (key) await tx.setMeta(ADMIN_SEALED, seal(key, ADMIN_NAME, adminKey));
  else await tx.deleteMeta(ADMIN_SEALED);
}

/** Keeps the dev integration's token (its hash is the integration's): a sealed copy when there is a key, else none. */
export async function keepDevToken(tx: Tx, key: Buffer | null, token: string): Promise<void> {
  if (key) await tx.setMeta(DEV_SEALED, seal(key, DEV_NAME, token));
  else await tx.deleteMeta(DEV_SEALED);
}

/** Drops the dev token's sealed copy (it no longer opens). */
export async function forgetDevToken(tx: Tx): Promise<void> {
  await tx.deleteMeta(DEV_SEALED);
}

/**
 * Converts what a Quire before sealing kept in clear (`meta.admin_key`, `meta.dev_token`): hash
 * and sealed copy, then the clear rows deleted — in the caller's write unit, so a crash leaves
 * either the old rows or the new ones.
 */
export async function convertClearCredentials(tx: Tx, key: Buffer | null): Promise<void> {
  const admin = await tx.getMeta(ADMIN_NAME);
  if (admin !== null) {
    await keepAdminKey(tx, key, admin);
    await tx.deleteMeta(ADMIN_NAME);
  }
  const dev = await tx.getMeta(DEV_NAME);
  if (dev !== null) {
    await keepDevToken(tx, key, dev);
    await tx.deleteMeta(DEV_NAME);
  }
}

/** True when the store holds a sealed credential (a key must then be the one it was sealed with). */
export async function hasSealedCredentials(tx: Tx): Promise<boolean> {
  return (await tx.getMeta(ADMIN_SEALED)) !== null || (await tx.getMeta(DEV_SEALED)) !== null;
}


async function open(tx: Tx, key: Buffer | null, row: string, name: string): Promise<{ value: string | null; sealed: boolean }> {
  const sealed = await tx.getMeta(row);
  if (sealed === null) return { value: null, sealed: false };
  return { value: key ? unseal(key, name, sealed) : null, sealed: true };
}

/** The admin key's stored hash (null before first start) and its sealed copy opened (null: none, or it does not open). */
export async function readAdminKey(tx: Tx, key: Buffer | null): Promise<{ hash: string | null; value: string | null; sealed: boolean }> {
  return { hash: await tx.getMeta(ADMIN_HASH), ...(await open(tx, key, ADMIN_SEALED, ADMIN_NAME)) };
}

/** The dev token's sealed copy opened (null: none, or it does not open). */
export async function readDevToken(tx: Tx, key: Buffer | null): Promise<{ value: string | null; sealed: boolean }> {
  return open(tx, key, DEV_SEALED, DEV_NAME);
}
