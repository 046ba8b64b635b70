/** Page objects (and the URL scheme of pages), per API version. */
import type { PageObjectResponse, PartialPageObjectResponse, RichTextItemResponse } from "@notionhq/client";
import type { NodeRow } from "../storage/types.js";
import { hasArchived, type ApiVersion } from "../api/version.js";
import { isoMinute } from "../domain/clock.js";
import { isTrashed } from "../domain/trash.js";
import { compactId } from "../api/ids.js";
import { plainText } from "../api/rich-text.js";
import { partialUser, presentParent } from "./common.js";
import { shapeItems } from "./mentions.js";
import type { FileUrls } from "../domain/files/urls.js";
import type { Capability } from "../api/capabilities.js";

/** `<origin>/<Title-slug>-<32 hex>`, like Notion's page URLs. */
export function pageUrl(origin: string, id: string, title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${origin}/${slug ? slug + "-" : ""}${compactId(id)}`;
}

export function pageTitle(node: Pick<NodeRow, "properties">): RichTextItemResponse[] {
  return ((node.properties?.title as RichTextItemResponse[] | undefined) ?? []);
}

/**
 * `files` signs the Notion-hosted icon and cover for the reader; `caps` shapes user mentions in
 * the title for the reader (omitted, they are shown in full).
 */
export function presentPage(
  node: NodeRow,
  version: ApiVersion,
  origin: string,
  files: FileUrls,
  caps?: ReadonlySet<Capability>,
  /** A database page's properties (every schema property); other pages show only `title`. */
  properties?: Record<string, unknown>,
): PageObjectResponse {
  const title = pageTitle(node);
  const page: PageObjectResponse = {
    object: "page",
    id: node.id,
    created_time: isoMinute(node.created_time),
    last_edited_time: isoMinute(node.last_edited_time),
    created_by: partialUser(node.created_by),
    last_edited_by: partialUser(node.last_edited_by),
    cover: (files.sign(node.cover, node.id) as PageObjectResponse["cover"]) ?? null,
    icon: (files.sign(node.icon, node.id) as PageObjectResponse["icon"]) ?? null,
    parent: presentParent(node, version) as PageObjectResponse["parent"],
    in_trash: isTrashed(node),
    is_archived: node.is_archived,
    is_locked: node.is_locked,
    properties: (properties as PageObjectResponse["properties"]) ?? {
      // Mentions are not cut at 25 in title and rich_text values (only relation and people
      // arrays are): recorded 2026-03-11 traffic, ultimate-notion tests/cassettes
      // test_more_than_max_mentions_per_text_property #3–#4 (100 items kept on create and read).
      title: { id: "title", type: "title", title: shapeItems(title, caps, { urls: files, src: node.id }) as RichTextItemResponse[] },
    },
    url: pageUrl(origin, node.id, plainText(title)),
    public_url: null,
    archived: isTrashed(node),
  };
  // `archived` was removed in 2026-03-11 (developers.notion.com/docs/upgrade-guide-2026-03-11).
  if (!hasArchived(version)) delete (page as Partial<PageObjectResponse>).archived;
  return page;
}

export function partialPage(id: string): PartialPageObjectResponse {
  return { object: "page", id };
}
