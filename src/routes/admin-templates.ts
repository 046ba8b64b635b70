/** /_quire/v1/data_sources/{id}/templates — marking pages as templates (registered inside the admin scope). */
import type { FastifyInstance } from "fastify";
import type { Tx } from "../storage/types.js";
import { boolean, check, object, optional, uuid } from "../api/validate.js";
import { listAllTemplates, markTemplate, unmarkTemplate } from "../domain/admin/templates.js";
import type { Deps } from "../domain/context.js";
import { bodyOf, pathId } from "./helpers.js";

type Write = <T>(fn: (tx: Tx, ws: string) => Promise<T>) => Promise<T>;

const markBody = object({ page_id: uuid(), is_default: optional(boolean()) });

/** Registers the template routes on the admin scope (`write` runs an admin write in the workspace). */
export function adminTemplateRoutes(admin: FastifyInstance, deps: Deps, write: Write) {
  admin.post("/_quire/v1/data_sources/:data_source_id/templates", async (req) => {
    const id = pathId(req, "data_source_id");
    const body = check("body", markBody, bodyOf(req));
    return write((tx, ws) => markTemplate(deps, tx, ws, id, body.page_id, body.is_default));
  });
  admin.get("/_quire/v1/data_sources/:data_source_id/templates", async (req) => {
    const id = pathId(req, "data_source_id");
    return deps.store.read(async (tx) => {
      const ws = (await tx.firstWorkspace())!.id;
      return { object: "list", results: await listAllTemplates(tx, ws, id) };
    });
  });
  admin.delete("/_quire/v1/data_sources/:data_source_id/templates/:page_id", async (req) => {
    const id = pathId(req, "data_source_id");
    const page = pathId(req, "page_id");
    return write((tx, ws) => unmarkTemplate(tx, ws, id, page));
  });
}
