/** The page_markdown object (developers.notion.com/reference/retrieve-page-markdown). */
import type { Client } from "@notionhq/client";
import { LIMITS } from "../api/limits.js";

/** The SDK's PageMarkdownResponse (not re-exported from its index). */
export type PageMarkdownResponse = Awaited<ReturnType<Client["pages"]["retrieveMarkdown"]>>;

export function presentPageMarkdown(id: string, markdown: string, truncated: boolean, unknownIds: string[]): PageMarkdownResponse {
  return { object: "page_markdown", id, markdown, truncated, unknown_block_ids: unknownIds.slice(0, LIMITS.MARKDOWN_UNKNOWN_IDS) };
}

/** What a page_markdown answer is without read_content: its object and id, as partial pages and blocks. */
export interface PartialPageMarkdown {
  object: "page_markdown";
  id: string;
}

/** The page_markdown of a write answered to an integration that cannot read content. */
export function partialPageMarkdown(id: string): PartialPageMarkdown {
  return { object: "page_markdown", id };
}
