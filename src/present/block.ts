/** Block objects, per API version. A page reads as its `child_page` block (same id). */
import type { BlockObjectResponse, PartialBlockObjectResponse } from "@notionhq/client";
import type { StoredNode } from "../storage/types.js";
import { atLeast, hasArchived, type ApiVersion } from "../api/version.js";
import { isoMinute } from "../domain/clock.js";
import { isTrashed } from "../domain/trash.js";
import { plainText } from "../api/rich-text.js";
import { partialUser, presentParent } from "./common.js";
import { pageTitle } from "./page.js";
import { shapeMentions } from "./mentions.js";
import type { Capability } from "../api/capabilities.js";
import type { FileUrls } from "../domain/files/urls.js";

/** The block type a node shows as, and its payload. */
function typeAndPayload(node: StoredNode, version: ApiVersion): [string, Record<string, unknown>] {
  if (node.type === "page") return ["child_page", { title: plainText(pageTitle(node)) }];
  if (node.type === "database") return ["child_database", { title: plainText(node.data.title as { plain_text: string }[]) }];
  // Renamed meeting_notes in 2026-03-11 (developers.notion.com/docs/upgrade-guide-2026-03-11).
  if (node.type === "meeting_notes" && !atLeast(version, "2026-03-11")) return ["transcription", node.data];
  return [node.type, node.data];
}

/** A payload with its Notion-hosted file (media blocks) and icon (callouts) signed for the reader. */
function signedPayload(payload: Record<string, unknown>, src: string, files: FileUrls): Record<string, unknown> {
  const out = files.sign(payload, src);
  return out.icon ? { ...out, icon: files.sign(out.icon, src) } : out;
}

/** `files` signs Notion-hosted files for the reader; `caps` shapes user mentions (omitted, they are shown in full). */
export function presentBlock(node: StoredNode, version: ApiVersion, files: FileUrls, caps?: ReadonlySet<Capability>): BlockObjectResponse {
  const [type, raw] = typeAndPayload(node, version);
  const payload = signedPayload(shapeMentions(raw, caps, { urls: files, src: node.id }), node.id, files);
  const block: Record<string, unknown> = {
    object: "block",
    id: node.id,
    parent: presentParent(node, version),
    created_time: isoMinute(node.created_time),
    last_edited_time: isoMinute(node.last_edited_time),
    created_by: partialUser(node.created_by),
    last_edited_by: partialUser(node.last_edited_by),
    // A child_database block's rows are not block children.
    has_children: node.type === "database" ? false : node.has_children,
    in_trash: isTrashed(node),
    type,
    [type]: payload,
  };
  if (hasArchived(version)) block.archived = isTrashed(node);
  return block as BlockObjectResponse;
}

export function partialBlock(id: string): PartialBlockObjectResponse {
  return { object: "block", id };
}
