/** /v1/blocks — retrieve, update, delete, list and append children. */
import type { FastifyInstance } from "fastify";
import { check, fail, isObject, uuid } from "../api/validate.js";
import { hasArchived, type ApiVersion } from "../api/version.js";
import { variant } from "../domain/values.js";
import { parseBlocks, type BlockDraft } from "../domain/blocks/parse.js";
import type { Placement } from "../domain/nodes.js";
import { retrieveBlock } from "../domain/blocks/retrieve-block.js";
import { updateBlock } from "../domain/blocks/update-block.js";
import { deleteBlock } from "../domain/blocks/delete-block.js";
import { listBlockChildren } from "../domain/blocks/list-block-children.js";
import { appendBlockChildren } from "../domain/blocks/append-block-children.js";
import { bodyOf, ctxOf, pathId, queryPagination } from "./helpers.js";

type Json = Record<string, unknown>;

/**
 * `position` ({type: start | end | after_block}) or, before 2026-03-11, the flat `after` id
 * (developers.notion.com/docs/upgrade-guide-2026-03-11).
 */
function placement(body: Json, version: ApiVersion): Placement {
  if (body.after !== undefined) {
    if (!hasArchived(version)) fail("body.after", "should be not present", body.after);
    if (body.position !== undefined) fail("body.position", "should be not present", body.position);
    return { type: "after_block", id: uuid()(body.after, "body.after") };
  }
  if (body.position === undefined) return { type: "end" };
  return variant<Placement>(
    {
      end: () => ({ type: "end" }),
      start: () => ({ type: "start" }),
      after_block: (v, p) => {
        const after = (v as Json).after_block;
        if (!isObject(after)) fail(`${p}.after_block`, "should be an object", after);
        return { type: "after_block", id: uuid()(after.id, `${p}.after_block.id`) };
      },
    },
    "body.position",
    body.position,
  );
}

export function blockRoutes(app: FastifyInstance) {
  app.get("/v1/blocks/:block_id", async (req) => retrieveBlock(ctxOf(req), pathId(req, "block_id")));
  app.patch("/v1/blocks/:block_id", async (req) => {
    const id = pathId(req, "block_id");
    return updateBlock(ctxOf(req), id, bodyOf(req));
  });
  app.delete("/v1/blocks/:block_id", async (req) => deleteBlock(ctxOf(req), pathId(req, "block_id")));
  app.get("/v1/blocks/:block_id/children", async (req) => {
    const id = pathId(req, "block_id");
    const { cursor, pageSize } = queryPagination(req);
    return listBlockChildren(ctxOf(req), id, cursor, pageSize);
  });
  app.patch("/v1/blocks/:block_id/children", async (req) => {
    const ctx = ctxOf(req);
    const id = pathId(req, "block_id");
    const body = bodyOf(req);
    const input = check(
      "body",
      (): { drafts: BlockDraft[]; where: Placement } => ({
        drafts: parseBlocks(body.children, "body.children", null),
        where: placement(body, ctx.version),
      }),
      body,
    );
    return appendBlockChildren(ctx, id, input.drafts, input.where);
  });
}
