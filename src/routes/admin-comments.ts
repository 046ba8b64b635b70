/** /_quire/v1/comments — people's comments and resolving discussions (registered inside the admin scope). */
import type { FastifyInstance } from "fastify";
import type { ControlScope } from "./admin-scope.js";
import { boolean, check, object, uuid, type V } from "../api/validate.js";
import { variant } from "../domain/values.js";
import { richText } from "../domain/rich-text.js";
import { createPersonComment, resolveDiscussion, type PersonCommentInput } from "../domain/admin/comments.js";
import type { Deps } from "../domain/context.js";
import { bodyOf, pathId } from "./helpers.js";

type Json = Record<string, unknown>;

const personComment: V<PersonCommentInput> = (value, path) => {
  const body = value as Json;
  const target: PersonCommentInput["target"] =
    body.discussion_id !== undefined
      ? { type: "discussion_id", id: uuid()(body.discussion_id, `${path}.discussion_id`) }
      : variant<PersonCommentInput["target"]>(
          {
            page_id: (v, p) => ({ type: "page_id", id: uuid()((v as Json).page_id, `${p}.page_id`) }),
            block_id: (v, p) => ({ type: "block_id", id: uuid()((v as Json).block_id, `${p}.block_id`) }),
          },
          `${path}.parent`,
          body.parent,
        );
  return { target, author_id: uuid()(body.author_id, `${path}.author_id`), rich_text: richText()(body.rich_text, `${path}.rich_text`) };
};
const resolveBody = object({ resolved: boolean() });

export function adminCommentRoutes(admin: FastifyInstance, deps: Deps, { write }: ControlScope) {
  admin.post("/comments", async (req) => {
    const input = check("body", personComment, bodyOf(req));
    return write(req, (tx, ws) => createPersonComment(deps, tx, ws, input));
  });
  admin.patch("/comments/:comment_id", async (req) => {
    const id = pathId(req, "comment_id");
    const body = check("body", resolveBody, bodyOf(req));
    return write(req, (tx, ws) => resolveDiscussion(tx, ws, id, body.resolved));
  });
}
