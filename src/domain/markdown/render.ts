/**
 * Blocks → Notion-flavoured markdown, one line per block, children one tab deeper, blocks
 * joined by a single newline. Each block type's form and its source are listed in
 * docs/design/markdown.md; block types Notion does not render (bookmark, embed, link preview,
 * breadcrumb, template, unsupported, …) become `<unknown url="…" alt="<type>"/>`.
 * Reference: developers.notion.com/guides/data-apis/enhanced-markdown and
 * developers.notion.com/guides/data-apis/working-with-markdown-content ("Block type support").
 */
import type { RichTextItemResponse } from "@notionhq/client";
import { compactId } from "../ids.js";
import { plainText } from "../rich-text.js";
import { pageTitle, pageUrl } from "../../present/page.js";
import { databaseUrl } from "../../present/database.js";
import { attr, escapeText, mdColor, renderRichText, type InlineContext } from "./inline.js";
import type { MdTree } from "./tree.js";
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
}

/** The context for rendering the blocks of the page `pageId`, its files signed by `files`. */
export function renderContext(origin: string, pageId: string, title: string, files: FileUrls): RenderContext {
  return {
    origin,
    files,
    pageUrl: pageUrl(origin, pageId, title),
    unknown: [],
    objectUrl: (id) => pageUrl(origin, id, ""),
  };
}

const blockUrl = (ctx: RenderContext, id: string) => `${ctx.pageUrl}#${compactId(id)}`;

/** The markdown of a list of sibling trees. */
export function renderTrees(trees: MdTree[], ctx: RenderContext): string {
  return renderLines(trees, ctx).join("\n");
}

/**
 * renderTrees, pausing between top-level blocks when `pace` asks (domain/budget.ts), so a page of
 * 20,000 blocks does not hold the server while it is written out.
 */
export async function renderTreesPaced(trees: MdTree[], ctx: RenderContext, pace: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  let number = 0;
  for (const t of trees) {
    await pace();
    number = t.node.type === "numbered_list_item" ? number + 1 : 0;
    for (const line of renderBlock(t, ctx, number)) lines.push(line);
  }
  return lines.join("\n");
}

/** One line per block (children indented by a tab). */
export function renderLines(trees: MdTree[], ctx: RenderContext): string[] {
  return renderEach(trees, ctx).flat();
}

/** The lines of each sibling (numbered list items count up within a run). */
export function renderEach(trees: MdTree[], ctx: RenderContext): string[][] {
  let number = 0;
  return trees.map((t) => {
    number = t.node.type === "numbered_list_item" ? number + 1 : 0;
    return renderBlock(t, ctx, number);
  });
}

/** Paragraph text that the parser would take for a block marker, a fence, or indentation. */
const BLOCK_START = /^(?:#{1,6}(?:\s|$)|[-+]\s|[-+]$|\d+[.)](?:\s|$)|---$|```|~~~|!\[|\s)/;

const indent = (lines: string[]) => lines.map((l) => (l === "" ? l : `\t${l}`));

/** `{color="…"}` and other block attributes at the end of a block's first line. */
function blockAttrs(pairs: [string, string | undefined][]): string {
  const present = pairs.filter(([, v]) => v !== undefined);
  return present.length ? ` {${present.map(([k, v]) => `${k}="${v}"`).join(" ")}}` : "";
}

const colorOf = (data: Json): string | undefined => {
  const c = data.color as string | undefined;
  return c && c !== "default" ? mdColor(c) : undefined;
};

const colorAttr = (data: Json) => {
  const c = colorOf(data);
  return c ? attr("color", c) : "";
};

/** A file object's URL: an external one as written, a Notion-hosted one signed (read from the block `src`). */
function fileUrl(ctx: RenderContext, data: Json, src: string): string {
  if (isStoredFile(data)) return ctx.files.url(data, src);
  const t = data.type as string;
  return ((data[t] as Json | undefined)?.url as string | undefined) ?? "";
}

/** A sub-page's or database's title as the reader sees it (unseen mentions untitled). */
const seenTitle = (title: RichTextItemResponse[] | undefined, ctx: RenderContext) => plainText(ctx.sees ? hideUnseenMentions(title ?? [], ctx.sees) : title);

function unknownTag(t: MdTree, ctx: RenderContext, alt?: string): string[] {
  ctx.unknown.push(t.node.id);
  return [`<unknown${attr("url", blockUrl(ctx, t.node.id))}${alt ? attr("alt", alt) : ""}/>`];
}

/** The lines of one block and its children. */
export function renderBlock(t: MdTree, ctx: RenderContext, number = 1): string[] {
  if (!t.loaded) return unknownTag(t, ctx, t.withheld ? t.node.type : undefined);
  const { node } = t;
  const d = node.data;
  const text = (key = "rich_text") => renderRichText(d[key] as RichTextItemResponse[] | undefined, ctx);
  const kids = () => indent(renderLines(t.children, ctx));
  const withKids = (first: string) => [first, ...kids()];
  switch (node.type) {
    case "paragraph": {
      // An empty line would be dropped on the way back: an empty paragraph is a tag. Text that
      // would read as another block (or as indentation) gets a backslash in front.
      const raw = text();
      const line = raw === "" ? "<empty-block/>" : BLOCK_START.test(raw) ? `\\${raw}` : raw;
      return withKids(line + blockAttrs([["color", colorOf(d)]]));
    }
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4": {
      const level = Number(node.type.slice(-1));
      const toggle = d.is_toggleable === true;
      const first = `${"#".repeat(level)} ${text()}${blockAttrs([["toggle", toggle ? "true" : undefined], ["color", colorOf(d)]])}`;
      return toggle ? withKids(first) : [first];
    }
    case "bulleted_list_item":
      return withKids(`- ${text()}${blockAttrs([["color", colorOf(d)]])}`);
    case "numbered_list_item":
      return withKids(`${number}. ${text()}${blockAttrs([["color", colorOf(d)]])}`);
    case "to_do":
      return withKids(`- [${d.checked ? "x" : " "}] ${text()}${blockAttrs([["color", colorOf(d)]])}`);
    case "quote":
      return withKids(`> ${text()}${blockAttrs([["color", colorOf(d)]])}`);
    case "toggle":
      return [`<details${colorAttr(d)}>`, `<summary>${text()}</summary>`, ...kids(), "</details>"];
    case "callout": {
      const icon = d.icon as Json | null;
      const iconText = icon?.type === "emoji" ? (icon.emoji as string) : icon && (icon.type === "external" || icon.type === "file") ? fileUrl(ctx, icon, node.id) : undefined;
      const open = `<callout${iconText ? attr("icon", iconText) : ""}${colorAttr(d)}>`;
      const line = text();
      return [open, ...(line ? [`\t${line}`] : []), ...kids(), "</callout>"];
    }
    case "code": {
      const body = plainText(d.rich_text as { plain_text: string }[]);
      return ["```" + ((d.language as string) ?? ""), ...body.split("\n"), "```"];
    }
    case "equation":
      return ["$$", ...String(d.expression ?? "").split("\n"), "$$"];
    case "divider":
      return ["---"];
    case "table": {
      const head = (d.has_column_header ? attr("header-row", "true") : "") + (d.has_row_header ? attr("header-column", "true") : "");
      const rows = t.children.flatMap((r) => {
        if (r.node.type !== "table_row") return [];
        const cells = (r.node.data.cells as RichTextItemResponse[][]) ?? [];
        return ["\t<tr>", ...cells.map((c) => `\t\t<td>${renderRichText(c, ctx)}</td>`), "\t</tr>"];
      });
      return [`<table${head}>`, ...rows, "</table>"];
    }
    case "column_list":
      return ["<columns>", ...indent(t.children.flatMap((c) => ["<column>", ...indent(renderLines(c.children, ctx)), "</column>"])), "</columns>"];
    case "column":
      return ["<column>", ...kids(), "</column>"];
    case "image":
      return [`![${text("caption")}](${fileUrl(ctx, d, node.id)})`];
    case "video":
    case "audio":
    case "file":
    case "pdf":
      return [`<${node.type}${attr("src", fileUrl(ctx, d, node.id))}>${text("caption")}</${node.type}>`];
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
    case "synced_block": {
      const from = d.synced_from as { block_id: string } | null;
      if (!from) return [`<synced_block${attr("url", blockUrl(ctx, node.id))}>`, ...kids(), "</synced_block>"];
      return [`<synced_block_reference${attr("url", blockUrl(ctx, from.block_id))}>`, ...kids(), "</synced_block_reference>"];
    }
    default:
      // bookmark, embed, link_preview, breadcrumb, template, link_to_page, tab, meeting notes,
      // unsupported: not rendered by Notion ("Unsupported block types").
      return unknownTag(t, ctx, node.type);
  }
}
