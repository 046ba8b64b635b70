/**
 * A subscription's verification token (docs/design/webhooks.md, "The verification token"): made
 * from 256 bits of randomness as `secret_` + 43 url-safe characters (Notion's tokens start
 * `secret_`), stored twice — sealed with the server's key (the delivery worker reads it back: it
 * is the HMAC key of every body) and as its SHA-256 (what `verify` compares in constant time).
 * Never stored in clear: the verification POST's body is built when it is sent.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Deps } from "../context.js";
import type { WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { seal, unseal } from "../admin/sealed.js";
import { errors } from "../../api/errors.js";

/** A new verification token. */
export const newVerificationToken = (): string => "secret_" + randomBytes(32).toString("base64url");

/** The token's stored hash: SHA-256, hex. */
export const tokenHash = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** The name a subscription's token is sealed under (a sealed value cannot move to another record). */
const sealName = (subscriptionId: string) => `webhook_token:${subscriptionId}`;

/** The token sealed for subscription `id`; refused without a server key (nothing could sign later). */
export function sealToken(deps: Pick<Deps, "sealKey">, id: string, token: string): string {
  if (!deps.sealKey) throw errors.validation("Webhooks need the server's secret key (QUIRE_SECRET_KEY or --secret-key-file): each subscription's verification token is kept sealed to sign its deliveries.");
  return seal(deps.sealKey, sealName(id), token);
}

/** The subscription's token in clear (to sign a body or send the verification POST); null when this server's key cannot open it. */
export function subscriptionToken(deps: Pick<Deps, "sealKey">, row: Pick<WebhookSubscriptionRow, "id" | "token_sealed">): string | null {
  return deps.sealKey ? unseal(deps.sealKey, sealName(row.id), row.token_sealed) : null;
}

/** Whether `given` is the subscription's token: compared by hash, in constant time. */
export function tokenMatches(row: Pick<WebhookSubscriptionRow, "token_hash">, given: string): boolean {
  const a = Buffer.from(tokenHash(given), "hex");
  const b = Buffer.from(row.token_hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The verification POST's exact body (compact JSON, as Notion sends it). */
export const verificationBody = (token: string): string => JSON.stringify({ verification_token: token });

/** What the delivery log shows of a verification body: the token cut to its prefix. */
export const REDACTED_VERIFICATION_BODY = verificationBody("secret_…");
