/**
 * Periodic housekeeping shared by every node on one database: a job's turn is taken in the store
 * (its last start under `meta` key `job:<name>`, read and written in one write unit, which the
 * store serializes across nodes), so each period's run happens on one node only.
 */
import type { Store } from "../storage/types.js";

/**
 * True when this caller takes job `name`'s turn at `now`: no node started it within `everyMs`
 * (less a tenth, for timers firing early) of `now`, either side — nodes' clocks differ a little,
 * and a start recorded slightly ahead of this node's clock is still this period's.
 */
export async function takeTurn(store: Store, name: string, now: number, everyMs: number): Promise<boolean> {
  return store.write(async (tx) => {
    const last = Number((await tx.getMeta(`job:${name}`)) ?? Number.NaN);
    if (Number.isFinite(last) && Math.abs(now - last) < everyMs * 0.9) return false;
    await tx.setMeta(`job:${name}`, String(now));
    return true;
  });
}
