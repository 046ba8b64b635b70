/**
 * Synced blocks may not show themselves: a reference inside its own original, or originals that
 * show each other through references (A holds a reference to B, B one to A), would make every
 * reader of the page recurse without end. Notion's editor does not let a synced block contain
 * itself; its API documents no message for it (the wording below is Quire's, unconfirmed).
 *
 * Writes that can make such a cycle (appending or creating blocks, pointing a reference
 * elsewhere, restoring a block, markdown writes) are checked after they land, inside their
 * transaction, so a refused write leaves nothing behind. Readers also guard themselves against
 * cycles stored by older versions (markdown/tree.ts).
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";

/** Content a synced block shows stops at these (they render as one link or tag). */
const OPAQUE = new Set(["page", "database", "data_source"]);

type Block = Pick<StoredNode, "id" | "type" | "data">;

/** The original a block shows when it is a synced reference, else null. */
export function syncedOriginal(node: Block): string | null {
  if (node.type !== "synced_block") return null;
  const from = node.data.synced_from as { block_id?: unknown } | null | undefined;
  return typeof from?.block_id === "string" ? from.block_id : null;
}

/** Refuses (400) when a synced reference among `blocks` now shows itself. */
export async function assertNoSyncedCycles(tx: Tx, ctx: Ctx, blocks: readonly Block[]): Promise<void> {
  const check = new CycleCheck(tx, ctx.actor.workspace.id);
  for (const b of blocks) if (syncedOriginal(b)) await check.reference(b);
}

/** Refuses (400) when a synced reference at or below `root` now shows itself. */
export async function assertNoSyncedCyclesBelow(tx: Tx, ctx: Ctx, root: StoredNode): Promise<void> {
  const check = new CycleCheck(tx, ctx.actor.workspace.id);
  const refs: Block[] = syncedOriginal(root) ? [root] : [];
  await check.walk(root.id, (n) => void (syncedOriginal(n) && refs.push(n)));
  for (const r of refs) await check.reference(r);
}

class CycleCheck {
  /** Blocks each original shows (through references too), computed once per write. */
  private readonly shown = new Map<string, Set<string>>();
  /** Blocks read so far; past the markdown record limit the rest is not checked (readers stay safe). */
  private budget: number = LIMITS.MARKDOWN_RECORDS;

  constructor(
    private readonly tx: Tx,
    private readonly ws: string,
  ) {}

  async reference(ref: Block): Promise<void> {
    const original = syncedOriginal(ref)!;
    if (!(await this.insideOriginal(ref.id))) return;
    if ((await this.showing(original)).has(ref.id)) throw errors.validation(`A reference to synced block ${original} cannot be placed inside the content that synced block shows: it would contain itself.`);
  }

  /** Whether a synced block sits above `id` on its page (else nothing can show it twice). */
  private async insideOriginal(id: string): Promise<boolean> {
    const chain = await this.tx.getAncestry(this.ws, id);
    for (const link of chain.slice(1)) {
      if (OPAQUE.has(link.type)) return false;
      if (link.type === "synced_block") return true;
    }
    return false;
  }

  /** Every block rendering `original` would show: its content, and the content of the originals referenced there. */
  private async showing(original: string): Promise<Set<string>> {
    const known = this.shown.get(original);
    if (known) return known;
    const seen = new Set<string>();
    const originals = [original];
    const queued = new Set(originals);
    for (let i = 0; i < originals.length; i++) {
      await this.walk(originals[i], (n) => {
        seen.add(n.id);
        const next = syncedOriginal(n);
        if (next && !queued.has(next)) {
          queued.add(next);
          originals.push(next);
        }
      });
    }
    this.shown.set(original, seen);
    return seen;
  }

  /** Visits the untrashed blocks below `id`, depth first, not entering sub-pages or references. */
  async walk(id: string, visit: (n: StoredNode) => void): Promise<void> {
    const stack = [id];
    while (stack.length && this.budget > 0) {
      const parent = stack.pop()!;
      let from: string | null = null;
      do {
        const page = await this.tx.listChildren(this.ws, parent, from, 1000);
        if (!page) break;
        for (const child of page.items) {
          if (--this.budget < 0) return;
          visit(child);
          if (child.has_children && !OPAQUE.has(child.type) && !syncedOriginal(child)) stack.push(child.id);
        }
        from = page.next;
      } while (from);
    }
  }
}
