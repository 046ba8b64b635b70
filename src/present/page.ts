/** Page objects (and the URL scheme of pages), per API version. */
import type { PageObjectResponse, PartialPageObjectResponse, RichTextItemResponse } from "@notionhq/client";
import type { NodeRow } from "../storage/types.js";
import { hasArchived, type ApiVersion } from "../http/version.js";
import { isoMinute } from "../domain/clock.js";
import { isTrashed } from "../domain/trash.js";
import { compactId } from "../domain/ids.js";
import { LIMITS } from "../domain/limits.js";
import { plainText } from "../domain/rich-text.js";
import { partialUser, presentParent } from "./common.js";
import { shapeItems } from "./mentions.js";
import type { FileUrls } from "../domain/files/urls.js";
import type { Capability } from "../storage/types.js";

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

/** A page object keeps at most 25 mentions per property (references beyond are cut). */
export function capMentions(items: RichTextItemResponse[]): RichTextItemResponse[] {
  let mentions = 0;
  if (!items.some((i) => i.type === "mention")) return items;
  return items.filter((i) => i.type !== "mention" || ++mentions <= LIMITS.PAGE_PROPERTY_REFERENCES);
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
      title: { id: "title", type: "title", title: capMentions(caps ? (shapeItems(title, caps) as RichTextItemResponse[]) : title) },
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
