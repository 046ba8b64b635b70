/**
 * Markdown → block drafts, in the dialect a request names: Notion-flavored Markdown (`v2`,
 * parse-v2.ts) or enhanced markdown (`v1`, here). The v1 parser is our own line parser: one
 * block per line, children indented one level deeper (tabs, or spaces), XML-like tags for
 * callouts, toggles, columns, tables, media, sub-pages and synced blocks, `{color="…"}`
 * attribute lists at line ends, and plain empty lines dropped. It reads back everything the v1
 * renderer writes. Reference: developers.notion.com/guides/data-apis/enhanced-markdown
 */
import { attrs, parseInline, plainOf, type RichTextJson } from "./inline.js";
import type { MarkdownVersion } from "./dialect.js";
import {
  block,
  calloutIconRequest,
  checkTagNesting,
  closing,
  colorField,
  columnsDraft,
  dedent,
  dedentAll,
  documentLines,
  leafDraft,
  multiLineLeaf,
  nested,
  resetBudget,
  syncedDraft,
  tableDraft,
  width,
  type MdDraft,
} from "./parse-common.js";
import { V2_TAG_NAMES, parseLinesV2 } from "./parse-v2.js";

type Json = Record<string, unknown>;

/** Parses a whole markdown document in `dialect`. */
export function parseMarkdown(markdown: string, dialect: MarkdownVersion = "v1"): MdDraft[] {
  resetBudget();
  const lines = documentLines(markdown);
  checkTagNesting(lines, dialect === "v2" ? V2_TAG_NAMES : TAG_NAMES);
  return dialect === "v2" ? parseLinesV2(lines) : parseLines(lines);
}

/** ` {color="…"}` at a line's end; only the one space before it is the renderer's (the text may end in spaces too). */
const ATTRS_AT_END = / ?\{((?:\s*[\w-]+="[^"]*")+)\s*\}\s*$/;

/** Splits `text {color="red" toggle="true"}` into text and attributes. */
function trailingAttrs(text: string): { text: string; attrs: Record<string, string> } {
  const m = text.match(ATTRS_AT_END);
  if (!m) return { text, attrs: {} };
  return { text: text.slice(0, m.index), attrs: attrs(m[1]) };
}

function textBlock(text: string, extra: Json = {}): Json {
  const { text: t, attrs: a } = trailingAttrs(text);
  return { rich_text: parseInline(t), color: colorField(a), ...extra, __attrs: a };
}

const LIST_MARKERS = /^(?:[-*+]\s|\d+[.)]\s|>\s?|#{1,6}\s)/;
const TAG_NAMES = "details|callout|columns|column|table|synced_block|synced_block_reference";
const TAG = new RegExp(`^<(${TAG_NAMES})\\b([^>]*)>`);

/** Parses lines dedented to this level, one nesting level deeper. */
function parseLines(lines: string[]): MdDraft[] {
  if (!lines.some((l) => l.trim() !== "")) return [];
  return nested(() => parseLevel(lines));
}

function parseLevel(lines: string[]): MdDraft[] {
  const out: MdDraft[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const t = line.trim();
    if (t === "") {
      i++;
      continue;
    }
    const base = width(line);
    // Multi-line forms first: their content is not children.
    const leaf = multiLineLeaf(lines, i, base);
    if (leaf) {
      out.push(leaf.draft);
      i = leaf.next;
      continue;
    }
    const tag = t.match(TAG);
    if (tag && !t.endsWith("/>")) {
      const end = closing(lines, i, tag[1]);
      const source = lines.slice(i, Math.min(end + 1, lines.length)).map((l) => dedent(l, base));
      const one = end === i ? t.slice(tag[0].length).replace(new RegExp(`</${tag[1]}>$`), "") : null;
      const inner = one !== null ? [one] : dedentAll(lines.slice(i + 1, end));
      out.push(...tagDraft(tag[1], tag[2], inner, source));
      i = end + 1;
      continue;
    }
    // One-line forms, with children: the following lines indented deeper.
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === "" || width(lines[j]) > base)) j++;
    while (j > i + 1 && lines[j - 1].trim() === "") j--;
    const childLines = dedentAll(lines.slice(i + 1, j));
    const source = lines.slice(i, j).map((l) => dedent(l, base));
    // Text keeps its trailing spaces (the renderer writes them; dropping them would change the text).
    out.push(...[oneLine(line.trimStart(), childLines, source)].flat());
    i = j;
  }
  return out;
}

function oneLine(raw: string, childLines: string[], source: string[]): MdDraft | MdDraft[] {
  const t = raw.trimEnd();
  const children = () => parseLines(childLines);
  let m: RegExpMatchArray | null;
  if ((m = raw.match(/^(#{1,6})(?:\s+(.*))?$/))) {
    const level = Math.min(m[1].length, 4);
    const p = textBlock(m[2] ?? "");
    const toggle = (p.__attrs as Record<string, string>).toggle === "true";
    if (toggle) return [block(`heading_${level}`, { ...p, is_toggleable: true }, source, children())];
    // Headings take no children unless they are toggles: indented lines follow as siblings.
    return [block(`heading_${level}`, { ...p, is_toggleable: false }, [source[0]]), ...children()];
  }
  if ((m = raw.match(/^[-*+]\s+\[([ xX])\]\s?(.*)$/))) return block("to_do", textBlock(m[2], { checked: m[1] !== " " }), source, children());
  if ((m = raw.match(/^[-*+]\s+(.*)$/)) || t === "-") return block("bulleted_list_item", textBlock(m ? m[1] : ""), source, children());
  if ((m = raw.match(/^\d+[.)](?:\s+(.*))?$/))) return block("numbered_list_item", textBlock(m[1] ?? ""), source, children());
  if ((m = raw.match(/^>\s?(.*)$/))) return block("quote", textBlock(m[1]), source, children());
  if ((m = t.match(/^<empty-block\s*\/>(.*)$/))) return block("paragraph", { rich_text: [], color: colorField(trailingAttrs(m[1]).attrs) }, source, children());
  const leaf = leafDraft(t, source, () => "default");
  if (leaf) return leaf;
  return block("paragraph", textBlock(raw), source, children());
}

function tagDraft(tag: string, attrText: string, inner: string[], source: string[]): MdDraft[] {
  const a = attrs(attrText);
  switch (tag) {
    case "details": {
      const s = inner.findIndex((l) => l.trim() !== "");
      const summary = s >= 0 ? inner[s].trim().match(/^<summary>(.*)<\/summary>$/) : null;
      const rest = summary ? dedentAll(inner.slice(s + 1)) : inner;
      return [block("toggle", { rich_text: parseInline(summary ? summary[1] : ""), color: colorField(a) }, source, parseLines(rest))];
    }
    case "callout": {
      const kids = parseLines(inner);
      let richText: RichTextJson[] = [];
      const first = kids[0];
      // The callout's own text is its first plain line ("Rich text" then "Children").
      if (first && first.type === "paragraph" && first.children.length === 0 && !LIST_MARKERS.test(first.source) && !first.source.startsWith("<empty-block")) {
        richText = first.payload.rich_text as RichTextJson[];
        kids.shift();
      }
      const payload: Json = { rich_text: richText, color: colorField(a) };
      const icon = calloutIconRequest(a.icon);
      if (icon) payload.icon = icon;
      return [block("callout", payload, source, kids)];
    }
    case "columns":
      return [columnsDraft(parseLines(inner), source)];
    case "column":
      return [block("column", {}, source, parseLines(inner))];
    case "table":
      return [tableDraft(attrText, inner, source)];
    default:
      // An original that already exists is kept (with its content) when its markdown is unchanged.
      return syncedDraft(tag, attrText, source, () => parseLines(inner));
  }
}

export { plainOf, type MdDraft };
