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
import type { ControlScope } from "./admin-scope.js";

const PRINCIPAL_TYPES = ["user", "group", "workspace"] as const;
const principal = object({ type: oneOf(PRINCIPAL_TYPES), id: optional(uuid()) });
const permissionBody = object({ principal, level: nullable(oneOf(PERMISSION_LEVELS)) });
const sectionBody = object({ section: oneOf(["workspace", "private"] as const), user_id: optional(uuid()) });

/** The principal named by the path of `DELETE …/permissions/{principal_type}/{principal_id}`. */
function pathPrincipal(req: FastifyRequest) {
  const type = check("path", (v, p) => oneOf(PRINCIPAL_TYPES)((v as Record<string, unknown>).principal_type, `${p}.principal_type`), req.params);
  return { type, id: pathId(req, "principal_id") };
}

/** Registers the page permission routes under the plugin's prefix (unscoped and per workspace: admin-scope.ts). */
export function adminPermissionRoutes(admin: FastifyInstance, deps: Deps, scope: ControlScope) {
  const base = "/pages/:page_id";
  admin.get(`${base}/permissions`, async (req) => {
    const id = pathId(req, "page_id");
    return scope.read(req, (tx, ws) => viewPagePermissions(tx, ws, id));
  });
  admin.put(`${base}/permissions`, async (req) => {
    const id = pathId(req, "page_id");
    const body = check("body", permissionBody, bodyOf(req));
    return scope.write(req, (tx, ws) => setPagePermission(tx, ws, id, body.principal, body.level));
  });
  admin.delete(`${base}/permissions/:principal_type/:principal_id`, async (req) => {
    const id = pathId(req, "page_id");
    const p = pathPrincipal(req);
    return scope.write(req, (tx, ws) => removePagePermission(tx, ws, id, p));
  });
  admin.put(`${base}/section`, async (req) => {
    const id = pathId(req, "page_id");
    const body = check("body", sectionBody, bodyOf(req));
    return scope.write(req, (tx, ws) => setPageSection(tx, ws, id, body.section, body.user_id));
  });
}
