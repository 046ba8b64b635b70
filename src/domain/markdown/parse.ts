/**
 * Notion-flavoured markdown → block drafts. Our own line parser: one block per line, children
 * indented one level deeper (tabs, or spaces), XML-like tags for callouts, toggles, columns,
 * tables, media, sub-pages and synced blocks, `{color="…"}` attribute lists at line ends, and
 * plain empty lines dropped. It reads back everything render.ts writes.
 * Reference: developers.notion.com/guides/data-apis/enhanced-markdown
 */
import { CODE_LANGUAGES } from "../blocks/languages.js";
import { apiColorOf, attrs, blockIdFromUrl, idFromUrl, parseInline, plainOf, unattr, type RichTextJson } from "./inline.js";
import { errors } from "../../http/errors.js";
import { LIMITS } from "../limits.js";
import { table } from "../dict.js";

type Json = Record<string, unknown>;

/** A block in request form (payload as an API client would send it), or a reference to a block that exists. */
export interface MdDraft {
  /** A block type, or `ref` for `<page>`, `<database>`, `<unknown>` and kept synced originals. */
  type: string;
  payload: Json;
  children: MdDraft[];
  /** The markdown the draft came from (dedented to its own level), for matching on update. */
  source: string;
  /** For `ref`: the id of the referenced block and what the tag said it is. */
  ref?: { id: string; kind: "page" | "database" | "unknown" };
}

/** Indentation width: a tab counts 4 columns, a space 1. */
function width(line: string): number {
  let w = 0;
  for (const c of line) {
    if (c === "\t") w += 4;
    else if (c === " ") w += 1;
    else break;
  }
  return w;
}

/** Removes `cols` columns of leading whitespace. */
function dedent(line: string, cols: number): string {
  let i = 0;
  let w = 0;
  while (i < line.length && w < cols && (line[i] === "\t" || line[i] === " ")) {
    w += line[i] === "\t" ? 4 : 1;
    i++;
  }
  return line.slice(i);
}

function dedentAll(lines: string[]): string[] {
  // A loop, not Math.min(...widths): a spread of 100,000+ lines overflows the stack.
  let min = Infinity;
  for (const l of lines) if (l.trim() !== "") min = Math.min(min, width(l));
  return lines.map((l) => dedent(l, min === Infinity ? 0 : min));
}

/** How many levels parseLines is in, and blocks made (parsing is synchronous: one document at a time). */
let depth = 0;
let made = 0;

/** Parses a whole markdown document (or a nested level of it). */
export function parseMarkdown(markdown: string): MdDraft[] {
  depth = 0;
  made = 0;
  return parseLines(dedentAll(markdown.replace(/\r\n?/g, "\n").split("\n")));
}

const ATTRS_AT_END = /\s*\{((?:\s*[\w-]+="[^"]*")+)\s*\}\s*$/;

/** Splits `text {color="red" toggle="true"}` into text and attributes. */
function trailingAttrs(text: string): { text: string; attrs: Record<string, string> } {
  const m = text.match(ATTRS_AT_END);
  if (!m) return { text, attrs: {} };
  return { text: text.slice(0, m.index), attrs: attrs(m[1]) };
}

const colorField = (a: Record<string, string>) => apiColorOf(a.color) ?? "default";

/** The end (exclusive) of a tag block opened at `start`: its closing tag, nesting counted. */
function closing(lines: string[], start: number, tag: string): number {
  let depth = 0;
  const open = new RegExp(`^<${tag}(\\s|>|$)`);
  for (let j = start; j < lines.length; j++) {
    const t = lines[j].trim();
    if (open.test(t) && !t.endsWith("/>")) depth++;
    if (t.startsWith(`</${tag}>`)) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return lines.length;
}

const LANGUAGE_ALIASES = table({
  js: "javascript", ts: "typescript", py: "python", sh: "shell", zsh: "shell", yml: "yaml", md: "markdown",
  text: "plain text", txt: "plain text", plaintext: "plain text", "": "plain text", rb: "ruby", rs: "rust", kt: "kotlin",
});

function language(raw: string): string {
  const l = raw.trim().toLowerCase();
  if ((CODE_LANGUAGES as readonly string[]).includes(l)) return l;
  return LANGUAGE_ALIASES[l] ?? "plain text";
}

function block(type: string, payload: Json, source: string[], children: MdDraft[] = []): MdDraft {
  // As many blocks as a page's markdown shows (more would read back `truncated`).
  if (++made > LIMITS.MARKDOWN_RECORDS) throw errors.validation(`The markdown holds more than ${LIMITS.MARKDOWN_RECORDS} blocks.`);
  return { type, payload, children, source: source.join("\n") };
}

function textBlock(type: string, text: string, extra: Json = {}): Json {
  const { text: t, attrs: a } = trailingAttrs(text);
  return { rich_text: parseInline(t), color: colorField(a), ...extra, __attrs: a };
}

/** Plain text as rich text items (code blocks: no markdown inside). */
function plainItems(text: string): RichTextJson[] {
  const out: RichTextJson[] = [];
  for (let i = 0; i < text.length; i += 2000) out.push({ type: "text", text: { content: text.slice(i, i + 2000) } });
  return out;
}

function cellsOf(rowHtml: string): string[] {
  return [...rowHtml.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].trim());
}

function tableDraft(open: string, inner: string[], source: string[]): MdDraft {
  const a = attrs(open);
  const html = inner.join("\n");
  const rows = [...html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => cellsOf(m[1]));
  return gridDraft(rows, a["header-row"] === "true", a["header-column"] === "true", source);
}

function gridDraft(rows: string[][], headerRow: boolean, headerColumn: boolean, source: string[]): MdDraft {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const children = rows.map((r) => {
    const cells = Array.from({ length: width }, (_, i) => parseInline(r[i] ?? ""));
    return block("table_row", { cells }, []);
  });
  return block("table", { table_width: width, has_column_header: headerRow, has_row_header: headerColumn }, source, children);
}

/** `| a | b |` → cells (escaped pipes stay in the cell). */
function pipeCells(line: string): string[] {
  const body = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return body.split(/(?<!\\)\|/).map((c) => c.trim());
}

const LIST_MARKERS = /^(?:[-*+]\s|\d+[.)]\s|>\s?|#{1,6}\s)/;

/**
 * Parses lines dedented to this level. Blocks nested deeper than LIMITS.MARKDOWN_NESTING are a
 * validation error: each level costs stack here and in the renderer (a few thousand overflowed
 * it: a 500), and time quadratic in the depth.
 */
function parseLines(lines: string[]): MdDraft[] {
  if (!lines.some((l) => l.trim() !== "")) return [];
  if (++depth > LIMITS.MARKDOWN_NESTING) {
    depth = 0;
    throw errors.validation(`The markdown nests blocks more than ${LIMITS.MARKDOWN_NESTING} levels deep.`);
  }
  try {
    return parseLevel(lines);
  } finally {
    depth = Math.max(0, depth - 1);
  }
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
    if (t.startsWith("```") || t.startsWith("~~~")) {
    const fence = t.slice(0, 3);
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== fence) j++;
      const body = lines.slice(i + 1, j).map((l) => dedent(l, base));
      out.push(block("code", { rich_text: plainItems(body.join("\n")), language: language(t.slice(3)) }, lines.slice(i, j + 1).map((l) => dedent(l, base))));
      i = j + 1;
      continue;
    }
    if (t === "$$" || /^\$\$.+\$\$$/.test(t)) {
      if (t !== "$$") {
        out.push(block("equation", { expression: t.slice(2, -2) }, [t]));
        i++;
        continue;
      }
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== "$$") j++;
      const expr = lines.slice(i + 1, j).map((l) => dedent(l, base)).join("\n");
      out.push(block("equation", { expression: expr }, lines.slice(i, j + 1).map((l) => dedent(l, base))));
      i = j + 1;
      continue;
    }
    const tag = t.match(/^<(details|callout|columns|column|table|synced_block|synced_block_reference)\b([^>]*)>/);
    if (tag && !t.endsWith("/>")) {
      const end = closing(lines, i, tag[1]);
      const source = lines.slice(i, Math.min(end + 1, lines.length)).map((l) => dedent(l, base));
      const inner = dedentAll(lines.slice(i + 1, end));
      out.push(...tagDraft(tag[1], tag[2], inner, source));
      i = end + 1;
      continue;
    }
    if (t.startsWith("|") && i + 1 < lines.length && /^\|?\s*:?-{3,}/.test(lines[i + 1].trim())) {
      let j = i + 2;
      while (j < lines.length && lines[j].trim().startsWith("|")) j++;
      const rows = [pipeCells(t), ...lines.slice(i + 2, j).map(pipeCells)];
      out.push(gridDraft(rows, true, false, lines.slice(i, j).map((l) => dedent(l, base))));
      i = j;
      continue;
    }
    // One-line forms, with children: the following lines indented deeper.
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === "" || width(lines[j]) > base)) j++;
    while (j > i + 1 && lines[j - 1].trim() === "") j--;
    const childLines = dedentAll(lines.slice(i + 1, j));
    const source = lines.slice(i, j).map((l) => dedent(l, base));
    // Text keeps its trailing spaces (the renderer writes them; dropping them would change the text).
    out.push(...lineDraft(line.trimStart(), childLines, source));
    i = j;
  }
  return out;
}

function lineDraft(raw: string, childLines: string[], source: string[]): MdDraft[] {
  return [oneLine(raw, childLines, source)].flat();
}

function oneLine(raw: string, childLines: string[], source: string[]): MdDraft | MdDraft[] {
  const t = raw.trimEnd();
  const children = () => parseLines(childLines);
  let m: RegExpMatchArray | null;
  if ((m = raw.match(/^(#{1,6})(?:\s+(.*))?$/))) {
    const level = Math.min(m[1].length, 4);
    const p = textBlock(`heading_${level}`, m[2] ?? "");
    const toggle = (p.__attrs as Record<string, string>).toggle === "true";
    if (toggle) return [block(`heading_${level}`, { ...p, is_toggleable: true }, source, children())];
    // Headings take no children unless they are toggles: indented lines follow as siblings.
    return [block(`heading_${level}`, { ...p, is_toggleable: false }, [source[0]]), ...children()];
  }
  if ((m = raw.match(/^[-*+]\s+\[([ xX])\]\s?(.*)$/))) return block("to_do", textBlock("to_do", m[2], { checked: m[1] !== " " }), source, children());
  if ((m = raw.match(/^[-*+]\s+(.*)$/)) || t === "-") return block("bulleted_list_item", textBlock("", m ? m[1] : ""), source, children());
  if ((m = raw.match(/^\d+[.)](?:\s+(.*))?$/))) return block("numbered_list_item", textBlock("", m[1] ?? ""), source, children());
  if ((m = raw.match(/^>\s?(.*)$/))) return block("quote", textBlock("", m[1]), source, children());
  if (t === "---") return block("divider", {}, source);
  if ((m = t.match(/^<empty-block\/>(.*)$/))) return block("paragraph", { rich_text: [], color: colorField(trailingAttrs(m[1]).attrs) }, source, children());
  if ((m = t.match(/^<table_of_contents((?:\s+[\w-]+="[^"]*")*)\s*\/>$/))) return block("table_of_contents", { color: colorField(attrs(m[1])) }, source);
  if ((m = t.match(/^!\[((?:\\.|[^\]\\])*)\]\((\S+?)\)(.*)$/))) {
    return block("image", { external: { url: m[2] }, caption: parseInline(m[1]) }, source);
  }
  if ((m = t.match(/^<(image|video|audio|file|pdf)((?:\s+[\w-]+="[^"]*")*)\s*(?:\/>|>(.*)<\/\1>)$/))) {
    // `<image src>` is read too: the live API accepts it (public probe, 2026-05).
    const a = attrs(m[2]);
    return block(m[1], { external: { url: a.src ?? "" }, caption: parseInline(m[3] ?? "") }, source);
  }
  if ((m = t.match(/^<(page|database|unknown)((?:\s+[\w-]+="[^"]*")*)\s*(?:\/>|>(.*)<\/\1>)$/))) {
    const a = attrs(m[2]);
    const kind = m[1] as "page" | "database" | "unknown";
    const id = kind === "unknown" ? blockIdFromUrl(a.url) : idFromUrl(a.url);
    return { type: "ref", payload: { title: unattr(m[3] ?? "") }, children: [], source: source.join("\n"), ref: { id: id ?? "", kind } };
  }
  return block("paragraph", textBlock("", raw), source, children());
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
      if (first && first.type === "paragraph" && first.children.length === 0 && !LIST_MARKERS.test(first.source) && !first.source.startsWith("<empty-block/>")) {
        richText = first.payload.rich_text as RichTextJson[];
        kids.shift();
      }
      const icon = a.icon ? (/^https?:\/\//.test(a.icon) ? { external: { url: a.icon } } : { emoji: a.icon }) : undefined;
      const payload: Json = { rich_text: richText, color: colorField(a) };
      if (icon) payload.icon = icon;
      return [block("callout", payload, source, kids)];
    }
    case "columns": {
      // Blocks written straight inside <columns> (no <column>) make a column of their own.
      const cols: MdDraft[] = [];
      for (const d of parseLines(inner)) {
        if (d.type === "column") cols.push(d);
        else if (cols.length && cols[cols.length - 1].source === "") cols[cols.length - 1].children.push(d);
        else cols.push(block("column", {}, [], [d]));
      }
      return [block("column_list", {}, source, cols)];
    }
    case "column":
      return [block("column", {}, source, parseLines(inner))];
    case "table":
      return [tableDraft(attrText, inner, source)];
    case "synced_block": {
      // An original that already exists is kept (with its content) when its markdown is unchanged.
      return [block("synced_block", { synced_from: null }, source, parseLines(inner))];
    }
    case "synced_block_reference": {
      const id = blockIdFromUrl(a.url);
      return id ? [block("synced_block", { synced_from: { block_id: id } }, source)] : [];
    }
  }
  return [];
}

export { plainOf };
