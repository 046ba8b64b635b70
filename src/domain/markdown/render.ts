/**
 * Blocks → page markdown in the request's dialect: enhanced markdown (`v1`, render-v1.ts) or
 * Notion-flavored Markdown (`v2`, render-v2.ts); what they share is in render-common.ts. Each
 * block type's form in each dialect, and its source, is listed in docs/design/markdown.md; block
 * types Notion does not render (bookmark, embed, link preview, breadcrumb, template,
 * unsupported, …) become `<unknown url="…" alt="<type>"/>`.
 */
import type { MdTree } from "./tree.js";
import type { RenderContext } from "./render-common.js";
import { renderBlockV1, renderEachV1, renderLinesV1 } from "./render-v1.js";
import { joinLinesV2, renderBlockV2, renderEachV2, renderLinesV2 } from "./render-v2.js";
import { runNumbers } from "./render-common.js";

export { renderContext, type RenderContext } from "./render-common.js";

/** The markdown of a list of sibling trees. */
export function renderTrees(trees: MdTree[], ctx: RenderContext): string {
  return (ctx.dialect === "v2" ? renderLinesV2(trees, ctx) : renderLinesV1(trees, ctx)).join("\n");
}

/**
 * renderTrees, pausing between top-level blocks when `pace` asks (domain/budget.ts), so a page of
 * 20,000 blocks does not hold the server while it is written out.
 */
export async function renderTreesPaced(trees: MdTree[], ctx: RenderContext, pace: () => Promise<void>): Promise<string> {
  const numbers = runNumbers(trees);
  const each: string[][] = [];
  for (let i = 0; i < trees.length; i++) {
    await pace();
    each.push(renderBlock(trees[i], ctx, numbers[i]));
  }
  return (ctx.dialect === "v2" ? joinLinesV2(each) : each.flat()).join("\n");
}

/** The lines of each sibling, as it reads at its own level (numbered list items count up within a run). */
export function renderEach(trees: MdTree[], ctx: RenderContext): string[][] {
  return ctx.dialect === "v2" ? renderEachV2(trees, ctx) : renderEachV1(trees, ctx);
}

/** The lines of one block and its children. */
export function renderBlock(t: MdTree, ctx: RenderContext, number = 1): string[] {
  return ctx.dialect === "v2" ? renderBlockV2(t, ctx, number) : renderBlockV1(t, ctx, number);
}
