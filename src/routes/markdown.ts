/**
 * /v1/pages/{id}/markdown (retrieve, update) and /v1/async_tasks/{id}, under every version:
 * Notion's recorded traffic (notion-sdk-py cassettes) uses them under 2025-09-03, and a public
 * probe of the live API (2026-04) found 2022-06-28 answered too, although the OpenAPI document
 * lists only 2026-03-11 (docs/design/markdown.md).
 */
import type { FastifyInstance } from "fastify";
import { errors } from "../api/errors.js";
import { check, fail, isObject } from "../api/validate.js";
import type { Ctx } from "../domain/context.js";
import { requireCap } from "../domain/access.js";
import { markdownTarget, retrievePageMarkdown, updatePageMarkdown, updatePageMarkdownIn } from "../domain/markdown/page-markdown.js";
import { retrieveAsyncTask, startTask } from "../domain/async-tasks/tasks.js";
import { createPageIn } from "../domain/pages/create-page.js";
import { loadPageParent } from "../domain/pages/shared.js";
import { bodyOf, ctxOf, pathId } from "./helpers.js";
import { markdownEditInput, markdownVersionInput } from "./markdown.schema.js";
import { createPageInput, parentInput } from "./pages.schema.js";
import { childrenWithTemplate } from "../domain/templates/apply.js";

type Json = Record<string, unknown>;

/**
 * POST /v1/pages with `markdown` and `allow_async: true`: a task. Returns null when the request
 * is an ordinary create.
 */
export async function createPageWithMarkdown(ctx: Ctx, body: Json, filterProperties: string[] | null) {
  if (body.markdown === undefined || body.allow_async !== true) return null;
  requireCap(ctx, "insert_content");
  if (isObject(body.template) && body.template.type !== "none") childrenWithTemplate("markdown");
  // Access to the parent is checked now when it can be read; the rest is validated by the task.
  try {
    const parent = parentInput(body.parent, "body.parent");
    if (parent.type !== "workspace") await ctx.store.read((tx) => loadPageParent(tx, ctx, parent));
  } catch (e) {
    if ((e as { code?: string }).code === "object_not_found") throw e;
  }
  return startTask(ctx, "POST /v1/pages", { body }, (tx) => {
    const input = check("body", createPageInput(ctx.version), body);
    if (input.parent.type === "workspace") throw errors.validation("Creating a page at the workspace level is only supported for public integrations.");
    return createPageIn(tx, ctx, input, filterProperties);
  });
}

function includeTranscript(query: unknown): void {
  const v = (query as Json).include_transcript;
  if (v === undefined) return;
  check("query", () => (v === "true" || v === "false" ? true : fail("query.include_transcript", "should be a boolean", v)), query);
}

/** `markdown_version` in the query string (migrate-to-notion-flavored-markdown: "Query parameter"). */
const queryMarkdownVersion = (ctx: Ctx, query: unknown) =>
  check("query", (q, p) => markdownVersionInput(ctx.version)((q as Json).markdown_version, `${p}.markdown_version`), query);

export function markdownRoutes(app: FastifyInstance) {
  app.get("/v1/pages/:page_id/markdown", async (req) => {
    const ctx = ctxOf(req);
    const id = pathId(req, "page_id");
    includeTranscript(req.query ?? {});
    return retrievePageMarkdown(ctx, id, queryMarkdownVersion(ctx, req.query ?? {}));
  });
  app.patch("/v1/pages/:page_id/markdown", async (req, reply) => {
    const ctx = ctxOf(req);
    const id = pathId(req, "page_id");
    const body = bodyOf(req);
    if (isObject(body) && body.allow_async === true) {
      requireCap(ctx, "update_content");
      await ctx.store.read((tx) => markdownTarget(tx, ctx, id));
      reply.status(202);
      return startTask(ctx, "PATCH /v1/pages/:page_id/markdown", { page_id: id, body }, (tx) => {
        const { edit, dialect } = check("body", markdownEditInput(ctx.version), body);
        return updatePageMarkdownIn(tx, ctx, id, edit, dialect);
      });
    }
    const { edit, dialect } = check("body", markdownEditInput(ctx.version), body);
    return updatePageMarkdown(ctx, id, edit, dialect);
  });
  app.get("/v1/async_tasks/:task_id", async (req) => retrieveAsyncTask(ctxOf(req), (req.params as Record<string, string>).task_id));
}
