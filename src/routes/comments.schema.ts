/** Request schemas of /v1/comments, producing the typed inputs of the comment verbs. */
import { Invalid, array, fail, object, oneOf, optional, show, string, uuid, type V } from "../api/validate.js";
import type { ApiVersion } from "../api/version.js";
import { markdownVersionInput } from "./markdown.schema.js";
import { variant } from "../domain/values.js";
import { richText, type RichTextRequest } from "../domain/rich-text.js";
import { LIMITS } from "../api/limits.js";
import { parseInline } from "../domain/markdown/inline.js";
import type { CommentTarget, CreateCommentInput, DisplayNameInput, UpdateCommentInput } from "../domain/comments/inputs.js";

type Json = Record<string, unknown>;

/**
 * Exactly one of two keys: both or neither is a "Fix one" failure naming each (the create and
 * update references: "Providing both or neither will return a validation error").
 */
function oneOfKeys<A extends string, B extends string>(body: Json, a: A, b: B, path: string): A | B {
  const hasA = body[a] !== undefined;
  const hasB = body[b] !== undefined;
  if (hasA && hasB)
    throw new Invalid([`${path}.${a} should be not present, instead was \`${show(body[a])}\`.`, `${path}.${b} should be not present, instead was \`${show(body[b])}\`.`], true);
  if (!hasA && !hasB) throw new Invalid([`${path}.${a} should be defined, instead was \`undefined\`.`, `${path}.${b} should be defined, instead was \`undefined\`.`], true);
  return hasA ? a : b;
}

/**
 * `rich_text`, or `markdown`: inline formatting only — bold, italic, strikethrough, code, links,
 * `$equations$`, colors and mention tags (developers.notion.com/reference/create-a-comment,
 * "Comment body format") — parsed by the page-markdown parser into the same rich-text items,
 * which then pass the same checks and limits. `markdown_version` goes only with `markdown`
 * (with `rich_text` it is a 400 validation_error, migrate-to-notion-flavored-markdown; wording
 * ours); both dialects share the inline syntax, so it only decides whether the request is
 * accepted (`"v1"` is refused from 2026-12-01 on).
 */
function commentBody(body: Json, path: string, version: ApiVersion): RichTextRequest[] {
  if (oneOfKeys(body, "rich_text", "markdown", path) === "rich_text") {
    if (body.markdown_version !== undefined) fail(`${path}.markdown_version`, "should be not present when `rich_text` is given (it goes with `markdown`)", body.markdown_version);
    return richText()(body.rich_text, `${path}.rich_text`);
  }
  const md = string()(body.markdown, `${path}.markdown`);
  markdownVersionInput(version)(body.markdown_version, `${path}.markdown_version`);
  return richText()(parseInline(md), `${path}.markdown`);
}

const parent: V<CommentTarget> = (value, path) =>
  variant<CommentTarget>(
    {
      page_id: (v, p) => ({ type: "page_id", id: uuid()((v as Json).page_id, `${p}.page_id`) }),
      block_id: (v, p) => ({ type: "block_id", id: uuid()((v as Json).block_id, `${p}.block_id`) }),
    },
    path,
    value,
  );

const displayName: V<DisplayNameInput> = (value, path) =>
  variant<DisplayNameInput>(
    {
      integration: () => ({ type: "integration" }),
      user: () => ({ type: "user" }),
      custom: (v, p) => ({ type: "custom", name: object({ name: string({ minLength: 1 }) })((v as Json).custom, `${p}.custom`).name }),
    },
    path,
    value,
  );

const attachment = object({ file_upload_id: uuid(), type: optional(oneOf(["file_upload"] as const)) });
const attachments = array(attachment, { maxLength: LIMITS.COMMENT_ATTACHMENTS });

/** The body of POST /v1/comments under `version`. */
export const createCommentInput = (version: ApiVersion): V<CreateCommentInput> => (value, path) => {
  const body = value as Json;
  const target =
    oneOfKeys(body, "parent", "discussion_id", path) === "parent"
      ? parent(body.parent, `${path}.parent`)
      : { type: "discussion_id" as const, id: uuid()(body.discussion_id, `${path}.discussion_id`) };
  return {
    target,
    body: commentBody(body, path, version),
    displayName: body.display_name === undefined ? null : displayName(body.display_name, `${path}.display_name`),
    attachments: body.attachments === undefined ? [] : attachments(body.attachments, `${path}.attachments`).map((a) => a.file_upload_id),
  };
};

/** The body of PATCH /v1/comments/{id} under `version`. */
export const updateCommentInput =
  (version: ApiVersion): V<UpdateCommentInput> =>
  (value, path) => ({ body: commentBody(value as Json, path, version) });
