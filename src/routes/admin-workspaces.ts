/** /_quire/v1/workspaces — the workspaces of a Quire: create, list, read, update, delete (registered inside the admin scope). */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, object, optional, string, uuid } from "../api/validate.js";
import { createWorkspace, deleteWorkspace, listWorkspaces, updateWorkspace, viewWorkspace, workspaceOr404 } from "../domain/admin/workspaces.js";
import { bodyOf, pathId, queryPagination } from "./helpers.js";

/** An IANA time zone name (what `Intl` knows). */
export const timeZone = string({
  maxLength: 100,
  check: {
    test: (s) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: s });
        return true;
      } catch {
        return false;
      }
    },
    expectation: "should be an IANA time zone",
  },
});
const name = string({ minLength: 1, maxLength: 200 });
const createBody = object({ name, time_zone: optional(timeZone), owner_id: optional(uuid()) });
const updateBody = object({ name: optional(name), time_zone: optional(timeZone) });

/** Registers the workspace set's routes (the routes inside one workspace are admin.ts's `workspaceRoutes`). */
export function adminWorkspaceRoutes(admin: FastifyInstance, deps: Deps) {
  admin.post("/_quire/v1/workspaces", async (req) => {
    const body = check("body", createBody, bodyOf(req));
    return deps.store.write((tx) => createWorkspace(deps, tx, body));
  });
  admin.get("/_quire/v1/workspaces", async (req) => {
    const { cursor, pageSize } = queryPagination(req);
    return deps.store.read((tx) => listWorkspaces(tx, cursor, pageSize));
  });
  admin.get("/_quire/v1/workspaces/:workspace_id", async (req) => {
    const id = pathId(req, "workspace_id");
    return deps.store.read(async (tx) => viewWorkspace(await workspaceOr404(tx, id)));
  });
  admin.patch("/_quire/v1/workspaces/:workspace_id", async (req) => {
    const id = pathId(req, "workspace_id");
    const body = check("body", updateBody, bodyOf(req));
    return deps.store.write((tx) => updateWorkspace(tx, id, body));
  });
  admin.delete("/_quire/v1/workspaces/:workspace_id", async (req) => {
    const id = pathId(req, "workspace_id");
    return deleteWorkspace(deps, id);
  });
}
