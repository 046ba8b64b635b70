/**
 * Blocks → Notion-flavored Markdown (`markdown_version: "v2"`). Blocks are separated by a blank
 * line (list items of one list by a single newline, as a tight markdown list); children are
 * indented with a tab only under list items; a block with children, or with a color, takes its
 * tag form — the opening tag with the block's attributes, its text on the next line, a blank
 * line, the children separated by blank lines, a blank line, the closing tag (a one-line
 * `<tag …>text</tag>` when there are no children). Reference:
 * developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown ("Update your
 * parser and generator"); the forms it leaves unstated are Quire's, listed in
 * docs/design/markdown.md (v2 section).
 */
import { attr } from "./inline.js";
import type { MdTree } from "./tree.js";
import {
  blockUrl,
  calloutIcon,
  colorAttr,
  guardLead,
  guardStart,
  indent,
  leafLines,
  runNumbers,
  tableLines,
  textOf,
  unknownTag,
  type RenderContext,
} from "./render-common.js";

/** The lines of each sibling (numbered list items count up within a run). */
export function renderEachV2(trees: MdTree[], ctx: RenderContext): string[][] {
  const numbers = runNumbers(trees);
  return trees.map((t, i) => renderBlockV2(t, ctx, numbers[i]));
}

/** A list item's first line (`- `, `1. `, `- [ ] `): such blocks follow each other without a blank line. */
const LIST_LINE = /^(?:[-*+] |\d+[.)] )/;

/** The blocks' lines, a blank line between blocks (none between the items of a list). */
export function renderLinesV2(trees: MdTree[], ctx: RenderContext): string[] {
  return joinLinesV2(renderEachV2(trees, ctx));
}

/** Sibling blocks' lines joined as renderLinesV2 joins them. */
export function joinLinesV2(each: string[][]): string[] {
  const out: string[] = [];
  let lastList = false;
  for (const lines of each) {
    const list = LIST_LINE.test(lines[0]);
    if (out.length && !(list && lastList)) out.push("");
    out.push(...lines);
    lastList = list;
  }
  return out;
}

/**
 * A block's tag form. `own` is its text (null for containers without text, such as columns);
 * without children it is one line.
 */
function tagForm(name: string, attrs: string, own: string | null, kids: string[]): string[] {
  if (!kids.length) return [`<${name}${attrs}>${own ?? ""}</${name}>`];
  // The text, when there is one, is guarded so that it never reads as a child block.
  return [`<${name}${attrs}>`, ...(own ? [guardStart(own)] : []), "", ...kids, "", `</${name}>`];
}

/** The lines of one block and its children. */
export function renderBlockV2(t: MdTree, ctx: RenderContext, number = 1): string[] {
  if (t.raw) return t.raw;
  if (!t.loaded) return unknownTag(t, ctx, t.withheld ? t.node.type : undefined);
  const { node } = t;
  const d = node.data;
  const text = () => textOf(t, ctx);
  const lead = () => guardLead(text());
  const color = colorAttr(d);
  const kids = () => renderLinesV2(t.children, ctx);
  const tagged = (name: string, attrs = color) => tagForm(name, attrs, text(), kids());
  switch (node.type) {
    case "paragraph": {
      if (t.children.length || color) return tagged("p");
      const raw = text();
      return [raw === "" ? "<empty-block/>" : guardStart(raw)];
    }
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4": {
      const level = node.type.slice(-1);
      const toggle = d.is_toggleable === true;
      if (!toggle && !color) return [`${"#".repeat(Number(level))} ${lead()}`];
      // Only a toggle heading shows its children (as in v1).
      return tagForm(`h${level}`, (toggle ? attr("toggle", "true") : "") + color, text(), toggle ? kids() : []);
    }
    case "bulleted_list_item":
    case "numbered_list_item":
    case "to_do": {
      const checked = node.type === "to_do" && d.checked ? attr("checked", "true") : "";
      if (color) return tagged(node.type, checked + color);
      const marker = node.type === "bulleted_list_item" ? "- " : node.type === "numbered_list_item" ? `${number}. ` : `- [${d.checked ? "x" : " "}] `;
      return listItem(marker + lead(), kids());
    }
    case "quote":
      return t.children.length || color ? tagged("quote") : [`> ${lead()}`];
    case "toggle":
      return tagged("toggle");
    case "callout": {
      const icon = calloutIcon(ctx, t);
      return tagged("callout", (icon ? attr("icon", icon) : "") + color);
    }
    case "table":
      return tableLines(t, ctx, (lines) => lines);
    case "column_list":
      return tagForm("columns", "", null, kids());
    case "column":
      return tagForm("column", "", null, kids());
    case "synced_block": {
      const from = d.synced_from as { block_id: string } | null;
      if (!from) return tagForm("synced_block", attr("url", blockUrl(ctx, node.id)), null, kids());
      return tagForm("synced_block_reference", attr("url", blockUrl(ctx, from.block_id)), null, kids());
    }
    default:
      return leafLines(t, ctx) ?? unknownTag(t, ctx, node.type);
  }
}

/** A list item: its line, then its children a tab deeper (after a blank line unless they start with a list item). */
function listItem(first: string, kids: string[]): string[] {
  if (!kids.length) return [first];
  return [first, ...(LIST_LINE.test(kids[0]) ? [] : [""]), ...indent(kids)];
}
