/**
 * Every number and default of webhooks (docs/design/webhooks.md): what Notion documents
 * (developers.notion.com/reference/webhooks; ../shared/spec/notion-api.md §11) and what Quire
 * chose where Notion does not say. The settings a deployment may change come from `Deps.webhooks`
 * (`--webhook-aggregation-ms`, `--webhook-retry-base-ms`, `--webhook-deny-private-urls`).
 */

/** Notion: "up to 8 attempts" (`attempt_number` 1–8). */
export const MAX_ATTEMPTS = 8;
/** One attempt's whole exchange (connect, headers, body), in ms. Notion does not document its own. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/**
 * How often each node sweeps for due events nobody kicked it for: another node's enqueue or
 * retry, a lease that ran out when its node died.
 */
export const DELIVERY_SWEEP_MS = 5_000;
/** A receiver's answer is read up to this many bytes (the log keeps `RESPONSE_EXCERPT_BYTES`). */
export const RESPONSE_MAX_BYTES = 64 * 1024;
/** The response excerpt kept in the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 2048;
/** A delay between attempts never grows beyond this, in ms. */
export const RETRY_MAX_DELAY_MS = 60 * 60 * 1000;
/**
 * A subscription is paused once this many events in a row ended failed (every attempt used):
 * Notion pauses a subscription whose URL keeps failing, without saying when.
 */
export const PAUSE_AFTER_FAILED_EVENTS = 3;
/** Aggregated events wait this long by default (Notion: "typically under a minute"). */
export const DEFAULT_AGGREGATION_MS = 30_000;
/** The first retry's delay by default; each next one doubles (Notion's schedule is not documented). */
export const DEFAULT_RETRY_BASE_MS = 60_000;
/** A subscription URL's longest length. */
export const MAX_URL_LENGTH = 2000;
/** Subscriptions one integration may have at most. */
export const MAX_SUBSCRIPTIONS_PER_INTEGRATION = 20;

/**
 * The versions a subscription's payloads may be shaped for: the SDK's `api_version` of webhook
 * events (node_modules/@notionhq/client/build/src/api-endpoints/webhooks.d.ts), oldest first.
 */
export const WEBHOOK_API_VERSIONS = ["2022-06-28", "2025-09-03", "2026-03-11"] as const;
export type WebhookApiVersion = (typeof WEBHOOK_API_VERSIONS)[number];
/** A new subscription's version when none is given: the newest Notion sends webhooks for. */
export const DEFAULT_WEBHOOK_API_VERSION: WebhookApiVersion = "2026-03-11";

/** Every event type of the SDK's webhook types, in its order; a new subscription gets them all by default. */
export const WEBHOOK_EVENT_TYPES = [
  "page.created",
  "page.content_updated",
  "page.properties_updated",
  "page.moved",
  "page.deleted",
  "page.undeleted",
  "page.locked",
  "page.unlocked",
  "page.transcription_block.transcript_deleted",
  "database.created",
  "database.content_updated",
  "database.moved",
  "database.deleted",
  "database.undeleted",
  "database.schema_updated",
  "data_source.created",
  "data_source.content_updated",
  "data_source.moved",
  "data_source.deleted",
  "data_source.undeleted",
  "data_source.schema_updated",
  "comment.created",
  "comment.updated",
  "comment.deleted",
  "file_upload.created",
  "file_upload.completed",
  "file_upload.expired",
  "file_upload.upload_failed",
  "view.created",
  "view.updated",
  "view.deleted",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** The outbox type of the verification POST (not an event type a subscription chooses). */
export const VERIFICATION_TYPE = "verification";

/** What a deployment sets (`Deps.webhooks`). */
export interface WebhookSettings {
  /** How long aggregated events wait for more of the same (0: sent at once). */
  aggregationMs: number;
  /** The first retry's delay; the n-th waits base × 2^(n−1), at most `RETRY_MAX_DELAY_MS`. */
  retryBaseMs: number;
  /** Whether subscription URLs may reach private and loopback addresses (default true: the local-development point). */
  allowPrivate: boolean;
  /** One attempt's whole exchange, in ms (default `ATTEMPT_TIMEOUT_MS`; tests make it short). */
  attemptTimeoutMs: number;
  /** How often a node looks for due events no kick or timer told it of, in ms (default `DELIVERY_SWEEP_MS`). */
  sweepMs: number;
}

/** The settings in force: `deps.webhooks` over the defaults. */
export function webhookSettings(deps: { webhooks?: Partial<WebhookSettings> }): WebhookSettings {
  return {
    aggregationMs: deps.webhooks?.aggregationMs ?? DEFAULT_AGGREGATION_MS,
    retryBaseMs: deps.webhooks?.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
    allowPrivate: deps.webhooks?.allowPrivate ?? true,
    attemptTimeoutMs: deps.webhooks?.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS,
    sweepMs: deps.webhooks?.sweepMs ?? DELIVERY_SWEEP_MS,
  };
}

/** The delay before attempt `next` (2…8) of an event, in ms. */
export function retryDelay(settings: WebhookSettings, next: number): number {
  return Math.min(RETRY_MAX_DELAY_MS, settings.retryBaseMs * 2 ** Math.max(0, next - 2));
}
