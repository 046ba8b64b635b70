/** A page's block tree through /v1: children lists, loaded below every block the editor shows children of (and tables' rows). */
import type { Api, Json } from "../api";
import { showsChildren, type NotionTree } from "./mapping";

/** At most this many child lists are read at once. */
const PARALLEL = 4;

/**
 * The children of `id`, and theirs, as far as the editor shows them. `onFirst` is given the first
 * level (copies, without `children`) as soon as it is read, before the deeper levels (the first paint).
 */
export async function loadTree(api: Api, id: string, onFirst?: (top: NotionTree[]) => void): Promise<NotionTree[]> {
  const top = await api.all<Json>("GET", `/blocks/${id}/children`);
  onFirst?.(top.map((b) => ({ ...b })));
  let level: NotionTree[] = top;
  while (level.length) {
    const parents = level.filter((b) => showsChildren(b) || (b.type === "table" && b.has_children));
    const next: NotionTree[] = [];
    for (let i = 0; i < parents.length; i += PARALLEL) {
      await Promise.all(
        parents.slice(i, i + PARALLEL).map(async (p) => {
          p.children = await api.all<Json>("GET", `/blocks/${p.id}/children`);
          if (p.type !== "table") next.push(...p.children);
        }),
      );
    }
    level = next;
  }
  return top;
}

/** The tree with every block id renamed (a block the editor created keeps its editor id). */
export function renameTree(tree: NotionTree[], rename: (id: string) => string): NotionTree[] {
  return tree.map((b) => ({ ...b, id: rename(b.id), children: b.children && b.type !== "table" ? renameTree(b.children, rename) : b.children }));
}
