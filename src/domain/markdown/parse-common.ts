/**
 * What both markdown parsers share: block drafts and the budget that bounds them (blocks and
 * nesting), indentation, code fences and `$$` equations, tables (`<table>` and GFM pipes), and
 * the one-line forms both dialects write alike (divider, `<empty-block/>`, table of contents,
 * images and media tags, `<page>`/`<database>`/`<unknown>` references).
 * Reference: developers.notion.com/guides/data-apis/enhanced-markdown; docs/design/markdown.md.
 */
import { CODE_LANGUAGES } from "../blocks/languages.js";
import { apiColorOf, attrs, blockIdFromUrl, idFromUrl, parseInline, unattr, type RichTextJson } from "./inline.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";
import { table } from "../../lib/dict.js";

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

/** How many levels the parser is in, and blocks made (parsing is synchronous: one document at a time). */
let depth = 0;
let made = 0;

/** Starts a document: its block and nesting budget is full again. */
export function resetBudget(): void {
  depth = 0;
  made = 0;
}

/**
 * Runs `parse` one nesting level deeper. Blocks nested deeper than LIMITS.MARKDOWN_NESTING are
 * a validation error: each level costs stack here and in the renderer (a few thousand
 * overflowed it: a 500), and time quadratic in the depth.
 */
export function nested<T>(parse: () => T): T {
  if (++depth > LIMITS.MARKDOWN_NESTING) {
    depth = 0;
    throw errors.validation(`The markdown nests blocks more than ${LIMITS.MARKDOWN_NESTING} levels deep.`);
  }
  try {
    return parse();
  } finally {
    depth = Math.max(0, depth - 1);
  }
}

/** A draft, counted against the record limit. */
export function block(type: string, payload: Json, source: string[], children: MdDraft[] = []): MdDraft {
  // As many blocks as a page's markdown shows (more would read back `truncated`).
  if (++made > LIMITS.MARKDOWN_RECORDS) throw errors.validation(`The markdown holds more than ${LIMITS.MARKDOWN_RECORDS} blocks.`);
  return { type, payload, children, source: source.join("\n") };
}

/** Indentation width: a tab counts 4 columns, a space 1. */
export function width(line: string): number {
  let w = 0;
  for (const c of line) {
    if (c === "\t") w += 4;
    else if (c === " ") w += 1;
    else break;
  }
  return w;
}

/** Removes `cols` columns of leading whitespace. */
export function dedent(line: string, cols: number): string {
  let i = 0;
  let w = 0;
  while (i < line.length && w < cols && (line[i] === "\t" || line[i] === " ")) {
    w += line[i] === "\t" ? 4 : 1;
    i++;
  }
  return line.slice(i);
}

/** The lines with their common indentation removed. */
export function dedentAll(lines: string[]): string[] {
  // A loop, not Math.min(...widths): a spread of 100,000+ lines overflows the stack.
  let min = Infinity;
  for (const l of lines) if (l.trim() !== "") min = Math.min(min, width(l));
  return lines.map((l) => dedent(l, min === Infinity ? 0 : min));
}

/** A document's lines, line endings normalized and common indentation removed. */
export const documentLines = (markdown: string) => dedentAll(markdown.replace(/\r\n?/g, "\n").split("\n"));

/** API color of a `color` attribute (`red_bg` is `red_background`), or `default`. */
export const colorField = (a: Record<string, string>) => apiColorOf(a.color) ?? "default";

/**
 * The end (exclusive) of a tag block opened at `start`: its closing tag, nesting counted (a
 * one-line `<tag>…</tag>` inside opens nothing), code fences and `$$` blocks skipped whole (their
 * content is literal and may hold anything). Each nesting level scans what follows it, so a
 * line costs a few character checks unless it starts with `<` or a fence.
 */
export function closing(lines: string[], start: number, tag: string): number {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let depth = 0;
  let literal: string | null = null;
  for (let j = start; j < lines.length; j++) {
    const line = lines[j];
    let k = 0;
    while (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9) k++;
    const c = line[k];
    if (literal !== null) {
      if (line.trim() === literal) literal = null;
      continue;
    }
    if (c === "`" || c === "~" || c === "$") {
      const t = line.trim();
      if (j > start && (t.startsWith("```") || t.startsWith("~~~") || t === "$$")) literal = t === "$$" ? "$$" : t.slice(0, 3);
      continue;
    }
    if (c !== "<") continue;
    if (line.startsWith(close, k)) {
      if (--depth <= 0) return j;
      continue;
    }
    const next = line[k + open.length];
    if (!line.startsWith(open, k) || !(next === undefined || next === " " || next === "\t" || next === ">")) continue;
    const t = line.trimEnd();
    if (t.endsWith(close)) {
      if (j === start) return j;
    } else if (!t.endsWith("/>")) depth++;
  }
  return lines.length;
}

/**
 * Fails fast when tags nest deeper than LIMITS.MARKDOWN_NESTING: the parser would find that out
 * level by level, each level scanning everything after it (unclosed `<toggle>` lines filling a
 * body took seconds). `names` are the dialect's container tags; code and `$$` are skipped.
 */
export function checkTagNesting(lines: string[], names: string): void {
  const opens = new RegExp(`^<(${names})(?=[\\s>])[^>]*>`);
  const closes = new RegExp(`^</(?:${names})>`);
  let depth = 0;
  let literal: string | null = null;
  for (const line of lines) {
    const t = line.trim();
    if (literal !== null) {
      if (t === literal) literal = null;
    } else if (t.startsWith("```") || t.startsWith("~~~") || t === "$$") literal = t === "$$" ? "$$" : t.slice(0, 3);
    else if (closes.test(t)) depth = Math.max(0, depth - 1);
    else {
      const m = t.match(opens);
      if (m && !t.endsWith("/>") && !t.endsWith(`</${m[1]}>`) && ++depth > LIMITS.MARKDOWN_NESTING)
        throw errors.validation(`The markdown nests blocks more than ${LIMITS.MARKDOWN_NESTING} levels deep.`);
    }
  }
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

/** Plain text as rich text items (code blocks: no markdown inside). */
function plainItems(text: string): RichTextJson[] {
  const out: RichTextJson[] = [];
  for (let i = 0; i < text.length; i += 2000) out.push({ type: "text", text: { content: text.slice(i, i + 2000) } });
  return out;
}

/**
 * A code fence or a `$$` equation starting at line `i` (content literal up to the closing
 * line), or a GFM pipe table: the draft and the index after it, or null.
 */
export function multiLineLeaf(lines: string[], i: number, base: number): { draft: MdDraft; next: number } | null {
  const t = lines[i].trim();
  const at = (from: number, to: number) => lines.slice(from, to).map((l) => dedent(l, base));
  if (t.startsWith("```") || t.startsWith("~~~")) {
    const fence = t.slice(0, 3);
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== fence) j++;
    const draft = block("code", { rich_text: plainItems(at(i + 1, j).join("\n")), language: language(t.slice(3)) }, at(i, j + 1));
    return { draft, next: j + 1 };
  }
  if (/^\$\$.+\$\$$/.test(t)) return { draft: block("equation", { expression: t.slice(2, -2) }, [t]), next: i + 1 };
  if (t === "$$") {
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== "$$") j++;
    return { draft: block("equation", { expression: at(i + 1, j).join("\n") }, at(i, j + 1)), next: j + 1 };
  }
  if (t.startsWith("|") && i + 1 < lines.length && /^\|?\s*:?-{3,}/.test(lines[i + 1].trim())) {
    let j = i + 2;
    while (j < lines.length && lines[j].trim().startsWith("|")) j++;
    const rows = [pipeCells(t), ...lines.slice(i + 2, j).map(pipeCells)];
    return { draft: gridDraft(rows, true, false, at(i, j)), next: j };
  }
  return null;
}

/** True when a line opens a code fence, an equation or a pipe table. */
export const opensMultiLineLeaf = (lines: string[], i: number) => {
  const t = lines[i].trim();
  return t.startsWith("```") || t.startsWith("~~~") || t.startsWith("$$") || (t.startsWith("|") && i + 1 < lines.length && /^\|?\s*:?-{3,}/.test(lines[i + 1].trim()));
};

/** `<table …>` with `<tr>`/`<td>` rows, however they are laid out. */
export function tableDraft(attrText: string, inner: string[], source: string[]): MdDraft {
  const a = attrs(attrText);
  // A cell keeps its spaces; only the line breaks and indentation of a cell written over several lines go.
  const cell = (c: string) => c.replace(/^\s*\n\s*/, "").replace(/\s*\n\s*$/, "");
  const rows = [...inner.join("\n").matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => cell(c[1])));
  return gridDraft(rows, a["header-row"] === "true", a["header-column"] === "true", source);
}

function gridDraft(rows: string[][], headerRow: boolean, headerColumn: boolean, source: string[]): MdDraft {
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const children = rows.map((r) => {
    const cells = Array.from({ length: cols }, (_, i) => parseInline(r[i] ?? ""));
    return block("table_row", { cells }, []);
  });
  return block("table", { table_width: cols, has_column_header: headerRow, has_row_header: headerColumn }, source, children);
}

/** `| a | b |` → cells (escaped pipes stay in the cell). */
function pipeCells(line: string): string[] {
  const body = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return body.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * The one-line forms both dialects share: `---`, `<empty-block/>` (its trailing attributes,
 * v1 only, read by `emptyColor`), `<table_of_contents/>`, `![caption](url)`, media tags, and
 * `<page>`/`<database>`/`<unknown>` references. Null when the line is none of them.
 */
export function leafDraft(t: string, source: string[], emptyColor: (rest: string) => string): MdDraft | null {
  let m: RegExpMatchArray | null;
  if (t === "---") return block("divider", {}, source);
  if ((m = t.match(/^<empty-block\s*\/>(.*)$/))) return block("paragraph", { rich_text: [], color: emptyColor(m[1]) }, source);
  if ((m = t.match(/^<table_of_contents((?:\s+[\w-]+="[^"]*")*)\s*\/>$/))) return block("table_of_contents", { color: colorField(attrs(m[1])) }, source);
  if ((m = t.match(/^!\[((?:\\.|[^\]\\])*)\]\((\S+?)\)(.*)$/))) return block("image", { external: { url: m[2] }, caption: parseInline(m[1]) }, source);
  if ((m = t.match(/^<(image|video|audio|file|pdf)((?:\s+[\w-]+="[^"]*")*)\s*(?:\/>|>(.*)<\/\1>)$/))) {
    // `<image src>` is read too: the live API accepts it (public probe, 2026-05).
    return block(m[1], { external: { url: attrs(m[2]).src ?? "" }, caption: parseInline(m[3] ?? "") }, source);
  }
  if ((m = t.match(/^<(page|database|unknown)((?:\s+[\w-]+="[^"]*")*)\s*(?:\/>|>(.*)<\/\1>)$/))) {
    const a = attrs(m[2]);
    const kind = m[1] as "page" | "database" | "unknown";
    const id = kind === "unknown" ? blockIdFromUrl(a.url) : idFromUrl(a.url);
    return { type: "ref", payload: { title: unattr(m[3] ?? "") }, children: [], source: source.join("\n"), ref: { id: id ?? "", kind } };
  }
  return null;
}

/** A synced block: an original (its content parsed) or a reference to one (nothing to parse). */
export function syncedDraft(tag: string, attrText: string, source: string[], children: () => MdDraft[]): MdDraft[] {
  if (tag === "synced_block") return [block("synced_block", { synced_from: null }, source, children())];
  const id = blockIdFromUrl(attrs(attrText).url);
  return id ? [block("synced_block", { synced_from: { block_id: id } }, source)] : [];
}

/** A callout's `icon` attribute as an icon request: an image URL or an emoji. */
export const calloutIconRequest = (icon: string | undefined) => (icon ? (/^https?:\/\//.test(icon) ? { external: { url: icon } } : { emoji: icon }) : undefined);

/** Groups drafts under `<columns>` into columns: blocks written straight inside get a column of their own. */
export function columnsDraft(drafts: MdDraft[], source: string[]): MdDraft {
  const cols: MdDraft[] = [];
  for (const d of drafts) {
    if (d.type === "column") cols.push(d);
    else if (cols.length && cols[cols.length - 1].source === "") cols[cols.length - 1].children.push(d);
    else cols.push(block("column", {}, [], [d]));
  }
  return block("column_list", {}, source, cols);
}

export { parseInline };
