/**
 * /_quire/v1/snapshots and /_quire/v1/reset — save, list, restore and delete snapshots of the
 * whole Quire, and return to the first start's seed (domain/toolkit/snapshots.ts). Server-wide:
 * registered once, inside the admin scope (the admin key only), not under a workspace prefix.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { check } from "../api/validate.js";
import { deleteSnapshot, listSnapshots, resetToInitial, restoreSnapshot, saveSnapshot } from "../domain/toolkit/snapshots.js";
import { bodyOf } from "./helpers.js";
import { saveSnapshotBody, snapshotPath } from "./admin-snapshots.schema.js";

const nameOf = (req: FastifyRequest) => check("path", snapshotPath, req.params).name;

/** Registers the snapshot and reset routes. */
export function adminSnapshotRoutes(admin: FastifyInstance, deps: Deps) {
  admin.post("/_quire/v1/snapshots", async (req) => saveSnapshot(deps, check("body", saveSnapshotBody, bodyOf(req)).name));
  admin.get("/_quire/v1/snapshots", async () => listSnapshots(deps));
  admin.post("/_quire/v1/snapshots/:name/restore", async (req) => restoreSnapshot(deps, nameOf(req)));
  admin.delete("/_quire/v1/snapshots/:name", async (req) => deleteSnapshot(deps, nameOf(req)));
  admin.post("/_quire/v1/reset", async () => resetToInitial(deps));
}
