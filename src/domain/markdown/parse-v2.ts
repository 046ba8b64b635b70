/**
 * Notion-flavored Markdown (`markdown_version: "v2"`) → block drafts. Blocks are separated by a
 * blank line, and a single newline does not start a new block: the lines of a paragraph, a
 * quote or a list item's text are one block, joined by line breaks; a line that opens another
 * kind of block (heading, list marker, quote, fence, tag…) starts one. Children are not
 * indented except in lists: a block with children, or with a color, uses its tag form
 * (`<p>`, `<quote>`, `<toggle>`, `<callout>`, …) with its text on the line after the opening
 * tag and the children after a blank line. `{color="…"}` is literal text.
 * Reference: developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown
 * ("Update your parser and generator"); the forms Notion leaves unstated, and the tag names
 * Quire chose for them, are in docs/design/markdown.md (v2 section).
 */
import { attrs, parseInline, type RichTextJson } from "./inline.js";
import { LIMITS } from "../../api/limits.js";
import { table } from "../../lib/dict.js";
import {
  block,
  calloutIconRequest,
  closing,
  colorField,
  columnsDraft,
  dedent,
  dedentAll,
  leafDraft,
  multiLineLeaf,
  nested,
  opensMultiLineLeaf,
  syncedDraft,
  tableDraft,
  width,
  type MdDraft,
} from "./parse-common.js";

type Json = Record<string, unknown>;

/** Tag names read in v2: Notion's (`p`, `quote`, `toggle`, `callout`…), Quire's, and v1's `details`. */
export const V2_TAG_NAMES = "p|h[1-6]|quote|toggle|details|callout|columns|column|table|synced_block|synced_block_reference|bulleted_list_item|numbered_list_item|to_do";
const TAG = new RegExp(`^<(${V2_TAG_NAMES})(?=[\\s>])([^>]*)>`);
/** Tags that stand for one line, whatever follows them. */
const LEAF_TAG = /^<(?:empty-block|table_of_contents|image|video|audio|file|pdf|page|database|unknown)\b/;
const LIST_ITEM = /^(?:[-*+](?:\s|$)|\d+[.)](?:\s|$))/;

/** First characters of the lines that may open a block. */
const STARTERS = new Set("#-*+0123456789>`~$|<!".split(""));

/** True when line `i` opens a block of its own (so it does not continue the text before it). */
function startsBlock(lines: string[], i: number): boolean {
  const line = lines[i];
  let k = 0;
  while (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9) k++;
  if (!STARTERS.has(line[k])) return false;
  const t = line.trim();
  return /^#{1,6}(?:\s|$)/.test(t) || LIST_ITEM.test(t) || t.startsWith(">") || t === "---" || t.startsWith("![") || TAG.test(t) || LEAF_TAG.test(t) || opensMultiLineLeaf(lines, i);
}

/** Parses lines dedented to this level, one nesting level deeper. */
export function parseLinesV2(lines: string[]): MdDraft[] {
  if (!lines.some((l) => l.trim() !== "")) return [];
  return nested(() => parseLevel(lines));
}

function parseLevel(lines: string[]): MdDraft[] {
  const out: MdDraft[] = [];
  let i = 0;
  while (i < lines.length) {
    const t = lines[i].trim();
    if (t === "") {
      i++;
      continue;
    }
    const base = width(lines[i]);
    const at = (from: number, to: number) => lines.slice(from, to).map((l) => dedent(l, base));
    const leaf = multiLineLeaf(lines, i, base);
    if (leaf) {
      out.push(leaf.draft);
      i = leaf.next;
      continue;
    }
    const tag = t.match(TAG);
    if (tag && !t.endsWith("/>")) {
      const end = closing(lines, i, tag[1]);
      const rest = t.slice(tag[0].length);
      const one = end === i ? rest.slice(0, rest.length - `</${tag[1]}>`.length) : null;
      // Text written on the opening tag's line (`<toggle>Title`) reads as the first inner line.
      const inner = dedentAll([...(one === null && rest.trim() !== "" ? [rest] : []), ...lines.slice(i + 1, end)]);
      out.push(...tagDraft(tag[1], tag[2], one, inner, at(i, end + 1)));
      i = end + 1;
      continue;
    }
    // The block's own lines: this one and those that continue its text (a single newline does not
    // start a block). A list item's text continues only at its own indentation (deeper lines are
    // its children); a quote's `>` lines are one quote.
    const list = LIST_ITEM.test(t);
    const quote = t.startsWith(">");
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== "" && (!list || width(lines[j]) <= base) && (!startsBlock(lines, j) || (quote && lines[j].trim().startsWith(">")))) j++;
    if (!list) {
      out.push(...textDraft(lines.slice(i, j), at(i, j)));
      i = j;
      continue;
    }
    // A list item's children: the lines after it indented deeper (blank lines between them included).
    let k = j;
    while (k < lines.length && (lines[k].trim() === "" || width(lines[k]) > base)) k++;
    while (k > j && lines[k - 1].trim() === "") k--;
    out.push(listItem(lines.slice(i, j), dedentAll(lines.slice(j, k)), at(i, k)));
    i = k;
  }
  return out;
}

/** The text of a block's lines (`first` is the first line without its marker), line breaks kept. */
const joined = (first: string, rest: string[]) => [first, ...rest.map((l) => l.trim())].join("\n");

/**
 * A text block's payload. Each line's inline markdown is read on its own (emphasis, code and
 * `$equations$` do not run across lines), the lines joined by line breaks.
 */
const textPayload = (text: string, extra: Json = {}): Json => {
  const items: RichTextJson[] = [];
  text.split("\n").forEach((line, i) => {
    if (i) items.push(lineBreak());
    for (const item of parseInline(line)) items.push(item);
  });
  return { rich_text: mergeText(items), color: "default", ...extra };
};

/** A plain line break, annotated as plain text is (so that it joins the text around it). */
const lineBreak = (): RichTextJson => ({ type: "text", text: { content: "\n", link: null }, annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: "default" } });

/** What makes two text items alike: their annotations and link. */
function likeness(i: RichTextJson): string | null {
  if (i.type !== "text") return null;
  const a = (i.annotations ?? {}) as Record<string, unknown>;
  const link = (i.text as Json).link as { url: string } | null | undefined;
  return `${a.bold}${a.italic}${a.strikethrough}${a.underline}${a.code}${a.color}|${link?.url ?? ""}`;
}

/** Adjacent text items alike (annotations, link) as one, up to Notion's 2,000 characters an item. */
function mergeText(items: RichTextJson[]): RichTextJson[] {
  const out: RichTextJson[] = [];
  let run: { item: RichTextJson; key: string; parts: string[]; length: number } | null = null;
  const flush = () => {
    if (run) out.push({ ...run.item, text: { ...(run.item.text as Json), content: run.parts.join("") } });
    run = null;
  };
  for (const item of items) {
    const key = likeness(item);
    const content = key === null ? "" : ((item.text as Json).content as string);
    if (run && key === run.key && run.length + content.length <= LIMITS.RICH_TEXT_CONTENT) {
      run.parts.push(content);
      run.length += content.length;
      continue;
    }
    flush();
    if (key === null) out.push(item);
    else run = { item, key, parts: [content], length: content.length };
  }
  flush();
  return out;
}

function listItem(own: string[], childLines: string[], source: string[]): MdDraft {
  const first = own[0].trimStart();
  const children = () => parseLinesV2(childLines);
  let m: RegExpMatchArray | null;
  if ((m = first.match(/^[-*+]\s+\[([ xX])\]\s?(.*)$/))) return block("to_do", textPayload(joined(m[2], own.slice(1)), { checked: m[1] !== " " }), source, children());
  if ((m = first.match(/^\d+[.)](?:\s+(.*))?$/))) return block("numbered_list_item", textPayload(joined(m[1] ?? "", own.slice(1))), source, children());
  m = first.match(/^[-*+]\s+(.*)$/);
  return block("bulleted_list_item", textPayload(joined(m ? m[1] : "", own.slice(1))), source, children());
}

/** A heading, a quote, a one-line leaf, or a paragraph. */
function textDraft(own: string[], source: string[]): MdDraft[] {
  // Text keeps its trailing spaces (the renderer writes them; dropping them would change the text).
  const first = own[0].trimStart();
  const t = first.trimEnd();
  let m: RegExpMatchArray | null;
  if ((m = first.match(/^(#{1,6})(?:\s+(.*))?$/))) {
    // A heading is one line: the lines after it are the next block.
    const heading = block(`heading_${Math.min(m[1].length, 4)}`, textPayload(m[2] ?? "", { is_toggleable: false }), [source[0]]);
    return [heading, ...(own.length > 1 ? textDraft(own.slice(1), source.slice(1)) : [])];
  }
  if (first.startsWith(">")) return [block("quote", textPayload(joined(first.replace(/^>\s?/, ""), own.slice(1).map((l) => l.trim().replace(/^>\s?/, "")))), source)];
  const leaf = leafDraft(t, [source[0]], () => "default");
  if (leaf) return [leaf, ...(own.length > 1 ? textDraft(own.slice(1), source.slice(1)) : [])];
  return [block("paragraph", textPayload(joined(first, own.slice(1))), source)];
}

/** The text of a tag block (lines after the opening tag, up to a blank line) and the lines of its children. */
function ownAndChildren(one: string | null, inner: string[]): { own: string; rest: string[] } {
  if (one !== null) return { own: one, rest: [] };
  // Lines that open a block of their own are children, not the text (a list straight after `<toggle>`).
  if (inner.length === 0 || inner[0].trim() === "" || startsBlock(inner, 0)) return { own: "", rest: inner };
  let k = 1;
  while (k < inner.length && inner[k].trim() !== "" && !startsBlock(inner, k)) k++;
  return { own: joined(inner[0].trimStart(), inner.slice(1, k)), rest: inner.slice(k) };
}

/** Tags of blocks with text of their own, and the block type each stands for. */
const TEXT_TAGS = table({ p: "paragraph", quote: "quote", toggle: "toggle", details: "toggle", bulleted_list_item: "bulleted_list_item", numbered_list_item: "numbered_list_item", to_do: "to_do", callout: "callout" });

function tagDraft(tag: string, attrText: string, one: string | null, inner: string[], source: string[]): MdDraft[] {
  const a = attrs(attrText);
  const heading = tag.match(/^h([1-6])$/);
  if (heading || TEXT_TAGS[tag] !== undefined) {
    // v1's `<details>` names its text in a `<summary>` line; the rest are children.
    const summary = tag === "details" && one === null ? (inner[0] ?? "").trim().match(/^<summary>(.*)<\/summary>$/) : null;
    const { own, rest } = summary ? { own: summary[1], rest: dedentAll(inner.slice(1)) } : ownAndChildren(one, inner);
    const payload: Json = textPayload(own, { color: colorField(a) });
    if (heading) {
      const toggle = a.toggle === "true";
      const h = block(`heading_${Math.min(Number(heading[1]), 4)}`, { ...payload, is_toggleable: toggle }, source, toggle ? parseLinesV2(rest) : []);
      // Headings take children only as toggles: other content follows as siblings.
      return toggle ? [h] : [h, ...parseLinesV2(rest)];
    }
    const type = TEXT_TAGS[tag];
    if (type === "to_do") payload.checked = a.checked === "true";
    if (type === "callout") {
      const icon = calloutIconRequest(a.icon);
      if (icon) payload.icon = icon;
    }
    return [block(type, payload, source, parseLinesV2(rest))];
  }
  const body = one !== null ? [one] : inner;
  switch (tag) {
    case "columns":
      return [columnsDraft(parseLinesV2(body), source)];
    case "column":
      return [block("column", {}, source, parseLinesV2(body))];
    case "table":
      return [tableDraft(attrText, body, source)];
    default:
      return syncedDraft(tag, attrText, source, () => parseLinesV2(body));
  }
}
