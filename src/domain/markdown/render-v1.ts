/**
 * Blocks → enhanced markdown (`markdown_version: "v1"`): one line per block, children one tab
 * deeper, blocks joined by a single newline, block colors as a trailing `{color="…"}`, toggles
 * as `<details>`/`<summary>`. Reference: developers.notion.com/guides/data-apis/enhanced-markdown
 * and developers.notion.com/guides/data-apis/working-with-markdown-content ("Block type support").
 */
import { attr } from "./inline.js";
import type { MdTree } from "./tree.js";
import {
  blockUrl,
  calloutIcon,
  colorAttr,
  colorOf,
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
export function renderEachV1(trees: MdTree[], ctx: RenderContext): string[][] {
  const numbers = runNumbers(trees);
  return trees.map((t, i) => renderBlockV1(t, ctx, numbers[i]));
}

/** One line per block (children indented by a tab). */
export function renderLinesV1(trees: MdTree[], ctx: RenderContext): string[] {
  return renderEachV1(trees, ctx).flat();
}

/** `{color="…"}` and other block attributes at the end of a block's first line. */
function blockAttrs(pairs: [string, string | undefined][]): string {
  const present = pairs.filter(([, v]) => v !== undefined);
  return present.length ? ` {${present.map(([k, v]) => `${k}="${v}"`).join(" ")}}` : "";
}

/** The lines of one block and its children. */
export function renderBlockV1(t: MdTree, ctx: RenderContext, number = 1): string[] {
  if (t.raw) return t.raw;
  if (!t.loaded) return unknownTag(t, ctx, t.withheld ? t.node.type : undefined);
  const { node } = t;
  const d = node.data;
  const text = () => textOf(t, ctx);
  const lead = () => guardLead(text());
  const color = () => blockAttrs([["color", colorOf(d)]]);
  const kids = () => indent(renderLinesV1(t.children, ctx));
  const withKids = (first: string) => [first, ...kids()];
  switch (node.type) {
    case "paragraph": {
      // An empty line would be dropped on the way back: an empty paragraph is a tag.
      const raw = text();
      return withKids((raw === "" ? "<empty-block/>" : guardStart(raw)) + color());
    }
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4": {
      const level = Number(node.type.slice(-1));
      const toggle = d.is_toggleable === true;
      const first = `${"#".repeat(level)} ${lead()}${blockAttrs([["toggle", toggle ? "true" : undefined], ["color", colorOf(d)]])}`;
      return toggle ? withKids(first) : [first];
    }
    case "bulleted_list_item":
      return withKids(`- ${lead()}${color()}`);
    case "numbered_list_item":
      return withKids(`${number}. ${lead()}${color()}`);
    case "to_do":
      return withKids(`- [${d.checked ? "x" : " "}] ${lead()}${color()}`);
    case "quote":
      return withKids(`> ${lead()}${color()}`);
    case "toggle":
      return [`<details${colorAttr(d)}>`, `<summary>${text()}</summary>`, ...kids(), "</details>"];
    case "callout": {
      const icon = calloutIcon(ctx, t);
      // The text is the first line: guarded, so it never reads as a child block.
      const line = text();
      return [`<callout${icon ? attr("icon", icon) : ""}${colorAttr(d)}>`, ...(line ? [`\t${guardStart(line)}`] : []), ...kids(), "</callout>"];
    }
    case "table":
      return tableLines(t, ctx, indent);
    case "column_list":
      return ["<columns>", ...indent(t.children.flatMap((c) => ["<column>", ...indent(renderLinesV1(c.children, ctx)), "</column>"])), "</columns>"];
    case "column":
      return ["<column>", ...kids(), "</column>"];
    case "synced_block": {
      const from = d.synced_from as { block_id: string } | null;
      if (!from) return [`<synced_block${attr("url", blockUrl(ctx, node.id))}>`, ...kids(), "</synced_block>"];
      return [`<synced_block_reference${attr("url", blockUrl(ctx, from.block_id))}>`, ...kids(), "</synced_block_reference>"];
    }
    default:
      return leafLines(t, ctx) ?? unknownTag(t, ctx, node.type);
  }
}
