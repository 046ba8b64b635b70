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
import { notFound } from "../access.js";
import { LIMITS } from "../limits.js";

export interface MdTree {
  node: StoredNode;
  children: MdTree[];
  /** False when the record limit was reached before this block was loaded. */
  loaded: boolean;
  /**
   * A synced reference whose original the reader cannot see: not loaded, it renders as
   * `<unknown … alt="synced_block"/>` and makes the answer `truncated` — Notion's rule for
   * "content that is not shared with the integration" (working-with-markdown-content,
   * "Unknown blocks, truncation, and permissions").
   */
  withheld?: true;
}

/** Types whose content is not part of the page's markdown (a tag stands for them). */
export const OPAQUE = new Set(["page", "database", "data_source"]);

/**
 * The children trees of `root` (a page or a block), and whether the limit or a withheld
 * reference cut any. A root that is a reference to an original the reader cannot see is a 404
 * ("Blocks that are unknown due to permissions will return a 404", reference/retrieve-page-markdown).
 */
export async function loadTree(tx: Tx, ctx: Ctx, root: StoredNode, limit: number = LIMITS.MARKDOWN_RECORDS): Promise<{ trees: MdTree[]; truncated: boolean }> {
  const ws = ctx.actor.workspace.id;
  let records = 0;
  let truncated = false;
  const childrenOf = async (owner: StoredNode): Promise<MdTree[]> => {
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
        if (OPAQUE.has(child.type) || !(child.has_children || (child.type === "synced_block" && child.data.synced_from))) continue;
        const inner = await contentOwner(tx, ctx, child);
        if (inner) tree.children = await childrenOf(inner);
        else {
          tree.loaded = false;
          tree.withheld = true;
          truncated = true;
        }
      }
      from = page.next;
    } while (from);
    return out;
  };
  const owner = await contentOwner(tx, ctx, root);
  if (!owner) throw notFound(ctx, "page", root.id);
  const trees = await childrenOf(owner);
  return { trees, truncated };
}
