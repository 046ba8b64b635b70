/**
 * `GET /_quire/v1/workspaces/:id/seed` (and `/_quire/v1/seed`: the first workspace): the workspace
 * in the seed file format (docs/design/seed-files.md); what `quire export --seed` prints. Seed
 * files themselves are read at start (src/seed-file.ts, validated by ./admin-seed.schema.ts).
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import type { ControlScope } from "./admin-scope.js";
import { exportSeed } from "../domain/toolkit/seed-export.js";

/** Registers the seed export inside a workspace's control routes. */
export function adminSeedRoutes(r: FastifyInstance, deps: Deps, scope: ControlScope) {
  r.get("/seed", async (req) => scope.read(req, (tx, ws) => exportSeed(deps, tx, ws)));
}
