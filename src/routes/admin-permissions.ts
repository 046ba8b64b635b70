/**
 * /_quire/v1/pages/{id}/permissions, /integrations and /section — page permissions of people,
 * groups and the workspace, the page's connections (integrations it is shared with), and a
 * top-level page's sidebar section (registered inside the admin scope, under the scope's prefix:
 * unscoped or per workspace). A session of a member who is not an owner reaches the first two,
 * held by the verbs to their level on the page (`pageSharerOf`, domain/admin/page-sharer.ts).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, nullable, object, oneOf, optional, uuid } from "../api/validate.js";
import { PERMISSION_LEVELS } from "../storage/permissions.js";
import { removePagePermission, setPagePermission, setPageSection, viewPagePermissions } from "../domain/admin/page-permissions.js";
import { bodyOf, pathId } from "./helpers.js";
import type { ControlScope } from "./admin-scope.js";
import { pageSharerOf } from "./admin-session.js";
import { connectPage, disconnectPage, listPageConnections } from "../domain/admin/page-connections.js";

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
    return scope.read(req, (tx, ws) => viewPagePermissions(tx, ws, id, pageSharerOf(req)));
  });
  admin.put(`${base}/permissions`, async (req) => {
    const id = pathId(req, "page_id");
    const body = check("body", permissionBody, bodyOf(req));
    return scope.write(req, (tx, ws) => setPagePermission(tx, ws, id, body.principal, body.level, pageSharerOf(req)));
  });
  admin.delete(`${base}/permissions/:principal_type/:principal_id`, async (req) => {
    const id = pathId(req, "page_id");
    const p = pathPrincipal(req);
    return scope.write(req, (tx, ws) => removePagePermission(tx, ws, id, p, pageSharerOf(req)));
  });
  admin.get(`${base}/integrations`, async (req) => {
    const id = pathId(req, "page_id");
    return scope.read(req, (tx, ws) => listPageConnections(tx, ws, id, pageSharerOf(req)));
  });
  admin.put(`${base}/integrations/:integration_id`, async (req) => {
    const id = pathId(req, "page_id");
    const integrationId = pathId(req, "integration_id");
    return scope.write(req, (tx, ws) => connectPage(deps, tx, ws, id, integrationId, pageSharerOf(req)));
  });
  admin.delete(`${base}/integrations/:integration_id`, async (req) => {
    const id = pathId(req, "page_id");
    const integrationId = pathId(req, "integration_id");
    return scope.write(req, (tx, ws) => disconnectPage(tx, ws, id, integrationId, pageSharerOf(req)));
  });
  admin.put(`${base}/section`, async (req) => {
    const id = pathId(req, "page_id");
    const body = check("body", sectionBody, bodyOf(req));
    return scope.write(req, (tx, ws) => setPageSection(tx, ws, id, body.section, body.user_id));
  });
}
