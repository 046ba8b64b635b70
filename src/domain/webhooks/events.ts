/**
 * Webhook events as Notion names and shapes them (developers.notion.com/reference/webhooks-events-delivery;
 * the SDK's api-endpoints/webhooks.d.ts; ../shared/spec/notion-api.md §11.4): the types, which of
 * them are aggregated, which capability an integration needs to receive them, and each event's
 * form for a subscription's api_version. Changes are described once in the current vocabulary
 * (`data_source.*`, parents naming their data source) and mapped down to 2022-06-28, where a data
 * source's changes are its database's (`database.content_updated`, `database.schema_updated`) and
 * data sources have no events of their own.
 */
import type { Capability } from "../../api/capabilities.js";
import type { WebhookEventType } from "./policy.js";

/** Every event type Quire emits: the SDK's (policy.ts) but the transcription one, as Quire has no transcripts. */
export type EventType = Exclude<WebhookEventType, "page.transcription_block.transcript_deleted">;

/**
 * Aggregated types: Notion's table marks page, database and data source events "aggregated"
 * except locks (developers.notion.com/reference/webhooks-events-delivery, "Aggregated events");
 * comment, file upload and view events are sent as they happen.
 */
const AGGREGATED: ReadonlySet<string> = new Set([
  "page.created",
  "page.content_updated",
  "page.properties_updated",
  "page.moved",
  "page.deleted",
  "page.undeleted",
  "database.created",
  "database.content_updated",
  "database.schema_updated",
  "database.moved",
  "database.deleted",
  "database.undeleted",
  "data_source.created",
  "data_source.content_updated",
  "data_source.schema_updated",
  "data_source.moved",
  "data_source.deleted",
  "data_source.undeleted",
]);

/** Whether Notion batches events of this type over the aggregation window. */
export const isAggregated = (type: string): boolean => AGGREGATED.has(type);

/**
 * The capability an integration needs to be sent the event: comment events need "read comments"
 * (the spec's §11.4, "requires read comments capability"); content events "read content"; an
 * upload's events go to the integration that made it, which needs nothing more.
 */
export function capabilityFor(type: string): Capability | null {
  if (type.startsWith("comment.")) return "read_comments";
  if (type.startsWith("file_upload.")) return null;
  return "read_content";
}

/** `entity.type` values (WebhookPageEntity, WebhookDatabaseEventEntity, …). */
export type EntityType = "page" | "database" | "data_source" | "block" | "comment" | "file_upload" | "view";

export interface Entity {
  id: string;
  type: EntityType;
}

/** `data.parent` (the SDK's WebhookParentBlock). */
export interface WebhookParent {
  id: string;
  type: "space" | "block" | "page" | "database" | "team" | "agent";
  data_source_id?: string;
}

/** An event in one version's form: what the payload's `type`, `entity` and `data` say. */
export interface EventForm {
  type: EventType;
  entity: Entity;
  data: Record<string, unknown> | null;
}

/**
 * One change, in each vocabulary: `current` for 2025-09-03 and later, `legacy` for 2022-06-28
 * (null when Notion sends that version nothing for it).
 */
export interface Change {
  current: EventForm | null;
  legacy: EventForm | null;
}

/** The form of `change` a subscription of `apiVersion` is sent. */
export function formFor(change: Change, apiVersion: string): EventForm | null {
  return apiVersion === "2022-06-28" ? change.legacy : change.current;
}

/** Notion's `authors` entries. */
export interface Author {
  id: string;
  type: "person" | "bot";
}

/** Who decides whether an integration sees the event: shares along a node's ancestry, or the upload's creator. */
export type Audience = { ancestry: readonly string[] } | { creator: string };
