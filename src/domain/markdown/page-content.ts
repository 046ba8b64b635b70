/**
 * `markdown` on POST /v1/pages: the page's content from markdown, and its title from the first
 * `# heading` when `properties.title` is absent (the heading stays in the content, as the
 * documentation's create-then-retrieve example shows).
 * Reference: developers.notion.com/guides/data-apis/working-with-markdown-content ("Creating a page with markdown").
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { richText, plainText, type RichTextRequest } from "../rich-text.js";
import { check } from "../../api/validate.js";
import { renderContext } from "./render.js";
import { createContent } from "./apply.js";
import type { MdDraft } from "./parse.js";
import { fileUrlsFor } from "../files/urls.js";

/** The rich text of the first top-level `# heading`, or null. */
export function markdownTitle(drafts: MdDraft[] | undefined): RichTextRequest[] | null {
  const h1 = drafts?.find((d) => d.type === "heading_1");
  return h1 ? check("body", richText(), h1.payload.rich_text) : null;
}

/** Creates the drafts as the content of the new page `page`. */
export async function writeMarkdownContent(tx: Tx, ctx: Ctx, page: NodeRow, drafts: MdDraft[]): Promise<void> {
  const title = plainText(page.properties?.title as { plain_text: string }[] | undefined);
  await createContent(tx, ctx, page, drafts, renderContext(ctx.publicUrl(), page.id, title, fileUrlsFor(ctx)), "body.markdown");
}
