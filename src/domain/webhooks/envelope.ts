/**
 * The envelope every event is sent in, field by field in Notion's order
 * (developers.notion.com/reference/webhooks-events-delivery, "Event properties", and its sample
 * bodies): id, timestamp, workspace_id, workspace_name, subscription_id, integration_id, type,
 * authors, accessible_by (public integrations only), attempt_number, api_version, entity, data.
 * The outbox keeps it without `attempt_number`, which each attempt sets (sign.ts `deliveryBody`).
 */
import type { Author, EventForm } from "./events.js";

/** What one subscription is sent, as the outbox stores it. */
export interface EnvelopeInput {
  id: string;
  timestamp: string;
  workspaceId: string;
  workspaceName: string;
  subscriptionId: string;
  integrationId: string;
  apiVersion: string;
  form: EventForm;
  authors: Author[];
  /** Public integrations only: the installations' bots and owners that see the entity. */
  accessibleBy?: Author[];
}

/** The stored payload: the envelope without `attempt_number`, keys in Notion's order. */
export function buildEnvelope(e: EnvelopeInput): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: e.id,
    timestamp: e.timestamp,
    workspace_id: e.workspaceId,
    workspace_name: e.workspaceName,
    subscription_id: e.subscriptionId,
    integration_id: e.integrationId,
    type: e.form.type,
    authors: e.authors,
  };
  if (e.accessibleBy) out.accessible_by = e.accessibleBy;
  out.api_version = e.apiVersion;
  out.entity = e.form.entity;
  if (e.form.data) out.data = e.form.data;
  return out;
}
