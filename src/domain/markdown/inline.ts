/**
 * Rich text ↔ Notion-flavoured ("enhanced") markdown, inline level: annotations, links, inline
 * equations, mentions, colors and line breaks.
 * Reference: developers.notion.com/guides/data-apis/enhanced-markdown ("Rich text formatting",
 * "Mentions", "Colors", "Escaping").
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { normalizeId } from "../ids.js";
import { LIMITS } from "../limits.js";

type Json = Record<string, unknown>;

/** Characters Notion escapes with a backslash outside code ("Escaping"). */
const ESCAPED = /[\\*~`$[\]<>{}|^]/g;

export function escapeText(s: string): string {
  return s.replace(ESCAPED, (c) => `\\${c}`);
}

/** Attribute values are double-quoted; quotes and ampersands inside them are entities. */
export function attr(name: string, value: string): string {
  return ` ${name}="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`;
}

export function unattr(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

/** All `name="value"` pairs of a tag's attribute text. */
export function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z_][\w-]*)="([^"]*)"/g)) out[m[1]] = unattr(m[2]);
  return out;
}

/** API color → markdown color (`red_background` is `red_bg` in markdown, "Colors"). */
export function mdColor(color: string): string {
  return color.endsWith("_background") ? color.replace(/_background$/, "_bg") : color;
}

/** Markdown color → API color, or null when it is not one. */
export function apiColorOf(color: string | undefined): string | null {
  if (!color) return null;
  const c = color.endsWith("_bg") ? color.replace(/_bg$/, "_background") : color;
  return /^(default|gray|brown|orange|yellow|green|blue|purple|pink|red)(_background)?$/.test(c) ? c : null;
}

interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
}

const sameStyle = (a: RichTextItemResponse, b: RichTextItemResponse) =>
  a.type === "text" &&
  b.type === "text" &&
  JSON.stringify(a.annotations) === JSON.stringify(b.annotations) &&
  (a.text.link?.url ?? null) === (b.text.link?.url ?? null);

/** Adjacent text items styled alike read as one run (`**a****b**` would not parse back). */
function merged(items: readonly RichTextItemResponse[]): RichTextItemResponse[] {
  const out: RichTextItemResponse[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && sameStyle(last, item) && last.type === "text" && item.type === "text")
      out[out.length - 1] = { ...last, text: { ...last.text, content: last.text.content + item.text.content }, plain_text: last.plain_text + item.plain_text };
    else out.push(item);
  }
  return out;
}

/** What mention tags need: the URL of a page or database. */
export interface InlineContext {
  objectUrl(id: string): string;
}

type Emphasis = "bold" | "italic" | "strikethrough";
const EMPHASIS: Emphasis[] = ["bold", "italic", "strikethrough"];
const MARKER: Record<Emphasis, string> = { bold: "**", italic: "*", strikethrough: "~~" };

/**
 * Stored rich text → one line of markdown (line breaks as `<br>`). Emphasis is opened and
 * closed only where it changes between items (`**a [b](u)**`, not `**a****[b](u)**`), and hugs
 * the text: spaces at its edges stay outside the markers, which is what reads back as emphasis.
 */
export function renderRichText(items: readonly RichTextItemResponse[] | undefined, ctx: InlineContext): string {
  if (!items) return "";
  let out = "";
  const open: Emphasis[] = [];
  const closeFrom = (k: number) => {
    if (open.length <= k) return;
    const ws = out.match(/[ \t]*$/)![0];
    out = out.slice(0, out.length - ws.length);
    while (open.length > k) out += MARKER[open.pop()!];
    out += ws;
  };
  for (const item of merged(items)) {
    const a = item.annotations as Annotations;
    let core = renderItem(item, ctx);
    if (/^[ \t]*$/.test(core)) {
      // Spaces alone change no emphasis (they would not read back as emphasized anyway).
      out += core;
      continue;
    }
    const want = EMPHASIS.filter((e) => a[e]);
    const k = open.findIndex((e) => !want.includes(e));
    if (k >= 0) closeFrom(k);
    const missing = want.filter((e) => !open.includes(e));
    if (missing.length) {
      const lead = core.match(/^[ \t]*/)![0];
      out += lead;
      core = core.slice(lead.length);
      for (const e of missing) {
        out += MARKER[e];
        open.push(e);
      }
    }
    out += core;
  }
  closeFrom(0);
  return out;
}

function lineBreaks(s: string): string {
  return s.replace(/\r?\n/g, "<br>");
}

/** One item without its emphasis (code, link, equation, mention, color and underline span). */
function renderItem(item: RichTextItemResponse, ctx: InlineContext): string {
  const a = item.annotations as Annotations;
  let core: string;
  let link: string | null = null;
  switch (item.type) {
    case "text":
      core = a.code ? "`" + lineBreaks(item.text.content) + "`" : lineBreaks(escapeText(item.text.content));
      link = item.text.link?.url ?? null;
      break;
    case "equation":
      core = `$${item.equation.expression}$`;
      break;
    case "mention":
      core = renderMention(item, ctx);
      break;
    default:
      core = escapeText((item as { plain_text: string }).plain_text);
  }
  if (link) core = `[${core}](${link})`;
  const span = (a.color !== "default" ? attr("color", mdColor(a.color)) : "") + (a.underline ? attr("underline", "true") : "");
  if (span) core = `<span${span}>${core}</span>`;
  return core;
}

function renderMention(item: RichTextItemResponse & { type: "mention" }, ctx: InlineContext): string {
  const m = item.mention as Json & { type: string };
  switch (m.type) {
    case "user": {
      const id = (m.user as { id: string }).id;
      const name = item.plain_text.replace(/^@/, "");
      return `<mention-user${attr("url", `user://${id}`)}>${escapeText(name)}</mention-user>`;
    }
    case "page":
    case "database": {
      const id = (m[m.type] as { id: string }).id;
      return `<mention-${m.type}${attr("url", ctx.objectUrl(id))}>${escapeText(item.plain_text)}</mention-${m.type}>`;
    }
    case "date": {
      const d = m.date as { start: string; end: string | null; time_zone?: string | null };
      return `<mention-date${dateAttrs(d)}/>`;
    }
    case "link_preview":
    case "link_mention":
      return item.href ? `[${escapeText(item.plain_text)}](${item.href})` : escapeText(item.plain_text);
    default:
      // Template mentions (@Today, @Me) have no tag in the format: their text stands in.
      return escapeText(item.plain_text);
  }
}

/**
 * `start`/`end` as dates, times as `startTime`/`endTime` (HH:mm), and `timeZone` ("Mentions").
 * A date-time's UTC offset is not in the format; it is kept in the time attribute after the
 * minutes (unconfirmed against Notion, which documents only the HH:mm part).
 */
function dateAttrs(d: { start: string; end: string | null; time_zone?: string | null }): string {
  const split = (v: string) => {
    const [date, time] = v.split("T");
    return { date, time: time ? time.replace(/:00(\.0+)?(?=Z|[+-]|$)/, "").replace(/^(\d\d:\d\d)(:\d\d(\.\d+)?)?/, "$1$2") : null };
  };
  const s = split(d.start);
  let out = attr("start", s.date);
  if (s.time) out += attr("startTime", s.time);
  if (d.end) {
    const e = split(d.end);
    out += attr("end", e.date);
    if (e.time) out += attr("endTime", e.time);
  }
  if (d.time_zone) out += attr("timeZone", d.time_zone);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** A rich-text request item (the JSON an API client would send). */
export type RichTextJson = Json;

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  spans: { color?: string; underline?: boolean }[];
  link: string | null;
}

function annotationsOf(st: Style, code = false): Annotations {
  let color = "default";
  let underline = false;
  for (const s of st.spans) {
    if (s.color) color = s.color;
    if (s.underline) underline = true;
  }
  return { bold: st.bold, italic: st.italic, strikethrough: st.strikethrough, underline, code, color };
}

/** Text runs longer than Notion's 2,000 characters per item are cut into several items. */
function textItems(content: string, link: string | null, annotations: Annotations): RichTextJson[] {
  const out: RichTextJson[] = [];
  for (let i = 0; i < content.length; i += LIMITS.RICH_TEXT_CONTENT) {
    out.push({ type: "text", text: { content: content.slice(i, i + LIMITS.RICH_TEXT_CONTENT), link: link ? { url: link } : null }, annotations });
  }
  return out;
}

const MENTION = /^<mention-(user|page|database|data-source|agent|date)\b((?:\s+[\w-]+="[^"]*")*)\s*(?:\/>|>((?:\\.|[^<\\])*)<\/mention-\1>)/;
const SPAN_OPEN = /^<span((?:\s+[\w-]+="[^"]*")*)\s*>/;
const LINK_TARGET = /^\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)/;
const TAG = /^<\/?[a-zA-Z][^<>]*>/;

/** A link at `i` (`[text](url)`): where its text ends and its URL, or null. Code and tags in the text are skipped whole. */
function findLink(src: string, i: number): { textEnd: number; url: string; end: number } | null {
  let j = i + 1;
  while (j < src.length) {
    const c = src[j];
    if (c === "\\") j += 2;
    else if (c === "`") {
      const close = src.indexOf("`", j + 1);
      j = close > j ? close + 1 : j + 1;
    } else if (c === "<") {
      const tag = src.slice(j).match(TAG);
      j += tag ? tag[0].length : 1;
    } else if (c === "[") return null;
    else if (c === "]") {
      const m = src.slice(j).match(LINK_TARGET);
      return m ? { textEnd: j, url: m[1], end: j + m[0].length } : null;
    } else j++;
  }
  return null;
}

/** Id from a Notion-style URL (the last 32 hex digits, or a dashed UUID) or `user://<id>`. */
export function idFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  const path = url.replace(/^user:\/\//, "").split(/[?#]/)[0];
  const dashed = path.match(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
  if (dashed) return normalizeId(dashed[0]);
  const hex = path.match(/[0-9a-fA-F]{32}$/);
  return hex ? normalizeId(hex[0]) : null;
}

/** The fragment id of a block URL (`…/Page-<id>#<block id>`), or the URL's own id. */
export function blockIdFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  const hash = url.split("#")[1];
  return hash ? normalizeId(hash) : idFromUrl(url);
}

function mentionItem(kind: string, attrText: string, body: string | undefined, annotations: Annotations): RichTextJson | null {
  const a = attrs(attrText);
  if (kind === "date") {
    if (!a.start) return null;
    const at = (date: string, time: string | undefined) => (time ? `${date}T${time.length === 5 ? `${time}:00` : time}` : date);
    const date: Json = { start: at(a.start, a.startTime) };
    if (a.end) date.end = at(a.end, a.endTime);
    else if (a.endTime) date.end = at(a.start, a.endTime);
    if (a.timeZone) date.time_zone = a.timeZone;
    return { type: "mention", mention: { type: "date", date }, annotations };
  }
  const id = idFromUrl(a.url);
  if (!id) return null;
  if (kind === "user") return { type: "mention", mention: { type: "user", user: { id } }, annotations };
  if (kind === "page") return { type: "mention", mention: { type: "page", page: { id } }, annotations };
  if (kind === "database" || kind === "data-source") return { type: "mention", mention: { type: "database", database: { id } }, annotations };
  void body;
  return null;
}

/**
 * One line of markdown → rich-text request items. Our own small parser: emphasis toggles on
 * `**`, `*` and `~~`, code and equations are literal up to their closing delimiter, `<span>`s
 * nest, and links and mention tags are recognized whole; anything else is text.
 */
export function parseInline(src: string): RichTextJson[] {
  const out: RichTextJson[] = [];
  const st: Style = { bold: false, italic: false, strikethrough: false, spans: [], link: null };
  let buf = "";
  let linkEnd = -1;
  let linkTail = 0;
  const flush = () => {
    if (buf) out.push(...textItems(buf, st.link, annotationsOf(st)));
    buf = "";
  };
  let i = 0;
  while (i < src.length) {
    if (i === linkEnd) {
      flush();
      st.link = null;
      linkEnd = -1;
      i += linkTail;
      continue;
    }
    const c = src[i];
    const rest = src.slice(i);
    if (c === "\\" && i + 1 < src.length) {
      buf += src[i + 1];
      i += 2;
      continue;
    }
    const br = rest.match(/^<br\s*\/?>/);
    if (br) {
      buf += "\n";
      i += br[0].length;
      continue;
    }
    if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j > i) {
        flush();
        out.push(...textItems(src.slice(i + 1, j).replace(/<br\s*\/?>/g, "\n"), st.link, annotationsOf(st, true)));
        i = j + 1;
        continue;
      }
    }
    if (c === "$") {
      const m = rest.match(/^\$((?:\\.|[^$\\])+)\$/);
      // As in pandoc's tex_math_dollars: no space inside either dollar, no digit right after the closing one ("$5 and $10").
      if (m && !/^\s|\s$/.test(m[1]) && !/\d/.test(src[i + m[0].length] ?? "")) {
        flush();
        out.push({ type: "equation", equation: { expression: m[1] }, annotations: annotationsOf(st) });
        i += m[0].length;
        continue;
      }
    }
    if (c === "*") {
      let run = 0;
      while (src[i + run] === "*") run++;
      // A long run closes what is open first (`**a****b**` is two bold runs side by side).
      const n = run <= 3 ? run : st.bold ? 2 : st.italic ? 1 : 3;
      const next = src[i + n];
      const prev = src[i - 1];
      // A run that would open emphasis must be followed by a non-space and closed later on the
      // line; one that would close it must follow a non-space. Otherwise it is text ("2 * 3").
      const opens = (on: boolean, width: number) => !on && next !== undefined && !/\s/.test(next) && src.indexOf("*".repeat(width), i + n) >= 0;
      const closes = (on: boolean) => on && prev !== undefined && !/\s/.test(prev);
      const boldOk = n >= 2 && (opens(st.bold, 2) || closes(st.bold));
      const italicOk = n % 2 === 1 && (opens(st.italic, 1) || closes(st.italic));
      if (!boldOk && !italicOk) {
        buf += "*".repeat(n);
        i += n;
        continue;
      }
      flush();
      if (boldOk) st.bold = !st.bold;
      if (italicOk) st.italic = !st.italic;
      i += n;
      continue;
    }
    if (rest.startsWith("~~") && (st.strikethrough || src.indexOf("~~", i + 2) >= 0)) {
      flush();
      st.strikethrough = !st.strikethrough;
      i += 2;
      continue;
    }
    if (c === "[" && st.link === null) {
      const link = findLink(src, i);
      if (link) {
        flush();
        st.link = link.url;
        linkEnd = link.textEnd;
        linkTail = link.end - link.textEnd;
        i += 1;
        continue;
      }
    }
    if (c === "<") {
      const span = rest.match(SPAN_OPEN);
      if (span) {
        flush();
        const a = attrs(span[1]);
        st.spans.push({ color: apiColorOf(a.color) ?? undefined, underline: a.underline === "true" });
        i += span[0].length;
        continue;
      }
      if (rest.startsWith("</span>") && st.spans.length) {
        flush();
        st.spans.pop();
        i += 7;
        continue;
      }
      const m = rest.match(MENTION);
      if (m) {
        const item = mentionItem(m[1], m[2], m[3], annotationsOf(st));
        if (item) {
          flush();
          out.push(item);
          i += m[0].length;
          continue;
        }
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/** The plain text of markdown inline content (for code blocks, titles and matching). */
export function plainOf(items: RichTextJson[]): string {
  return items
    .map((i) => ((i.text as Json | undefined)?.content as string | undefined) ?? ((i.equation as Json | undefined)?.expression as string | undefined) ?? "")
    .join("");
}
