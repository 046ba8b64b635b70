/**
 * What a source's answers become in a create request: rich text, block content and property
 * schemas and values without their read-only fields. Ids of the source (users, mentioned pages)
 * mean nothing in the target, so mentions become their text.
 */
type Json = Record<string, any>;

/** Rich text as a request takes it; mentions become text with their plain text. */
export function cleanRichText(items: Json[] | undefined): Json[] {
  return (items ?? []).map((t) => {
    const annotations = t.annotations;
    if (t.type === "equation") return { type: "equation", equation: { expression: t.equation.expression }, annotations };
    if (t.type === "text") return { type: "text", text: { content: t.text.content, link: t.text.link ? { url: t.text.link.url } : null }, annotations };
    return { type: "text", text: { content: t.plain_text ?? "" }, annotations };
  });
}

/** Block types whose content is only rich text, color and the like (copied field by field). */
const TEXT_BLOCKS = new Set(["paragraph", "heading_1", "heading_2", "heading_3", "bulleted_list_item", "numbered_list_item", "quote", "to_do", "toggle", "callout", "code", "table_row", "equation", "divider", "bookmark", "embed", "table_of_contents", "breadcrumb", "table", "column_list", "column"]);

/** Block types whose file may live on the source server. */
export const FILE_BLOCKS = new Set(["image", "file", "pdf", "video", "audio"]);

/** A block's content for an append (no children, no files to upload), or null when it is not copied. */
export function cleanBlock(block: Json): Json | null {
  const type = block.type as string;
  if (!TEXT_BLOCKS.has(type)) return null;
  const content: Json = {};
  for (const [k, v] of Object.entries(block[type] ?? {})) {
    if (k === "rich_text" || k === "caption") content[k] = cleanRichText(v as Json[]);
    else if (k === "cells") content[k] = (v as Json[][]).map(cleanRichText);
    else if (k === "icon" && (v as Json)?.type === "custom_emoji") continue;
    else content[k] = v;
  }
  return { type, [type]: content };
}

/** Property types a row's value can be written for (the others are computed, or ids of the source). */
const WRITABLE = new Set(["title", "rich_text", "number", "select", "multi_select", "status", "date", "checkbox", "url", "email", "phone_number"]);

/** A property schema for the target, or null (with why) when it is not copied as it is. */
export function cleanSchema(prop: Json): { schema: Json | null; note?: string } {
  const type = prop.type as string;
  const config = prop[type] ?? {};
  if (type === "select" || type === "multi_select" || type === "status")
    return { schema: { [type]: { options: (config.options ?? []).map((o: Json) => ({ name: o.name, color: o.color })) } } };
  if (type === "number") return { schema: { number: { format: config.format ?? "number" } } };
  if (type === "formula") return { schema: { formula: { expression: config.expression } } };
  if (type === "unique_id") return { schema: { unique_id: { prefix: config.prefix ?? null } } };
  if (type === "relation" || type === "rollup") return { schema: null, note: `property "${prop.name}" (${type}) not copied: it points at the source's ids` };
  return { schema: { [type]: {} } };
}

/** A row's property value for the target, or undefined when it is not written. */
export function cleanValue(value: Json): unknown {
  const type = value.type as string;
  if (!WRITABLE.has(type)) return undefined;
  const v = value[type];
  if (type === "title" || type === "rich_text") return { [type]: cleanRichText(v) };
  if (type === "select" || type === "status") return { [type]: v ? { name: v.name } : null };
  if (type === "multi_select") return { multi_select: v.map((o: Json) => ({ name: o.name })) };
  if (type === "date") return { date: v ? { start: v.start, end: v.end ?? null, time_zone: v.time_zone ?? null } : null };
  return { [type]: v };
}
