/** /_quire/v1/data_sources/{id}/templates — marking pages as templates (registered inside the admin scope). */
import type { FastifyInstance } from "fastify";
import type { ControlScope } from "./admin-scope.js";
import { boolean, check, object, optional, uuid } from "../api/validate.js";
import { listAllTemplates, markTemplate, unmarkTemplate } from "../domain/admin/templates.js";
import type { Deps } from "../domain/context.js";
import { bodyOf, pathId } from "./helpers.js";


const markBody = object({ page_id: uuid(), is_default: optional(boolean()) });

/** Registers the template routes on the admin scope (`read`/`write` run units in the request's workspace). */
export function adminTemplateRoutes(admin: FastifyInstance, deps: Deps, { write, read }: ControlScope) {
  admin.post("/data_sources/:data_source_id/templates", async (req) => {
    const id = pathId(req, "data_source_id");
    const body = check("body", markBody, bodyOf(req));
    return write(req, (tx, ws) => markTemplate(deps, tx, ws, id, body.page_id, body.is_default));
  });
  admin.get("/data_sources/:data_source_id/templates", async (req) => {
    const id = pathId(req, "data_source_id");
    return read(req, async (tx, ws) => ({ object: "list", results: await listAllTemplates(tx, ws, id) }));
  });
  admin.delete("/data_sources/:data_source_id/templates/:page_id", async (req) => {
    const id = pathId(req, "data_source_id");
    const page = pathId(req, "page_id");
    return write(req, (tx, ws) => unmarkTemplate(tx, ws, id, page));
  });
}
