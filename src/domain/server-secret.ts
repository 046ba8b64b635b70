/**
 * Server keys (HMAC keys of download URLs and CSRF tokens): 256 random bits made once per data
 * directory or database and kept in `meta`, so every node of a Quire signs and checks alike.
 * They must be readable to sign, so they are the one kind of secret stored as it is
 * (docs/design/secrets.md).
 */
import { randomBytes } from "node:crypto";
import type { Store } from "../storage/types.js";

/** The names of the server keys in `meta`. */
export type ServerSecretName = "file_url_secret" | "csrf_key";

/** Server key `name`: read, or made and kept in the same write unit (the first node to start makes it). */
export async function serverSecret(store: Store, name: ServerSecretName): Promise<string> {
  return store.write(async (tx) => {
    const known = await tx.getMeta(name);
    if (known) return known;
    const key = randomBytes(32).toString("hex");
    await tx.setMeta(name, key);
    return key;
  });
}
