/**
 * /v1/pages/{id}/markdown (retrieve, update) and /v1/async_tasks/{id}. Served from 2025-09-03
 * on: Notion's recorded traffic (notion-sdk-py cassettes) uses them under 2025-09-03 although
 * the OpenAPI document lists only 2026-03-11; under 2022-06-28 they answer invalid_request_url
 * (unconfirmed: no recording either way).
 */
import type { FastifyInstance } from "fastify";
import type { ApiVersion } from "../http/version.js";
import { errors } from "../http/errors.js";
import { check, fail, isObject } from "../http/validate.js";
import type { Ctx } from "../domain/context.js";
import { requireCap } from "../domain/access.js";
import { markdownTarget, retrievePageMarkdown, updatePageMarkdown, updatePageMarkdownIn } from "../domain/markdown/page-markdown.js";
import { retrieveAsyncTask, startTask } from "../domain/async-tasks/tasks.js";
import { createPageIn } from "../domain/pages/create-page.js";
import { loadPageParent } from "../domain/pages/shared.js";
import { bodyOf, ctxOf, pathId } from "./helpers.js";
import { markdownEditInput } from "./markdown.schema.js";
import { createPageInput, parentInput } from "./pages.schema.js";

type Json = Record<string, unknown>;

/** Whether the markdown endpoints (and `markdown` on page create) exist in this version. */
export const hasPageMarkdown = (v: ApiVersion): boolean => v !== "2022-06-28";

/**
 * POST /v1/pages with `markdown`: refused before 2025-09-03; with `allow_async: true`, a task.
 * Returns null when the request is an ordinary create.
 */
export async function createPageWithMarkdown(ctx: Ctx, body: Json, filterProperties: string[] | null) {
  if (body.markdown === undefined) return null;
  if (!hasPageMarkdown(ctx.version)) check("body", () => fail("body.markdown", "should be not present", body.markdown), body);
  if (body.allow_async !== true) return null;
  requireCap(ctx, "insert_content");
  // Access to the parent is checked now when it can be read; the rest is validated by the task.
  try {
    const parent = parentInput(body.parent, "body.parent");
    if (parent.type !== "workspace") await ctx.store.read((tx) => loadPageParent(tx, ctx, parent));
  } catch (e) {
    if ((e as { code?: string }).code === "object_not_found") throw e;
  }
  return startTask(ctx, "POST /v1/pages", { body }, (tx) => {
    const input = check("body", createPageInput, body);
    if (input.parent.type === "workspace") throw errors.validation("Creating a page at the workspace level is only supported for public integrations.");
    return createPageIn(tx, ctx, input, filterProperties);
  });
}

function includeTranscript(query: unknown): void {
  const v = (query as Json).include_transcript;
  if (v === undefined) return;
  check("query", () => (v === "true" || v === "false" ? true : fail("query.include_transcript", "should be a boolean", v)), query);
}

export function markdownRoutes(app: FastifyInstance) {
  app.get("/v1/pages/:page_id/markdown", async (req) => {
    const ctx = ctxOf(req);
    if (!hasPageMarkdown(ctx.version)) throw errors.invalidRequestUrl();
    const id = pathId(req, "page_id");
    includeTranscript(req.query ?? {});
    return retrievePageMarkdown(ctx, id);
  });
  app.patch("/v1/pages/:page_id/markdown", async (req, reply) => {
    const ctx = ctxOf(req);
    if (!hasPageMarkdown(ctx.version)) throw errors.invalidRequestUrl();
    const id = pathId(req, "page_id");
    const body = bodyOf(req);
    if (isObject(body) && body.allow_async === true) {
      requireCap(ctx, "update_content");
      await ctx.store.read((tx) => markdownTarget(tx, ctx, id));
      reply.status(202);
      return startTask(ctx, "PATCH /v1/pages/:page_id/markdown", { page_id: id, body }, (tx) => updatePageMarkdownIn(tx, ctx, id, check("body", markdownEditInput, body)));
    }
    return updatePageMarkdown(ctx, id, check("body", markdownEditInput, body));
  });
  app.get("/v1/async_tasks/:task_id", async (req) => {
    const ctx = ctxOf(req);
    if (!hasPageMarkdown(ctx.version)) throw errors.invalidRequestUrl();
    return retrieveAsyncTask(ctx, (req.params as Record<string, string>).task_id);
  });
}
