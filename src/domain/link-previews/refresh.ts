/**
 * Keeping previews current: Notion calls the unfurl callback again "on revisits to refresh"
 * (Build a Link Preview integration). Quire has no page views to notice, so a preview is
 * re-unfurled when read through the control API and older than a maximum age
 * (`GET /_quire/v1/link_previews/{id}?max_age_seconds=N`, default `DEFAULT_MAX_AGE_MS`), or on
 * demand (`POST /_quire/v1/link_previews/{id}/refresh`). Partners push changes themselves with
 * PATCH /v1/external/object (external-object.ts); both end in `applyUnfurl`.
 */
import type { Deps } from "../context.js";
import type { LinkPreviewRow, Tx } from "../../storage/types.js";
import { errors } from "../../api/errors.js";
import { partnerAccessToken } from "./accounts.js";
import { refreshMention } from "./blocks.js";
import type { Unfurl } from "./operations.js";
import { activeSettings } from "./settings.js";
import { callUnfurl } from "./unfurl.js";
import { viewPreview } from "./view.js";

/** A preview older than this is re-unfurled when read (one hour). */
export const DEFAULT_MAX_AGE_MS = 60 * 60 * 1000;

/** GET: the preview, re-unfurled first when older than `maxAgeMs`. */
export async function readPreview(deps: Deps, ws: string, id: string, maxAgeMs: number) {
  const row = await previewOr404(deps, ws, id);
  if (deps.clock.now() - row.unfurled_time <= maxAgeMs) return viewPreview(row);
  return refreshPreview(deps, ws, id);
}

/** POST …/refresh: calls the unfurl callback again with the person's partner token and keeps the answer. */
export async function refreshPreview(deps: Deps, ws: string, id: string) {
  const row = await previewOr404(deps, ws, id);
  const settings = await deps.store.read((tx) => activeSettings(deps, tx, row.client_id));
  if (!settings) throw errors.validation(`The integration of link preview ${id} no longer has link previews set up.`);
  const token = await partnerAccessToken(deps, ws, row.user_id, settings);
  if (token === null) throw errors.validation(`The person who pasted link preview ${id} has no linked account with "${settings.client.name}" any more: paste the link again to connect it.`);
  const unfurl = await callUnfurl(deps, settings, token, row.url);
  return deps.store.write(async (tx) => {
    const current = await tx.linkPreviews.getPreview(ws, id);
    if (!current) throw errors.notFound("link_preview", id);
    return viewPreview(await applyUnfurl(tx, current, unfurl, deps.clock.now()));
  });
}

/**
 * Applies operations to a stored preview: attributes replace the whole set and clear an error
 * unless one is sent with them; an error alone keeps the attributes (Notion's PATCH
 * /v1/external/object: "sending attributes without error clears an error").
 */
export async function applyUnfurl(tx: Tx, row: LinkPreviewRow, unfurl: Unfurl, now: number): Promise<LinkPreviewRow> {
  const next: LinkPreviewRow = {
    ...row,
    attributes: unfurl.attributes ? JSON.stringify(unfurl.attributes) : row.attributes,
    error: unfurl.error ? JSON.stringify(unfurl.error) : unfurl.attributes ? null : row.error,
    unfurled_time: now,
  };
  await tx.linkPreviews.updatePreview(next);
  if (unfurl.attributes) await refreshMention(tx, next, unfurl.attributes);
  return next;
}

async function previewOr404(deps: Deps, ws: string, id: string): Promise<LinkPreviewRow> {
  const row = await deps.store.read((tx) => tx.linkPreviews.getPreview(ws, id));
  if (!row) throw errors.notFound("link_preview", id);
  return row;
}
