/**
 * Which workspace a control route acts on. Every workspace route is registered twice (admin.ts):
 * under `/_quire/v1` (the first, seeded workspace) and under `/_quire/v1/workspaces/{workspace_id}`;
 * handlers never read the path for it but run their unit through a scope, which resolves the
 * workspace inside that same unit (an unknown one is a 404 in the control API's error shape).
 */
import type { FastifyRequest } from "fastify";
import type { Tx } from "../storage/types.js";
import type { Deps } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { workspaceOr404 } from "../domain/admin/workspaces.js";
import { pathId } from "./helpers.js";

/** Runs `fn` in one store unit with the request's workspace id. */
export type ScopedUnit = <T>(req: FastifyRequest, fn: (tx: Tx, ws: string) => Promise<T>) => Promise<T>;

/** A read and a write unit in the workspace a control request names. */
export interface ControlScope {
  read: ScopedUnit;
  write: ScopedUnit;
}

/** The workspace of `req`: its `:workspace_id` path parameter, else the first (seeded) workspace. */
async function workspaceOf(tx: Tx, req: FastifyRequest): Promise<string> {
  if ((req.params as Record<string, unknown>).workspace_id !== undefined) return (await workspaceOr404(tx, pathId(req, "workspace_id"))).id;
  const first = await tx.firstWorkspace();
  if (!first) throw errors.internal();
  return first.id;
}

/** The scope every workspace control route runs its units through. */
export function controlScope(deps: Pick<Deps, "store">): ControlScope {
  return {
    read: (req, fn) => deps.store.read(async (tx) => fn(tx, await workspaceOf(tx, req))),
    write: (req, fn) => deps.store.write(async (tx) => fn(tx, await workspaceOf(tx, req))),
  };
}
