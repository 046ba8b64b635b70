/**
 * The bytes a delivery sends and their signature, as Notion makes them
 * (developers.notion.com/reference/webhooks, "Validating event payloads"): the envelope as
 * compact JSON with `attempt_number` in the place the SDK's `BaseWebhookPayload` gives it, and
 * `X-Notion-Signature: sha256=<hex HMAC-SHA256(verification_token, body bytes)>`. The SDK's
 * `verifyWebhookSignature` accepts every body signed here (test/webhooks-delivery.test.ts).
 */
import { createHmac } from "node:crypto";

type Json = Record<string, unknown>;

/**
 * `attempt_number` goes before the first of these the stored envelope has: after `authors` (and
 * `accessible_by`), before `api_version`, as the SDK's `BaseWebhookPayload` and Notion's examples
 * have it; the order of the other fields is the one emit.ts stored.
 */
const AFTER_ATTEMPT = new Set(["api_version", "entity", "data"]);

/** `sha256=<hex>`: the value of `X-Notion-Signature` for `body` under the subscription's token. */
export function signBody(token: string, body: string): string {
  return "sha256=" + createHmac("sha256", token).update(body, "utf8").digest("hex");
}

/**
 * The body of attempt `attempt` of a stored envelope (`payload`, kept without `attempt_number`):
 * compact JSON, `attempt_number` before `api_version`, every other field in its stored order.
 */
export function deliveryBody(payload: Json, attempt: number): string {
  const out: Json = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key === "attempt_number") continue;
    if (AFTER_ATTEMPT.has(key) && !("attempt_number" in out)) out.attempt_number = attempt;
    out[key] = value;
  }
  if (!("attempt_number" in out)) out.attempt_number = attempt;
  return JSON.stringify(out);
}
