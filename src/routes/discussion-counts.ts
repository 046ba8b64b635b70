/**
 * GET /_quire/v1/workspaces/{workspace_id}/pages/{page_id}/discussions — a page's open discussion
 * and comment counts per block (docs/design/block-discussions.md). A control-API address, but
 * answered as the caller: registered among the /v1 routes, so it takes what /v1 takes (a browser
 * session with its CSRF header, an integration's or a person's token; not the admin key, which is
 * no one whose access could be checked) and the `Notion-Version` header.
 */
import type { FastifyInstance } from "fastify";
import { errors } from "../api/errors.js";
import { countBlockDiscussions } from "../domain/comments/count-discussions.js";
import { ctxOf, pathId } from "./helpers.js";

export function discussionCountRoutes(v1: FastifyInstance) {
  v1.get("/_quire/v1/workspaces/:workspace_id/pages/:page_id/discussions", async (req) => {
    const ctx = ctxOf(req);
    const ws = pathId(req, "workspace_id");
    // Another workspace than the caller's is not there for them (never says whether it exists).
    if (ws !== ctx.actor.workspace.id) throw errors.notFound("workspace", ws);
    return countBlockDiscussions(ctx, pathId(req, "page_id"));
  });
}
