/** Request shapes of the webhook control routes (src/routes/admin-webhooks.ts), worded as Notion words its validation errors. */
import { array, boolean, object, oneOf, optional, string, type V, fail } from "../api/validate.js";
import { MAX_URL_LENGTH, WEBHOOK_API_VERSIONS, WEBHOOK_EVENT_TYPES } from "../domain/webhooks/policy.js";

/**
 * A subscription URL: absolute http(s), no user name or password in it, at most
 * `MAX_URL_LENGTH` characters (whether it may reach a private address is the domain's check).
 */
export const webhookUrl = (): V<string> => (value, path) => {
  const s = string({ minLength: 1, maxLength: MAX_URL_LENGTH })(value, path);
  let url: URL | null = null;
  try {
    url = new URL(s);
  } catch {
    /* failed below */
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || !url.hostname) fail(path, "should be an absolute http or https URL", value);
  if (url.username || url.password) fail(path, "should not carry a user name or password", value);
  return s;
};

/** A non-empty list of the SDK's event types, each once (order kept). */
const eventTypes = (): V<string[]> => (value, path) => {
  const list = array(oneOf(WEBHOOK_EVENT_TYPES), { minLength: 1, maxLength: WEBHOOK_EVENT_TYPES.length * 4 })(value, path);
  return [...new Set(list)];
};

export const createWebhookBody = object({
  url: webhookUrl(),
  event_types: optional(eventTypes()),
  api_version: optional(oneOf(WEBHOOK_API_VERSIONS)),
  auto_verify: optional(boolean()),
});

export const updateWebhookBody = object({
  url: optional(webhookUrl()),
  event_types: optional(eventTypes()),
  api_version: optional(oneOf(WEBHOOK_API_VERSIONS)),
  status: optional(oneOf(["active", "paused"] as const)),
});

export const verifyWebhookBody = object({
  verification_token: string({ minLength: 1, maxLength: 200 }),
});

export const deliveriesQuery = object({
  status: optional(oneOf(["pending", "delivered", "failed", "dropped"] as const)),
});
