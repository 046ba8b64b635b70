/**
 * `quire webhook …`: webhook subscriptions and their delivery log over
 * `/_quire/v1[/workspaces/{id}]/integrations/{id}/webhooks` and `…/webhooks/{id}`
 * (docs/design/webhooks.md). The subscription's URL is `--webhook-url` (`--url` names the server,
 * as for every control command). `tail` is the delivery worker's (its own module).
 */
import { ConfigError } from "./config.js";

/** The options `webhook` commands add to the control CLI's (`--event-type` repeats). */
export const WEBHOOK_OPTIONS = {
  integration: { type: "string" },
  "webhook-url": { type: "string" },
  "event-type": { type: "string", multiple: true },
  "api-version": { type: "string" },
  "auto-verify": { type: "boolean" },
  status: { type: "string" },
  "page-size": { type: "string" },
  cursor: { type: "string" },
} as const;

/** Parsed values of the options above. */
export interface WebhookValues {
  integration?: string;
  "webhook-url"?: string;
  "event-type"?: string[];
  "api-version"?: string;
  "auto-verify"?: boolean;
  status?: string;
  "page-size"?: string;
  cursor?: string;
}

type Request = [string, string, unknown?];

/**
 * The request `quire webhook SUB [A] [B]` stands for under prefix `ws`: undefined when the
 * command is another, null for a usage error the caller reports with the usage text.
 */
export function webhookRoute(command: string, sub: string | undefined, a: string | undefined, b: string | undefined, values: WebhookValues, ws: string): Request | null | undefined {
  if (command !== "webhook") return undefined;
  switch (sub) {
    case "create":
      if (!values.integration || !values["webhook-url"]) throw new ConfigError("webhook create needs --integration INTEGRATION_ID and --webhook-url URL.");
      return ["POST", `${ws}/integrations/${values.integration}/webhooks`, { url: values["webhook-url"], event_types: values["event-type"], api_version: values["api-version"], auto_verify: values["auto-verify"] }];
    case "list":
      if (!values.integration) throw new ConfigError("webhook list needs --integration INTEGRATION_ID.");
      return ["GET", `${ws}/integrations/${values.integration}/webhooks`];
    case "get":
      return a ? ["GET", `${ws}/webhooks/${a}`] : null;
    case "update":
      return a ? ["PATCH", `${ws}/webhooks/${a}`, { url: values["webhook-url"], event_types: values["event-type"], api_version: values["api-version"], status: values.status }] : null;
    case "pause":
      return a ? ["PATCH", `${ws}/webhooks/${a}`, { status: "paused" }] : null;
    case "resume":
      return a ? ["PATCH", `${ws}/webhooks/${a}`, { status: "active" }] : null;
    case "delete":
      return a ? ["DELETE", `${ws}/webhooks/${a}`] : null;
    case "verify":
      return a && b ? ["POST", `${ws}/webhooks/${a}/verify`, { verification_token: b }] : null;
    case "resend":
      return a ? ["POST", `${ws}/webhooks/${a}/resend_verification`] : null;
    case "deliveries":
      return a ? ["GET", `${ws}/webhooks/${a}/deliveries${query(values)}`] : null;
  }
  return null;
}

/** `?status=…&page_size=…&start_cursor=…` from the flags given. */
function query(values: WebhookValues): string {
  const q = new URLSearchParams();
  if (values.status) q.set("status", values.status);
  if (values["page-size"]) q.set("page_size", values["page-size"]);
  if (values.cursor) q.set("start_cursor", values.cursor);
  const s = q.toString();
  return s ? `?${s}` : "";
}
