/** …/members — a workspace's members and their roles (registered under both workspace prefixes, admin.ts). */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, object, oneOf, optional, uuid } from "../api/validate.js";
import { addMember, listMembers, removeMember, ROLES, updateMember } from "../domain/admin/members.js";
import type { ControlScope } from "./admin-scope.js";
import { bodyOf, pathId, queryPagination } from "./helpers.js";

/** A member's role: `owner`, `membership_admin`, `member` or `guest`. */
export const role = oneOf(ROLES);
const addBody = object({ user_id: uuid(), role: optional(role) });
const roleBody = object({ role });

/** Registers the member routes on a workspace prefix. */
export function adminMemberRoutes(r: FastifyInstance, deps: Deps, { read, write }: ControlScope) {
  r.get("/members", async (req) => {
    const { cursor, pageSize } = queryPagination(req);
    return read(req, (tx, ws) => listMembers(tx, ws, cursor, pageSize));
  });
  r.post("/members", async (req) => {
    const body = check("body", addBody, bodyOf(req));
    return write(req, (tx, ws) => addMember(deps, tx, ws, body));
  });
  r.patch("/members/:user_id", async (req) => {
    const id = pathId(req, "user_id");
    const body = check("body", roleBody, bodyOf(req));
    return write(req, (tx, ws) => updateMember(tx, ws, id, body.role));
  });
  r.delete("/members/:user_id", async (req) => {
    const id = pathId(req, "user_id");
    return write(req, (tx, ws) => removeMember(tx, ws, id));
  });
}
