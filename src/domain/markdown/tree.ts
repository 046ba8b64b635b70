/**
 * Loads the block tree a page's markdown is rendered from: every untrashed block below the
 * root, depth first, without entering sub-pages or databases (they render as one tag), up to
 * Notion's record limit; blocks past the limit are kept unloaded and render as `<unknown>`.
 * Reference: developers.notion.com/guides/data-apis/working-with-markdown-content
 * ("Unknown blocks, truncation, and permissions").
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { contentOwner } from "../nodes.js";
import { LIMITS } from "../limits.js";

export interface MdTree {
  node: StoredNode;
  children: MdTree[];
  /** False when the record limit was reached before this block was loaded. */
  loaded: boolean;
  /** Markdown lines written as they are in place of a block (content inserted after an anchor, anchor.ts). */
  raw?: string[];
}

/** Types whose content is not part of the page's markdown (a tag stands for them). */
export const OPAQUE = new Set(["page", "database", "data_source"]);

/** The children trees of `root` (a page or a block), and whether the limit cut any. */
export async function loadTree(tx: Tx, ctx: Ctx, root: StoredNode, limit: number = LIMITS.MARKDOWN_RECORDS): Promise<{ trees: MdTree[]; truncated: boolean }> {
  const ws = ctx.actor.workspace.id;
  let records = 0;
  let truncated = false;
  const childrenOf = async (node: StoredNode): Promise<MdTree[]> => {
    const owner = await contentOwner(tx, ctx, node);
    const out: MdTree[] = [];
    let from: string | null = null;
    do {
      const page = await tx.listChildren(ws, owner.id, from, 1000);
      if (!page) break;
      for (const child of page.items) {
        if (records >= limit) {
          truncated = true;
          out.push({ node: child, children: [], loaded: false });
          continue;
        }
        records++;
        const tree: MdTree = { node: child, children: [], loaded: true };
        out.push(tree);
        if (!OPAQUE.has(child.type) && (child.has_children || (child.type === "synced_block" && child.data.synced_from))) tree.children = await childrenOf(child);
      }
      from = page.next;
    } while (from);
    return out;
  };
  const trees = await childrenOf(root);
  return { trees, truncated };
}
