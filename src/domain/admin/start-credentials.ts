/**
 * What a later start knows of the admin key and the dev token (src/domain/admin/kept-credentials.ts):
 * clear rows of older Quires converted, the sealed copies opened, `--admin-key` / `--token`
 * applied, and — when a value cannot be shown — a sentence saying why and how to get one.
 */
import type { IntegrationRow, Tx } from "../../storage/types.js";
import { convertClearCredentials, forgetDevToken, keepAdminKey, keepDevToken, readAdminKey, readDevToken, type Sealing } from "./kept-credentials.js";
import { hashToken, newAdminKey } from "./tokens.js";
import { StartupError } from "./startup-error.js";

export interface StartCredentials {
  /** The admin key, when this start can show it. */
  adminKey: string | null;
  /** Why `adminKey` is null, and how to get one. */
  adminKeyProblem?: string;
  /** SHA-256 (hex) of the admin key: what the control API checks. */
  adminKeyHash: string;
  /** The dev integration's token, when this start can show it and it works. */
  token: string | null;
  tokenProblem?: string;
}

/** The credentials at a later start, in the caller's write unit; a StartupError when the secret key is not this data's. */
export async function reuseCredentials(tx: Tx, sealing: Sealing, dev: IntegrationRow | null, opts: { adminKey?: string; token?: string }): Promise<StartCredentials> {
  await convertClearCredentials(tx, sealing.key);
  const admin = await readAdminKey(tx, sealing.key);
  // A sealed copy the key does not open: another deployment's key, or a lost one. Refused rather
  // than silently re-keyed; --admin-key is the operator saying "seal this one under this key".
  const wrongKey = admin.sealed && sealing.key !== null && admin.value === null;
  if (wrongKey && !opts.adminKey) throw new StartupError(wrongKeyMessage(sealing.source));
  const given = opts.adminKey ?? (admin.hash === null ? newAdminKey() : undefined);
  if (given !== undefined && (admin.hash !== hashToken(given) || (sealing.key !== null && admin.value !== given))) await keepAdminKey(tx, sealing.key, given);
  const adminKey = given ?? admin.value;
  if (wrongKey) await forgetDevToken(tx);
  const token = await devToken(tx, sealing.key, dev, opts.token);
  return {
    adminKey,
    adminKeyProblem: adminKey === null ? notShown("admin key", admin.sealed, "or set another with --admin-key KEY") : undefined,
    adminKeyHash: given !== undefined ? hashToken(given) : admin.hash!,
    token: token.value,
    tokenProblem: tokenProblem(dev, token.value, token.sealed, wrongKey),
  };
}

/** The dev token to show: `--token` applied, else the sealed copy opened. */
async function devToken(tx: Tx, key: Buffer | null, dev: IntegrationRow | null, given: string | undefined): Promise<{ value: string | null; sealed: boolean }> {
  if (given === undefined) return readDevToken(tx, key);
  if (!dev) {
    // The same token as before is no change; another one has nothing to apply to.
    const kept = await readDevToken(tx, key);
    if (kept.value !== null && kept.value !== given) throw new StartupError('--token cannot be applied: the integration "Quire Dev" was deleted from this data directory.');
    return kept;
  }
  if (dev.token_hash !== hashToken(given)) {
    const holder = await tx.getIntegrationByTokenHash(hashToken(given));
    if (holder && holder.id !== dev.id) throw new StartupError(`--token is already the token of another integration ("${holder.name}", ${holder.id}); choose a different value.`);
    await tx.updateIntegration({ ...dev, token_hash: hashToken(given) });
    dev.token_hash = hashToken(given);
  }
  const kept = await readDevToken(tx, key);
  if (kept.value !== given) await keepDevToken(tx, key, given);
  return { value: given, sealed: key !== null };
}

function tokenProblem(dev: IntegrationRow | null, token: string | null, sealed: boolean, wrongKey: boolean): string | undefined {
  if (!dev) return 'the integration "Quire Dev" was deleted; `quire integration create --name NAME` makes another';
  const rotate = `\`quire integration update ${dev.id} --rotate-token\` gives a new one`;
  if (token === null && wrongKey) return `it was sealed with another secret key, which this start replaced; ${rotate}`;
  if (token === null) return notShown("dev token", sealed, `or ${rotate}`);
  // The kept token is the one that works unless the integration was rotated by a Quire that did
  // not record rotations (the control API records them since).
  if (dev.token_hash !== hashToken(token)) return `the token of "${dev.name}" was rotated; ${rotate}`;
  return undefined;
}

/** Why a credential cannot be shown: sealed but no key given, or never sealed (no key when it was made). */
function notShown(what: string, sealed: boolean, remedy: string): string {
  return sealed
    ? `the ${what} is sealed in the database: start with this deployment's --secret-key-file or QUIRE_SECRET_KEY to show it, ${remedy}`
    : `the ${what} is not kept in clear and there is no secret key to seal it with: it was printed when it was made; ${remedy}`;
}

function wrongKeyMessage(source: string): string {
  return (
    `The admin key sealed in the database does not open with the secret key ${source}: it is not the key this data was sealed with. ` +
    `Restore the secret key kept with this data (--secret-key-file PATH or QUIRE_SECRET_KEY on PostgreSQL), ` +
    `or start once with --admin-key KEY to seal a new admin key under this secret key (the dev token is then not shown; rotate it).`
  );
}
