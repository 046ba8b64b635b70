/**
 * How a preview appears in page content. A `link_preview` block `{url}` (Notion's block object
 * reference: read-only, only `url`); a mention of the previewed link, as Notion answers a link
 * unfurled by a link-preview integration: `mention.link_preview {url}` with the URL as plain text
 * and href (recorded: notion-sdk-php's fixture client_blocks_retrieve_block_paragraph_mention_200);
 * or, when asked for `link_mention`, the richer mention Notion writes for a URL pasted as a
 * mention, its fields (the SDK's `LinkMentionResponse`: href, title, description, link_author,
 * link_provider, thumbnail_url, icon_url) filled from the unfurl attributes.
 */
import { attributeText, type UnfurlAttribute } from "./operations.js";

const ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" };

/** The `link_mention` object for `url` from the attributes (absent fields left out, as Notion does). */
export function linkMentionOf(url: string, attributes: readonly UnfurlAttribute[] | null): Record<string, unknown> {
  const pick = (...ids: string[]) => ids.map((id) => attributeText(attributes, id)).find((v) => v !== undefined);
  const fields: Record<string, string | undefined> = {
    href: url,
    title: pick("title"),
    description: pick("description", "body"),
    link_author: pick("author", "creator"),
    link_provider: pick("dev", "provider"),
    thumbnail_url: pick("thumbnail", "embed", "image"),
    icon_url: pick("icon", "avatar"),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** The stored rich text item of a preview's mention. */
export function mentionItem(kind: "mention" | "link_mention", url: string, attributes: readonly UnfurlAttribute[] | null): Record<string, unknown> {
  const mention = kind === "mention" ? { type: "link_preview", link_preview: { url } } : { type: "link_mention", link_mention: linkMentionOf(url, attributes) };
  return { type: "mention", mention, annotations: { ...ANNOTATIONS }, plain_text: url, href: url };
}
