/**
 * /_quire/v1/groups — groups of a workspace's people and their members; /_quire/v1/share_groups their names for sharers (registered inside the
 * admin scope, under the scope's prefix: unscoped or per workspace).
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { array, check, nullable, object, optional, string, uuid } from "../api/validate.js";
import { addGroupMembers, createGroup, deleteGroup, getGroupOr404, listShareGroups, removeGroupMember, updateGroup, viewGroups } from "../domain/admin/groups.js";
import { invalidCursor } from "../domain/pagination.js";
import { bodyOf, pathId, queryPagination } from "./helpers.js";
import type { ControlScope } from "./admin-scope.js";

const name = string({ minLength: 1, maxLength: 200 });
const externalId = string({ minLength: 1, maxLength: 200 });
/** At most this many people per request (add more in several requests). */
const MEMBERS_PER_REQUEST = 100;
const userIds = array(uuid(), { maxLength: MEMBERS_PER_REQUEST });
const createBody = object({ name, external_id: optional(nullable(externalId)), user_ids: optional(userIds) });
const patchBody = object({ name: optional(name), external_id: optional(nullable(externalId)) });
const membersBody = object({ user_ids: array(uuid(), { minLength: 1, maxLength: MEMBERS_PER_REQUEST }) });

/** Registers the group routes under the plugin's prefix (unscoped and per workspace: admin-scope.ts). */
export function adminGroupRoutes(admin: FastifyInstance, deps: Deps, scope: ControlScope) {
  const base = "/groups";
  admin.post(base, async (req) => {
    const body = check("body", createBody, bodyOf(req));
    return scope.write(req, (tx, ws) => createGroup(deps, tx, ws, body));
  });
  admin.get(base, async (req) => {
    const { cursor, pageSize } = queryPagination(req);
    return scope.read(req, async (tx, ws) => {
      const page = await tx.groups.list(ws, cursor, pageSize);
      if (!page) throw invalidCursor(cursor!);
      return { object: "list", results: await viewGroups(tx, ws, page.items), next_cursor: page.next, has_more: page.next !== null };
    });
  });
  // Names only, for any full member's Share menu (control-access.ts `MEMBER_READS`; docs/design/web-app.md).
  admin.get("/share_groups", async (req) => {
    const { cursor, pageSize } = queryPagination(req);
    return scope.read(req, (tx, ws) => listShareGroups(tx, ws, cursor, pageSize));
  });
  admin.get(`${base}/:group_id`, async (req) => {
    const id = pathId(req, "group_id");
    return scope.read(req, async (tx, ws) => (await viewGroups(tx, ws, [await getGroupOr404(tx, ws, id)]))[0]);
  });
  admin.patch(`${base}/:group_id`, async (req) => {
    const id = pathId(req, "group_id");
    const body = check("body", patchBody, bodyOf(req));
    return scope.write(req, (tx, ws) => updateGroup(tx, ws, id, body));
  });
  admin.delete(`${base}/:group_id`, async (req) => {
    const id = pathId(req, "group_id");
    return scope.write(req, (tx, ws) => deleteGroup(tx, ws, id));
  });
  admin.post(`${base}/:group_id/members`, async (req) => {
    const id = pathId(req, "group_id");
    const body = check("body", membersBody, bodyOf(req));
    return scope.write(req, (tx, ws) => addGroupMembers(tx, ws, id, body.user_ids));
  });
  admin.delete(`${base}/:group_id/members/:user_id`, async (req) => {
    const id = pathId(req, "group_id");
    const userId = pathId(req, "user_id");
    return scope.write(req, (tx, ws) => removeGroupMember(tx, ws, id, userId));
  });
}
