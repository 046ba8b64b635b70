/** `/_quire/v1/faults` (server-wide, admin key): injected errors and delays on /v1 requests (domain/toolkit/faults.ts). */
import type { FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import type { Deps } from "../domain/context.js";
import { ApiError } from "../api/errors.js";
import { check } from "../api/validate.js";
import { bodyOf, pathId } from "./helpers.js";
import { faultBody } from "./admin-toolkit.schema.js";
import { toolkitOf } from "./admin-clock.js";

const faultNotFound = (id: string) => new ApiError(404, "object_not_found", `Could not find fault with ID: ${id}.`);

export function adminFaultRoutes(admin: FastifyInstance, deps: Deps): void {
  admin.post("/_quire/v1/faults", async (req) => {
    const body = check("body", faultBody, bodyOf(req));
    return toolkitOf(deps).faults.add(randomUUID(), body, deps.clock.now());
  });
  admin.get("/_quire/v1/faults", async () => ({ object: "list", results: await toolkitOf(deps).faults.all() }));
  admin.get("/_quire/v1/faults/:fault_id", async (req) => {
    const id = pathId(req, "fault_id");
    const fault = await toolkitOf(deps).faults.get(id);
    if (!fault) throw faultNotFound(id);
    return fault;
  });
  admin.delete("/_quire/v1/faults/:fault_id", async (req) => {
    const id = pathId(req, "fault_id");
    if (!(await toolkitOf(deps).faults.remove(id))) throw faultNotFound(id);
    return { object: "fault", id, deleted: true };
  });
  admin.delete("/_quire/v1/faults", async () => {
    const deleted = await toolkitOf(deps).faults.clear();
    return { object: "list", results: [], deleted };
  });
}
