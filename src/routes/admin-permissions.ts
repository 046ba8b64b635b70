/**
 * /_quire/v1/pages/{id}/permissions and /section — page permissions of people, groups and the
 * workspace, and a top-level page's sidebar section (registered inside the admin scope, under
 * the scope's prefix: unscoped or per workspace).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, nullable, object, oneOf, optional, uuid } from "../api/validate.js";
import { PERMISSION_LEVELS } from "../storage/permissions.js";
import { removePagePermission, setPagePermission, setPageSection, viewPagePermissions } from "../domain/admin/page-permissions.js";
import { bodyOf, pathId } from "./helpers.js";
import type { AdminScope } from "./admin-scope.js";

const PRINCIPAL_TYPES = ["user", "group", "workspace"] as const;
const principal = object({ type: oneOf(PRINCIPAL_TYPES), id: optional(uuid()) });
const permissionBody = object({ principal, level: nullable(oneOf(PERMISSION_LEVELS)) });
const sectionBody = object({ section: oneOf(["workspace", "private"] as const), user_id: optional(uuid()) });

/** The principal named by the path of `DELETE …/permissions/{principal_type}/{principal_id}`. */
function pathPrincipal(req: FastifyRequest) {
  const type = check("path", (v, p) => oneOf(PRINCIPAL_TYPES)((v as Record<string, unknown>).principal_type, `${p}.principal_type`), req.params);
  return { type, id: pathId(req, "principal_id") };
}

/** Registers the page permission routes under `scope.prefix`. */
export function adminPermissionRoutes(admin: FastifyInstance, deps: Deps, scope: AdminScope) {
  const base = `${scope.prefix}/pages/:page_id`;
  admin.get(`${base}/permissions`, async (req) => {
    const id = pathId(req, "page_id");
    const ws = await scope.workspaceOf(req);
    return deps.store.read((tx) => viewPagePermissions(tx, ws, id));
  });
  admin.put(`${base}/permissions`, async (req) => {
    const id = pathId(req, "page_id");
    const body = check("body", permissionBody, bodyOf(req));
    const ws = await scope.workspaceOf(req);
    return deps.store.write((tx) => setPagePermission(tx, ws, id, body.principal, body.level));
  });
  admin.delete(`${base}/permissions/:principal_type/:principal_id`, async (req) => {
    const id = pathId(req, "page_id");
    const p = pathPrincipal(req);
    const ws = await scope.workspaceOf(req);
    return deps.store.write((tx) => removePagePermission(tx, ws, id, p));
  });
  admin.put(`${base}/section`, async (req) => {
    const id = pathId(req, "page_id");
    const body = check("body", sectionBody, bodyOf(req));
    const ws = await scope.workspaceOf(req);
    return deps.store.write((tx) => setPageSection(tx, ws, id, body.section, body.user_id));
  });
}
