/** How a control route finds the workspace it acts on, so one route file serves unscoped and scoped paths. */
import type { FastifyRequest } from "fastify";

/** The workspace a control request acts on: the first (seeded) one for unscoped paths, the path's own for `/_quire/v1/workspaces/{workspace_id}/…`. */
export type WorkspaceOf = (req: FastifyRequest) => Promise<string>;

/** Where a control route file mounts its routes and how it finds their workspace. */
export interface AdminScope {
  /** The path prefix: `/_quire/v1`, or `/_quire/v1/workspaces/:workspace_id`. */
  prefix: string;
  workspaceOf: WorkspaceOf;
}
