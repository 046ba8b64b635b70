/**
 * A template's content duplicated into a page: every block below the template (sub-pages with
 * their own content) copied with new ids after the page's last child, template variables
 * filled. Notion duplicates the template ("kick off the process of "duplicating" a template into
 * a new page": developers.notion.com/docs/creating-pages-from-templates). What differs:
 *  - an original synced block becomes a reference to it (its copies stay in sync, as a
 *    duplicated synced block does in Notion); a reference stays a reference;
 *  - databases inside the template are not copied (Quire does not duplicate databases yet);
 *  - at most COPY_LIMIT blocks are copied (Quire's bound; Notion documents none).
 */
import type { NodeRow, StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { childParentType, newNode, placeChildren } from "../nodes.js";
import type { VariableFiller } from "./variables.js";

/** Blocks one template application copies at most (as many as a page's markdown loads). */
export const COPY_LIMIT = 20_000;

/** Node types not copied: databases and their data sources. */
const NOT_COPIED = new Set(["database", "data_source"]);

interface Source {
  node: StoredNode;
  children: Source[];
}

/** Copies `template`'s content to the end of `target`'s children; returns how many blocks were copied. */
export async function copyContent(tx: Tx, ctx: Ctx, template: StoredNode, target: NodeRow, filler: VariableFiller): Promise<number> {
  const sources = await loadContent(tx, ctx, template);
  if (sources.length === 0) return 0;
  const positions = await placeChildren(tx, ctx.actor.workspace.id, target.id, sources.length, { type: "end" });
  const rows: NodeRow[] = [];
  const copy = async (list: Source[], parent: NodeRow, at: number[]) => {
    for (let i = 0; i < list.length; i++) {
      const row = await copyNode(ctx, list[i].node, parent, at[i], filler);
      rows.push(row);
      await copy(list[i].children, row, list[i].children.map((_, j) => j + 1));
    }
  };
  await copy(sources, target, positions);
  await tx.insertNodes(rows);
  return rows.length;
}

/** One node's copy under `parent` (its children follow separately). */
async function copyNode(ctx: Ctx, source: StoredNode, parent: NodeRow, position: number, filler: VariableFiller): Promise<NodeRow> {
  const original = source.type === "synced_block" && source.data.synced_from === null;
  const data = original ? { ...source.data, synced_from: { type: "block_id", block_id: source.id } } : await filler.fill(source.data);
  return newNode(ctx, {
    id: ctx.ids(),
    type: source.type,
    parent_type: childParentType(parent),
    parent_id: parent.id,
    position,
    data,
    properties: source.type === "page" ? await filler.fill(source.properties) : null,
    icon: structuredClone(source.icon),
    cover: structuredClone(source.cover),
  });
}

/** The template's untrashed content, depth first, up to COPY_LIMIT blocks. */
async function loadContent(tx: Tx, ctx: Ctx, template: StoredNode): Promise<Source[]> {
  const ws = ctx.actor.workspace.id;
  let count = 0;
  const childrenOf = async (node: StoredNode): Promise<Source[]> => {
    const out: Source[] = [];
    // A reference's children belong to its original: the copy (a reference too) shows them.
    if (node.type === "synced_block") return out;
    let from: string | null = null;
    do {
      const page = await tx.listChildren(ws, node.id, from, 1000);
      if (!page) break;
      for (const child of page.items) {
        if (NOT_COPIED.has(child.type) || count >= COPY_LIMIT) continue;
        count++;
        out.push({ node: child, children: child.has_children ? await childrenOf(child) : [] });
      }
      from = page.next;
    } while (from && count < COPY_LIMIT);
    return out;
  };
  return childrenOf(template);
}
