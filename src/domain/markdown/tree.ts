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
import { LIMITS } from "../../api/limits.js";

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
  /** Markdown lines written as they are in place of a block (content inserted after an anchor, anchor.ts). */
  raw?: string[];
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
  // The originals whose content is being loaded, outermost first: a synced reference to one of
  // them (a synced block showing itself, stored before such cycles were refused:
  // blocks/synced-cycles.ts) shows no content instead of recursing until the record limit and the
  // stack run out.
  const expanding = new Set<string>();
  const childrenOf = async (owner: StoredNode): Promise<MdTree[]> => {
    if (expanding.has(owner.id)) return [];
    expanding.add(owner.id);
    try {
      return await load(owner);
    } finally {
      expanding.delete(owner.id);
    }
  };
  // An original shown by many references is read from the store once.
  const read = new Map<string, StoredNode[]>();
  const childNodes = async (owner: StoredNode): Promise<StoredNode[]> => {
    const known = read.get(owner.id);
    if (known) return known;
    const nodes: StoredNode[] = [];
    let from: string | null = null;
    do {
      // Up to 20,000 blocks: other requests are answered in between (domain/budget.ts).
      await ctx.budget.pace();
      const page = await tx.listChildren(ws, owner.id, from, 1000);
      if (!page) break;
      nodes.push(...page.items);
      from = page.next;
    } while (from);
    read.set(owner.id, nodes);
    return nodes;
  };
  const load = async (owner: StoredNode): Promise<MdTree[]> => {
    const out: MdTree[] = [];
    for (const child of await childNodes(owner)) {
      await ctx.budget.pace();
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
    return out;
  };
  const owner = await contentOwner(tx, ctx, root);
  if (!owner) throw notFound(ctx, "page", root.id);
  const trees = await childrenOf(owner);
  return { trees, truncated };
}
