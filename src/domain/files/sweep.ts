/**
 * Expired uploads give their bytes back: unattached uploads past their expiry are marked
 * `expired` for good (as they already read) and their blobs removed. Runs at start and then
 * every few minutes (Quire's housekeeping; Notion does not say when it deletes them).
 */
import type { Deps } from "../context.js";
import { repeatEvery } from "../../lib/repeat.js";

/** Minutes between sweeps. */
export const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Marks up to `limit` expired uploads and removes their blobs; returns how many it handled. */
export async function sweepExpiredUploads(deps: Pick<Deps, "store" | "clock" | "files">, limit = 500): Promise<number> {
  const now = deps.clock.now();
  const expired = await deps.store.write(async (tx) => {
    const rows = await tx.files.expiring(now, limit);
    for (const r of rows) await tx.files.update({ ...r, status: "expired", last_edited_time: r.expiry_time!, expiry_time: null });
    return rows;
  });
  for (const r of expired) await deps.files.blobs.removeAll(r.id).catch(() => undefined);
  return expired.length;
}

/** Sweeps now (resolving after it) and then on a timer that does not keep the process alive; returns a stop function. */
export async function scheduleSweeps(deps: Pick<Deps, "store" | "clock" | "files">): Promise<() => Promise<void>> {
  await sweepExpiredUploads(deps).catch(() => 0);
  return repeatEvery(SWEEP_EVERY_MS, () => sweepExpiredUploads(deps));
}
