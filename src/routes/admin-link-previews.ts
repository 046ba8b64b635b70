/**
 * Link previews on the control API (registered under both workspace prefixes, admin.ts):
 * a public integration's settings (`…/integrations/{id}/link_preview`), pasting a link into a
 * page as a person (`…/pages/{id}/link_previews`, standing for the web app), reading and
 * refreshing a preview, and disconnecting a person's linked account.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../domain/context.js";
import { check, number, object, oneOf, optional, string, uuid } from "../api/validate.js";
import { deleteLinkPreviewSettings, getLinkPreviewSettings, putLinkPreviewSettings, settingsBody } from "../domain/link-previews/settings.js";
import { pasteLink } from "../domain/link-previews/unfurl.js";
import { DEFAULT_MAX_AGE_MS, readPreview, refreshPreview } from "../domain/link-previews/refresh.js";
import { disconnectAccount } from "../domain/link-previews/release.js";
import { MAX_URL_LENGTH } from "../domain/link-previews/patterns.js";
import { errors } from "../api/errors.js";
import type { ControlScope } from "./admin-scope.js";
import { bodyOf, pathId } from "./helpers.js";

const pasteBody = object({
  url: string({ minLength: 1, maxLength: MAX_URL_LENGTH, check: { test: (s) => URL.canParse(s) && ["https:", "http:"].includes(new URL(s).protocol), expectation: "should be an http or https URL" } }),
  user_id: uuid(),
  as: optional(oneOf(["block", "mention", "link_mention"] as const)),
});
const readQuery = object({ max_age_seconds: optional((v, p) => number({ integer: true, min: 0 })(typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v, p)) });

/** Registers the link-preview routes on a workspace prefix. */
export function adminLinkPreviewRoutes(r: FastifyInstance, deps: Deps, { read, write }: ControlScope) {
  const workspaceOf = (req: FastifyRequest) => read(req, async (_tx, ws) => ws);
  r.put("/integrations/:integration_id/link_preview", async (req) => {
    const id = pathId(req, "integration_id");
    const body = check("body", settingsBody, bodyOf(req));
    return write(req, (tx, ws) => putLinkPreviewSettings(deps, tx, ws, id, body));
  });
  r.get("/integrations/:integration_id/link_preview", async (req) => {
    const id = pathId(req, "integration_id");
    return read(req, (tx, ws) => getLinkPreviewSettings(tx, ws, id));
  });
  r.delete("/integrations/:integration_id/link_preview", async (req) => {
    const id = pathId(req, "integration_id");
    return write(req, (tx, ws) => deleteLinkPreviewSettings(tx, ws, id));
  });
  r.post("/pages/:page_id/link_previews", async (req) => {
    const pageId = pathId(req, "page_id");
    const body = check("body", pasteBody, bodyOf(req));
    return pasteLink(deps, await workspaceOf(req), pageId, { url: body.url, user_id: body.user_id, as: body.as ?? "block" });
  });
  r.get("/link_previews/:link_preview_id", async (req) => {
    const id = pathId(req, "link_preview_id");
    const q = check("query", readQuery, req.query);
    return readPreview(deps, await workspaceOf(req), id, q.max_age_seconds !== undefined ? q.max_age_seconds * 1000 : DEFAULT_MAX_AGE_MS);
  });
  r.post("/link_previews/:link_preview_id/refresh", async (req) => {
    const id = pathId(req, "link_preview_id");
    return refreshPreview(deps, await workspaceOf(req), id);
  });
  r.delete("/link_preview_accounts/:integration_id/:user_id", async (req) => {
    const id = pathId(req, "integration_id");
    const userId = pathId(req, "user_id");
    if (!(await disconnectAccount(deps, await workspaceOf(req), userId, id))) throw errors.notFound("user", userId);
    return { object: "link_preview_account", integration_id: id, user_id: userId, deleted: true };
  });
}
