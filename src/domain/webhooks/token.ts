/**
 * A subscription's verification token, kept sealed (`token_sealed`, AES-256-GCM under the
 * server's key like link previews' partner secrets; docs/design/secrets.md) because every
 * delivery is signed with it, and hashed (`token_hash`) for the constant-time check of `verify`.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Deps } from "../context.js";
import type { WebhookSubscriptionRow } from "../../storage/webhooks.js";
import { seal, unseal } from "../admin/sealed.js";

/** The record name a subscription's token is sealed under (a sealed token cannot move to another). */
const sealName = (subscriptionId: string) => `webhook_token:${subscriptionId}`;

/** A new verification token: `secret_` and 43 URL-safe characters (256 random bits). */
export function newVerificationToken(): string {
  return "secret_" + randomBytes(32).toString("base64url");
}

/** The token's columns: sealed with `key`, and its SHA-256. */
export function tokenColumns(key: Buffer, subscriptionId: string, token: string): Pick<WebhookSubscriptionRow, "token_sealed" | "token_hash"> {
  return { token_sealed: seal(key, sealName(subscriptionId), token), token_hash: hashToken(token) };
}

/** The token of `sub` as it was made, or null when the server's key does not open it. */
export function subscriptionToken(deps: Pick<Deps, "sealKey">, sub: WebhookSubscriptionRow): string | null {
  return deps.sealKey ? unseal(deps.sealKey, sealName(sub.id), sub.token_sealed) : null;
}

/** Whether `given` is the token of `sub` (its hash compared in constant time). */
export function tokenMatches(sub: WebhookSubscriptionRow, given: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(given), "hex"), Buffer.from(sub.token_hash, "hex"));
}

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
