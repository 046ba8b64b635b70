/**
 * `insert_content` after the block an anchor names: `position: {type: "after_content", anchor}`
 * (every version) and, from Notion-Version 2026-12-01 on, `after` ("must match the start of one
 * block"). The anchor is compared with the start of each block's markdown as it reads at its own
 * level (without the indentation of its parents); exactly one block must match. The content
 * becomes that block's next siblings: it is written into the page's markdown right after the
 * block, in its container, and the page is then read back and matched as any edit is.
 * Reference: developers.notion.com/guides/get-started/upgrade-guide-2026-12-01 ("Markdown
 * inserts": use `position: { "type": "after_content", "anchor": "..." }` instead of
 * `insert_content.after`; on 2026-12-01 "`after` must match the start of one block").
 * Which blocks count (nested ones too) and the error wording are Quire's: Notion states only
 * the rule.
 */
import { errors } from "../../api/errors.js";
import { show } from "../../api/validate.js";
import { dedentAll } from "./parse-common.js";
import { renderBlock, renderTrees, type RenderContext } from "./render.js";
import { runNumbers } from "./render-common.js";
import { OPAQUE, type MdTree } from "./tree.js";

/** Where a block sits: its list of siblings and its index there. */
interface Spot {
  siblings: MdTree[];
  index: number;
}

/**
 * A block's first markdown line, without rendering its children: a placeholder child stands for
 * them (whether it has children can change the first line, as v2's tag forms do).
 */
function firstLine(t: MdTree, ctx: RenderContext, number: number): string {
  const shallow: MdTree = { ...t, children: t.children.length ? [{ node: t.node, children: [], loaded: true, raw: [""] }] : [] };
  return renderBlock(shallow, ctx, number)[0];
}

/** Whether the block's markdown starts with `anchor`: its first line first, the whole block only when that matches. */
function startsWith(t: MdTree, ctx: RenderContext, number: number, anchor: string): boolean {
  const line = firstLine(t, ctx, number);
  const cut = anchor.indexOf("\n");
  if (cut < 0) return line.startsWith(anchor);
  return line === anchor.slice(0, cut) && renderBlock(t, ctx, number).join("\n").startsWith(anchor);
}

/** The blocks whose markdown starts with `anchor`, depth first (tables' rows and synced references' copies are not blocks of the page). */
function matches(trees: MdTree[], ctx: RenderContext, anchor: string, out: Spot[] = []): Spot[] {
  const numbers = runNumbers(trees);
  trees.forEach((t, index) => {
    if (!t.loaded) return;
    if (startsWith(t, ctx, numbers[index], anchor)) out.push({ siblings: trees, index });
    const reference = t.node.type === "synced_block" && t.node.data.synced_from;
    if (!OPAQUE.has(t.node.type) && t.node.type !== "table" && !reference) matches(t.children, ctx, anchor, out);
  });
  return out;
}

/** A copy of the trees with `content` as a block of raw lines after the block at `spot`. */
function withInsert(trees: MdTree[], spot: Spot, content: string[]): MdTree[] {
  const copy = (list: MdTree[]): MdTree[] =>
    list.map((t, i) => {
      const kids = copy(t.children);
      const self = { ...t, children: kids };
      return list === spot.siblings && i === spot.index ? [self, { node: t.node, children: [], loaded: true, raw: content }] : [self];
    }).flat();
  return copy(trees);
}

/** The page's markdown with `content` inserted after the one block whose markdown starts with `anchor`. */
export function insertAfterAnchor(trees: MdTree[], render: RenderContext, anchor: string, content: string, field: string): string {
  // Pasted from an indented place of the page, the anchor's own indentation is not part of the block.
  const wanted = dedentAll(anchor.replace(/\r\n?/g, "\n").split("\n")).join("\n");
  if (wanted.trim() === "") throw errors.validation(`The ${field} anchor \`${show(anchor)}\` is empty: give the start of the block to insert after.`);
  const scratch: RenderContext = { ...render, unknown: [] };
  const found = matches(trees, scratch, wanted);
  if (found.length === 0) throw errors.validation(`The ${field} anchor \`${show(anchor)}\` does not match the start of any block in the page.`);
  if (found.length > 1)
    throw errors.validation(`The ${field} anchor \`${show(anchor)}\` matches the start of ${found.length} blocks in the page; it must match the start of one block.`);
  return renderTrees(withInsert(trees, found[0], content.replace(/\r\n?/g, "\n").split("\n")), scratch);
}
