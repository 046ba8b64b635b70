/**
 * Inline Notion-flavoured markdown → rich-text request items.
 * Reference: developers.notion.com/guides/data-apis/enhanced-markdown ("Rich text formatting", "Mentions").
 */
import { LIMITS } from "../../api/limits.js";
import { apiColorOf, attrs, idFromUrl, type Annotations } from "./syntax.js";
import type { ApiColor } from "../values.js";

type Json = Record<string, unknown>;

/** A rich-text request item (the JSON an API client would send). */
export type RichTextJson = Json;

interface Style {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  spans: { color?: ApiColor; underline?: boolean }[];
  link: string | null;
}

function annotationsOf(st: Style, code = false): Annotations {
  let color: ApiColor = "default";
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
  const st: Style = { bold: false, italic: false, strikethrough: false, spans: [], link: null };
  // Text without any markup character is one run of plain text (most lines of a long document).
  if (!/[\\<`$*~[]/.test(src)) return src === "" ? [] : textItems(src, null, annotationsOf(st));
  const out: RichTextJson[] = [];
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
      // A long run closes what is open first (`**a****b**` is two bold runs side by side;
      // `***a****b*` closes bold and italic, then opens italic again).
      const n = run <= 3 ? run : st.bold && st.italic ? 3 : st.bold ? 2 : st.italic ? 1 : 3;
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
