/**
 * Snapshots and reset (issue 15; docs/design/snapshots.md): save the whole state under a name,
 * list, restore, delete; reset to the state right after the first start's seed, kept as the
 * snapshot `__initial`. Server-wide (every workspace at once), the admin key's only.
 */
import type { Deps } from "../context.js";
import { ApiError, errors } from "../../api/errors.js";
import { SnapshotSchemaMismatch, type SnapshotInfo, type SnapshotStore } from "../../storage/snapshots.js";

/** The snapshot reset returns to: taken at the first start, right after the seed. */
export const INITIAL_SNAPSHOT = "__initial";

/** A snapshot as the control API answers it. */
export interface SnapshotView {
  object: "snapshot";
  name: string;
  created_time: string;
  size: number;
}

const view = (s: SnapshotInfo): SnapshotView => ({ object: "snapshot", name: s.name, created_time: new Date(s.created_time).toISOString(), size: s.size });

function snapshotsOf(deps: Deps): SnapshotStore {
  if (!deps.snapshots) throw errors.invalidRequest("This store keeps no snapshots.");
  return deps.snapshots;
}

/** Names beginning with `__` are Quire's own (`__initial`): not saved, restored or deleted by name. */
function ownName(name: string): void {
  if (name.startsWith("__")) throw errors.validation(`body failed validation: snapshot names beginning with \`__\` are Quire's own (\`${name}\`).`);
}

const unknown = (name: string) => new ApiError(404, "object_not_found", `Could not find snapshot with name: ${name}.`);

/** Saves the whole state as `name` (409 when that name is taken). */
export async function saveSnapshot(deps: Deps, name: string): Promise<SnapshotView> {
  ownName(name);
  const saved = await snapshotsOf(deps).save(name, deps.clock.now(), deps.files.blobs);
  if (!saved) throw new ApiError(409, "conflict_error", `A snapshot named ${name} already exists: delete it first, or choose another name.`);
  return view(saved);
}

/** Every snapshot the caller named (Quire's own are left out). */
export async function listSnapshots(deps: Deps): Promise<{ object: "list"; results: SnapshotView[] }> {
  const all = await snapshotsOf(deps).list();
  return { object: "list", results: all.filter((s) => !s.name.startsWith("__")).map(view) };
}

/** Replaces the whole state with the snapshot's. */
export async function restoreSnapshot(deps: Deps, name: string): Promise<SnapshotView> {
  ownName(name);
  return view(await restore(deps, name));
}

/** Deletes a snapshot. */
export async function deleteSnapshot(deps: Deps, name: string): Promise<{ object: "snapshot"; name: string; deleted: true }> {
  ownName(name);
  if (!(await snapshotsOf(deps).remove(name))) throw unknown(name);
  return { object: "snapshot", name, deleted: true };
}

/** Returns to the first start's seed (the snapshot `__initial`). */
export async function resetToInitial(deps: Deps): Promise<{ object: "reset"; restored: string; created_time: string }> {
  const s = await restore(deps, INITIAL_SNAPSHOT);
  return { object: "reset", restored: INITIAL_SNAPSHOT, created_time: new Date(s.created_time).toISOString() };
}

/**
 * Takes `__initial` unless there is one (a data directory or database started before keeps the
 * first start's). Called by the composition root right after the seed; false when it was there.
 */
export async function keepInitialSnapshot(deps: Deps): Promise<boolean> {
  if (!deps.snapshots) return false;
  const all = await deps.snapshots.list();
  if (all.some((s) => s.name === INITIAL_SNAPSHOT)) return false;
  return (await deps.snapshots.save(INITIAL_SNAPSHOT, deps.clock.now(), deps.files.blobs)) !== null;
}

async function restore(deps: Deps, name: string): Promise<SnapshotInfo> {
  const store = snapshotsOf(deps);
  const info = (await store.list()).find((s) => s.name === name);
  if (!info) throw unknown(name);
  try {
    if (!(await store.restore(name, deps.files.blobs))) throw unknown(name);
  } catch (e) {
    if (e instanceof SnapshotSchemaMismatch) throw errors.invalidRequest(e.message);
    throw e;
  }
  return info;
}
