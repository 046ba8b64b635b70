/**
 * Expired uploads give their bytes back: unattached uploads past their expiry are marked
 * `expired` for good (as they already read) and their blobs removed. Runs at start and then
 * every few minutes (Quire's housekeeping; Notion does not say when it deletes them).
 *
 * Many nodes may sweep one database at once: each upload is decided again in a write unit of
 * its workspace (which waits for that workspace's other writers, on any node), so an upload
 * attached meanwhile is left alone, and each expired upload is expired — its blobs removed — by
 * exactly one sweep.
 */
import type { Deps } from "../context.js";
import { repeatEvery } from "../../lib/repeat.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import { takeTurn } from "../jobs.js";

/** Minutes between sweeps. */
export const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Whether an upload, as stored now, is due to expire at `now`. */
function due(r: FileUploadRow, now: number): boolean {
  return (r.status === "pending" || r.status === "uploaded") && !r.attached && r.expiry_time !== null && r.expiry_time <= now;
}

/** Marks up to `limit` expired uploads and removes their blobs; returns how many it handled. */
export async function sweepExpiredUploads(deps: Pick<Deps, "store" | "clock" | "files">, limit = 500): Promise<number> {
  const now = deps.clock.now();
  const candidates = await deps.store.read((tx) => tx.files.expiring(now, limit));
  const byWorkspace = new Map<string, FileUploadRow[]>();
  for (const r of candidates) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r]);
  let handled = 0;
  for (const [ws, rows] of byWorkspace) {
    const expired = await deps.store.write(async (tx) => {
      const out: FileUploadRow[] = [];
      for (const r of rows) {
        const current = await tx.files.get(ws, r.id);
        if (!current || !due(current, now)) continue;
        await tx.files.update({ ...current, status: "expired", last_edited_time: current.expiry_time!, expiry_time: null });
        out.push(current);
      }
      return out;
    });
    for (const r of expired) await deps.files.blobs.removeAll(r.id).catch(() => undefined);
    handled += expired.length;
  }
  return handled;
}

/**
 * Sweeps now (resolving after it) and then on a timer that does not keep the process alive —
 * the timer's sweeps on one node per period (src/domain/jobs.ts); returns a stop function.
 */
export async function scheduleSweeps(deps: Pick<Deps, "store" | "clock" | "files">): Promise<() => Promise<void>> {
  await sweepExpiredUploads(deps).catch(() => 0);
  return repeatEvery(SWEEP_EVERY_MS, async () => ((await takeTurn(deps.store, "upload-sweep", deps.clock.now(), SWEEP_EVERY_MS)) ? sweepExpiredUploads(deps) : 0));
}
