/** /v1/comments — create, list, retrieve, update, delete. */
import type { FastifyInstance } from "fastify";
import { check, uuid } from "../api/validate.js";
import { createComment } from "../domain/comments/create-comment.js";
import { listComments } from "../domain/comments/list-comments.js";
import { retrieveComment } from "../domain/comments/retrieve-comment.js";
import { updateComment } from "../domain/comments/update-comment.js";
import { deleteComment } from "../domain/comments/delete-comment.js";
import { bodyOf, ctxOf, pathId, queryPagination } from "./helpers.js";
import { createCommentInput, updateCommentInput } from "./comments.schema.js";

export function commentRoutes(app: FastifyInstance) {
  app.post("/v1/comments", async (req) => {
    const ctx = ctxOf(req);
    return createComment(ctx, check("body", createCommentInput(ctx.version), bodyOf(req)));
  });
  app.get("/v1/comments", async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const blockId = check("query", (v, p) => uuid()((v as Record<string, unknown>).block_id, `${p}.block_id`), q);
    const { cursor, pageSize } = queryPagination(req);
    return listComments(ctxOf(req), blockId, cursor, pageSize);
  });
  app.get("/v1/comments/:comment_id", async (req) => retrieveComment(ctxOf(req), pathId(req, "comment_id")));
  app.patch("/v1/comments/:comment_id", async (req) => {
    const ctx = ctxOf(req);
    const id = pathId(req, "comment_id");
    return updateComment(ctx, id, check("body", updateCommentInput(ctx.version), bodyOf(req)));
  });
  app.delete("/v1/comments/:comment_id", async (req) => deleteComment(ctxOf(req), pathId(req, "comment_id")));
}
