/** Rich text as Notion answers it (developers.notion.com/reference/rich-text): what every layer reads of it. */

/**
 * The plain text of rich text: each item's `plain_text` in order (a request-form item without it
 * counts its `text.content`); anything that is not an array of items reads as "".
 */
export function plainText(items: unknown): string {
  if (!Array.isArray(items)) return "";
  let out = "";
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const i = item as { plain_text?: unknown; text?: { content?: unknown } };
    if (typeof i.plain_text === "string") out += i.plain_text;
    else if (typeof i.text?.content === "string") out += i.text.content;
  }
  return out;
}
