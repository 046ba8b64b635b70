/**
 * Rich text → Notion-flavoured markdown, inline level: annotations, links, inline equations,
 * mentions, colors and line breaks.
 * Reference: developers.notion.com/guides/data-apis/enhanced-markdown ("Rich text formatting",
 * "Mentions", "Colors").
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { attr, escapeText, mdColor, type Annotations } from "./syntax.js";
import { UNSEEN_TITLE } from "../../present/mentions.js";
import { showDate } from "../dates.js";

type Json = Record<string, unknown>;

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

/** What mention tags need: the URL of a page or database, and whether the reader may see it. */
export interface InlineContext {
  objectUrl(id: string): string;
  /** False for pages and databases the reader cannot see: their mentions show no title. Default: all. */
  sees?(id: string): boolean;
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
      // As in rich text: the title of what the reader cannot see is omitted (present/mentions.ts).
      const text = ctx.sees && !ctx.sees(id) ? UNSEEN_TITLE : item.plain_text;
      return `<mention-${m.type}${attr("url", ctx.objectUrl(id))}>${escapeText(text)}</mention-${m.type}>`;
    }
    case "date": {
      // Shown as every date is (to the minute, with an offset): domain/dates.ts.
      const d = showDate(m.date) ?? (m.date as { start: string; end: string | null });
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
