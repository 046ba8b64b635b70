/**
 * external_url imports whose node is gone. An import downloads on the node that accepted it
 * (`FileUploadRow.node`); if that process dies the download dies with it and the upload would
 * stay `pending` forever, so whichever node notices — a GET or list through any node, the
 * periodic sweep (domain/orphans.ts), a start — records it as failed with a download error
 * (developers.notion.com/docs/importing-external-files: a failed import carries
 * `file_import_result` of type `error`), once. Imports of nodes alive are never touched: a
 * node starting while another downloads leaves that download alone.
 */
import type { Deps } from "../context.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";

/** Notion writes `imported_time` with seconds and an offset: 2026-07-04T09:11:43.000+00:00. */
const importedTime = (ms: number) => new Date(ms - (ms % 1000)).toISOString().replace("Z", "+00:00");

const pendingImport = (r: FileUploadRow) => r.mode === "external_url" && r.status === "pending";

/** Of these uploads, the pending imports whose node is gone (no node recorded: from before nodes were, gone). */
export async function interruptedImports(deps: Pick<Deps, "store">, rows: readonly FileUploadRow[]): Promise<FileUploadRow[]> {
  const pending = rows.filter(pendingImport);
  if (pending.length === 0) return [];
  const gone = await deps.store.liveness.gone(pending.flatMap((r) => (r.node === null ? [] : [r.node])));
  return pending.filter((r) => r.node === null || gone.has(r.node));
}

/**
 * Records an interrupted import as failed, once: read again in a write unit of its workspace
 * and left alone if it finished meanwhile or another node already failed it. Returns the row as
 * stored, and whether this call failed it.
 */
export async function failInterruptedImport(deps: Pick<Deps, "store" | "clock">, row: FileUploadRow): Promise<{ row: FileUploadRow; failed: boolean }> {
  return deps.store.write(async (tx) => {
    const current = await tx.files.get(row.workspace_id, row.id);
    if (!current || !pendingImport(current) || current.node !== row.node) return { row: current ?? row, failed: false };
    const now = deps.clock.now();
    const failed: FileUploadRow = {
      ...current,
      status: "failed",
      import_result: {
        type: "error",
        error: { type: "download_error", code: "download_failed", message: "The file could not be downloaded.", parameter: null, status_code: null },
        imported_time: importedTime(now),
      },
      last_edited_time: now,
    };
    await tx.files.update(failed);
    return { row: failed, failed: true };
  });
}

/** `rows` as they stand once the interrupted imports among them are failed. */
export async function settleImports(deps: Pick<Deps, "store" | "clock">, rows: FileUploadRow[]): Promise<FileUploadRow[]> {
  const orphans = await interruptedImports(deps, rows);
  if (orphans.length === 0) return rows;
  const settled = new Map<string, FileUploadRow>();
  for (const r of orphans) settled.set(r.id, (await failInterruptedImport(deps, r)).row);
  return rows.map((r) => settled.get(r.id) ?? r);
}
