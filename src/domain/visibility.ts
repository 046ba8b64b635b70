/**
 * Which search candidates an integration may see, in bulk. The rule is access.ts's (an object is
 * visible when it or an ancestor is shared; it is in the trash when it or an ancestor is), but
 * decided for a batch at once: parents are looked up one tree level per query, and every node's
 * answer is remembered for the request, so candidates under the same page cost one lookup
 * together instead of one ancestry walk each.
 */
import type { Tx } from "../../storage/types.js";
import type { ParentLink } from "../../storage/search.js";

export interface Sight {
  visible: boolean;
  /** In the trash, itself or through an ancestor. */
  trashed: boolean;
}

/** Deepest tree walked (the store's ancestry query stops at the same depth). */
const MAX_DEPTH = 1000;

export class Visibility {
  private readonly known = new Map<string, Sight>();
  private readonly links = new Map<string, ParentLink>();

  constructor(
    private readonly tx: Tx,
    private readonly workspaceId: string,
    private readonly shared: ReadonlySet<string>,
  ) {}

  /** Sight of each item (nodes whose parent and own trash flag are already known). */
  async of(items: readonly ParentLink[]): Promise<Sight[]> {
    for (const i of items) this.links.set(i.id, i);
    await this.fetchAncestors(items.map((i) => i.parent_id));
    return items.map((i) => this.sight(i.id));
  }

  /** Loads the parent links above `ids`, one level per query, until every chain is known. */
  private async fetchAncestors(ids: (string | null)[]) {
    let missing = [...new Set(ids.filter((id): id is string => id !== null && !this.known.has(id) && !this.links.has(id)))];
    for (let depth = 0; missing.length > 0 && depth < MAX_DEPTH; depth++) {
      const found = await this.tx.search.parents(this.workspaceId, missing);
      for (const l of found) this.links.set(l.id, l);
      const next = new Set<string>();
      for (const l of found) if (l.parent_id !== null && !this.known.has(l.parent_id) && !this.links.has(l.parent_id)) next.add(l.parent_id);
      missing = [...next];
    }
  }

  /** A node's sight from its chain of links (iterative: trees can be deep). */
  private sight(id: string): Sight {
    const chain: ParentLink[] = [];
    let at: string | null = id;
    let above: Sight = { visible: false, trashed: false };
    while (at !== null) {
      const k = this.known.get(at);
      if (k) {
        above = k;
        break;
      }
      const link = this.links.get(at);
      if (!link || chain.length > MAX_DEPTH) break; // a parent that does not exist: the chain ends
      chain.push(link);
      at = link.parent_id;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const l = chain[i];
      above = { visible: above.visible || this.shared.has(l.id), trashed: above.trashed || l.in_trash };
      this.known.set(l.id, above);
    }
    return above;
  }
}
