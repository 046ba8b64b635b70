/**
 * What both markdown dialects share when rendering blocks: the render context, block URLs,
 * colors, file URLs, `<unknown>` tags, and the leaf blocks whose form is the same in enhanced
 * markdown (v1) and Notion-flavored Markdown (v2) — code, equations, dividers, media, sub-pages,
 * databases, tables of contents and the blocks Notion does not render. Sources per block:
 * docs/design/markdown.md.
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { compactId } from "../../api/ids.js";
import { plainText } from "../rich-text.js";
import { pageTitle, pageUrl } from "../../present/page.js";
import { databaseUrl } from "../../present/database.js";
import { attr, escapeText, mdColor, renderRichText, type InlineContext } from "./inline.js";
import type { MdTree } from "./tree.js";
import type { MarkdownVersion } from "./dialect.js";
import { isStoredFile, type FileUrls } from "../files/urls.js";
import { hideUnseenMentions } from "../../present/mentions.js";

type Json = Record<string, unknown>;

export interface RenderContext extends InlineContext {
  origin: string;
  /** URL of the page the blocks are in; block URLs are `<page url>#<block id>`. */
  pageUrl: string;
  /** Ids of blocks rendered as `<unknown>`, in order. */
  unknown: string[];
  /** Signs the Notion-hosted files of media blocks and callout icons for the reader. */
  files: FileUrls;
  /** The dialect written: enhanced markdown (`v1`) or Notion-flavored Markdown (`v2`). */
  dialect: MarkdownVersion;
}

/** The context for rendering the blocks of the page `pageId` in `dialect`, its files signed by `files`. */
export function renderContext(origin: string, pageId: string, title: string, files: FileUrls, dialect: MarkdownVersion = "v1"): RenderContext {
  return {
    origin,
    files,
    dialect,
    pageUrl: pageUrl(origin, pageId, title),
    unknown: [],
    objectUrl: (id) => pageUrl(origin, id, ""),
  };
}

/** `<page url>#<block id>`: how markdown names a block of the page. */
export const blockUrl = (ctx: RenderContext, id: string) => `${ctx.pageUrl}#${compactId(id)}`;

/** Paragraph text that a parser would take for a block marker, a fence, or indentation. */
export const BLOCK_START = /^(?:#{1,6}(?:\s|$)|[-+]\s|[-+]$|\d+[.)](?:\s|$)|---$|```|~~~|!\[|\s)/;

/** Paragraph text with a backslash in front when it would read as another block. */
export const guardStart = (text: string) => (BLOCK_START.test(text) ? `\\${text}` : text);

/** Text after a block marker (`# `, `- `, `> `): a leading space gets a backslash, or the marker's space would swallow it. */
export const guardLead = (text: string) => (/^\s/.test(text) ? `\\${text}` : text);

/** Each line one tab deeper (empty lines stay empty). */
export const indent = (lines: string[]) => lines.map((l) => (l === "" ? l : `\t${l}`));

/** A block's color in markdown (`red_bg` for `red_background`), or undefined for the default. */
export const colorOf = (data: Json): string | undefined => {
  const c = data.color as string | undefined;
  return c && c !== "default" ? mdColor(c) : undefined;
};

/** ` color="…"` for a colored block, else nothing. */
export const colorAttr = (data: Json) => {
  const c = colorOf(data);
  return c ? attr("color", c) : "";
};

/** A file object's URL: an external one as written, a Notion-hosted one signed (read from the block `src`). */
export function fileUrl(ctx: RenderContext, data: Json, src: string): string {
  if (isStoredFile(data)) return ctx.files.url(data, src);
  const t = data.type as string;
  return ((data[t] as Json | undefined)?.url as string | undefined) ?? "";
}

/** A callout's icon as its `icon` attribute value: the emoji, or the image URL. */
export function calloutIcon(ctx: RenderContext, t: MdTree): string | undefined {
  const icon = t.node.data.icon as Json | null;
  if (icon?.type === "emoji") return icon.emoji as string;
  if (icon && (icon.type === "external" || icon.type === "file")) return fileUrl(ctx, icon, t.node.id);
  return undefined;
}

/** A sub-page's or database's title as the reader sees it (unseen mentions untitled). */
const seenTitle = (title: RichTextItemResponse[] | undefined, ctx: RenderContext) => plainText(ctx.sees ? hideUnseenMentions(title ?? [], ctx.sees) : title);

/** `<unknown url="…" alt="<type>"/>`, its id noted for `unknown_block_ids`. */
export function unknownTag(t: MdTree, ctx: RenderContext, alt?: string): string[] {
  ctx.unknown.push(t.node.id);
  return [`<unknown${attr("url", blockUrl(ctx, t.node.id))}${alt ? attr("alt", alt) : ""}/>`];
}

/** A block's rich text (`rich_text`, or `caption`) as one line of markdown. */
export const textOf = (t: MdTree, ctx: RenderContext, key = "rich_text") => renderRichText(t.node.data[key] as RichTextItemResponse[] | undefined, ctx);

/** The `<tr>`/`<td>` lines of a table's rows (nested by `nest`, a tab in v1 and nothing in v2). */
export function tableLines(t: MdTree, ctx: RenderContext, nest: (lines: string[]) => string[]): string[] {
  const d = t.node.data;
  const head = (d.has_column_header ? attr("header-row", "true") : "") + (d.has_row_header ? attr("header-column", "true") : "");
  const rows = t.children.flatMap((r) => {
    if (r.node.type !== "table_row") return [];
    const cells = (r.node.data.cells as RichTextItemResponse[][]) ?? [];
    return nest(["<tr>", ...nest(cells.map((c) => `<td>${renderRichText(c, ctx)}</td>`)), "</tr>"]);
  });
  return [`<table${head}>`, ...rows, "</table>"];
}

/**
 * The lines of a block whose form is the same in both dialects, or null for the others (text
 * blocks and containers, which each dialect lays out, and types Notion does not render).
 */
export function leafLines(t: MdTree, ctx: RenderContext): string[] | null {
  const { node } = t;
  const d = node.data;
  switch (node.type) {
    case "code": {
      const body = plainText(d.rich_text as { plain_text: string }[]);
      return ["```" + ((d.language as string) ?? ""), ...body.split("\n"), "```"];
    }
    case "equation":
      return ["$$", ...String(d.expression ?? "").split("\n"), "$$"];
    case "divider":
      return ["---"];
    case "image":
      return [`![${textOf(t, ctx, "caption")}](${fileUrl(ctx, d, node.id)})`];
    case "video":
    case "audio":
    case "file":
    case "pdf":
      return [`<${node.type}${attr("src", fileUrl(ctx, d, node.id))}>${textOf(t, ctx, "caption")}</${node.type}>`];
    case "page": {
      const title = seenTitle(pageTitle(node), ctx);
      return [`<page${attr("url", pageUrl(ctx.origin, node.id, title))}>${escapeText(title)}</page>`];
    }
    case "database": {
      const title = seenTitle(d.title as RichTextItemResponse[], ctx);
      return [`<database${attr("url", databaseUrl(ctx.origin, node.id))}${d.is_inline ? attr("inline", "true") : ""}>${escapeText(title)}</database>`];
    }
    case "table_of_contents":
      return [`<table_of_contents${colorAttr(d)}/>`];
    default:
      return null;
  }
}

/** Numbers of the siblings: numbered list items count up within a run, others are 0. */
export function runNumbers(trees: MdTree[]): number[] {
  let n = 0;
  return trees.map((t) => (n = t.node.type === "numbered_list_item" && !t.raw ? n + 1 : 0));
}
