/**
 * At start, before the server listens: the files directory is brought in line with the
 * database after a crash. Nothing is in flight then, so every blob no committed row refers to
 * is debris of an interrupted request and is removed: temporary `incoming-*` files of sends
 * that never committed, a single_part `content` renamed into place whose commit never
 * happened, parts superseded by a later send, the blobs of uploads that expired or failed.
 * On PostgreSQL other nodes may be running: the blob store lists only the blobs of nodes gone
 * (storage/postgres/blobs.ts). Imports a dead process was running are failed by
 * domain/orphans.ts, which the composition root runs just after.
 */
import type { Deps } from "../context.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import { blobKeys } from "./model.js";

/** The blob names a committed row refers to. */
function referenced(row: FileUploadRow): Set<string> {
  const names = new Set<string>();
  if (row.status !== "pending" && row.status !== "uploaded") return names;
  const name = (key: string) => key.slice(key.indexOf("/") + 1);
  if (row.mode === "multi_part") for (const [n, size] of Object.entries(row.parts)) names.add(name(blobKeys.part(row.id, Number(n), size)));
  else if (row.status === "uploaded") names.add(name(blobKeys.content(row.id)));
  return names;
}

/** Removes unreferenced blobs; returns how many it removed. */
export async function reconcileUploads(deps: Pick<Deps, "store" | "clock" | "files">): Promise<number> {
  const { blobs } = deps.files;
  let removed = 0;
  for (const [id, names] of await blobs.list()) {
    const row = await deps.store.read((tx) => tx.files.getById(id));
    const keep = row ? referenced(row) : new Set<string>();
    // Parts stored before their keys carried the size (`part-N`) are renamed, not removed.
    for (const [i, n] of names.entries()) {
      const legacy = /^part-(\d+)$/.exec(n);
      const size = legacy && row ? row.parts[Number(legacy[1])] : undefined;
      if (size === undefined || (await blobs.size(`${id}/${n}`)) !== size) continue;
      const key = blobKeys.part(id, Number(legacy![1]), size);
      await blobs.rename(`${id}/${n}`, key);
      names[i] = key.slice(id.length + 1);
    }
    const debris = names.filter((n) => !keep.has(n));
    if (debris.length === names.length) await blobs.removeAll(id);
    else for (const n of debris) await blobs.remove(`${id}/${n}`);
    removed += debris.length;
  }
  return removed;
}
