/**
 * Request schema of PATCH /v1/pages/{id}/markdown — `type` names one of four commands, whose
 * object carries its fields (shapes from @notionhq/client's UpdatePageMarkdownParameters and
 * developers.notion.com/reference/update-page-markdown) — and `markdown_version`, which the
 * markdown endpoints share (developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown).
 */
import { V, array, boolean, fail, isObject, object, oneOf, optional, string } from "../api/validate.js";
import type { ApiVersion } from "../api/version.js";
import { variant } from "../domain/values.js";
import { LIMITS } from "../api/limits.js";
import type { InsertAt, MarkdownEdit } from "../domain/markdown/edits.js";
import { defaultMarkdownVersion, markdownV2Only, markdownVersions, type MarkdownVersion } from "../domain/markdown/dialect.js";

type Json = Record<string, unknown>;

/** An edit and the dialect its markdown is read and answered in. */
export interface MarkdownEditRequest {
  edit: MarkdownEdit;
  dialect: MarkdownVersion;
}

/**
 * `markdown_version`: `"v1"` or `"v2"`, absent meaning the version's default. From 2026-12-01
 * on only `"v2"` ("The next Notion-Version … rejects markdown_version: "v1""); the refusal reads
 * as Notion's validator words any value outside a list (its exact text is unconfirmed).
 */
export const markdownVersionInput =
  (version: ApiVersion): V<MarkdownVersion> =>
  (value, path) =>
    value === undefined ? defaultMarkdownVersion(version) : oneOf(markdownVersions(version))(value, path);

const allowDeleting = optional(boolean());
const COMMANDS = ["insert_content", "replace_content_range", "update_content", "replace_content"] as const;
/** On 2026-12-01 `replace_content_range` is gone ("returns an error", upgrade guide, "Markdown edits"). */
const COMMANDS_2026_12 = ["insert_content", "update_content", "replace_content"] as const;

/** `position`: the start or end of the page, or after the block an anchor names. */
const insertPosition: V<InsertAt> = (value, path) =>
  variant<InsertAt>(
    {
      start: () => ({ type: "start" }),
      end: () => ({ type: "end" }),
      after_content: (v, p) => ({ type: "anchor", text: string({ minLength: 1 })((v as Json).anchor, `${p}.anchor`), field: "position" }),
    },
    path,
    value,
  );

/**
 * `insert_content`: `position`, or `after` — an ellipsis selection before 2026-12-01, and from
 * then on the start of one block ("`after` must match the start of one block").
 */
const insertContent =
  (version: ApiVersion): V<MarkdownEdit> =>
  (v, p) => {
    const raw = (v as Json).insert_content;
    const c = object({ content: string(), after: optional(string()), position: optional(insertPosition) })(raw, `${p}.insert_content`);
    if (c.after !== undefined && c.position !== undefined)
      fail(`${p}.insert_content.position`, "should be not present when `after` is given (use only one insertion target)", (raw as Json).position);
    const at: InsertAt =
      c.after === undefined ? (c.position ?? { type: "end" }) : markdownV2Only(version) ? { type: "anchor", text: c.after, field: "after" } : { type: "selection", text: c.after };
    return { type: "insert_content", content: c.content, at };
  };

const otherCommands: Record<string, V<MarkdownEdit>> = {
  replace_content_range: (v, p) => {
    const c = object({ content: string(), content_range: string(), allow_deleting_content: allowDeleting })((v as Json).replace_content_range, `${p}.replace_content_range`);
    return { type: "replace_content_range", content: c.content, contentRange: c.content_range, allowDeleting: c.allow_deleting_content ?? false };
  },
  update_content: (v, p) => {
    const c = object({
      content_updates: array(object({ old_str: string({ minLength: 1 }), new_str: string(), replace_all_matches: optional(boolean()) }), {
        maxLength: LIMITS.MARKDOWN_CONTENT_UPDATES,
      }),
      allow_deleting_content: allowDeleting,
    })((v as Json).update_content, `${p}.update_content`);
    return {
      type: "update_content",
      updates: c.content_updates.map((u) => ({ oldStr: u.old_str, newStr: u.new_str, all: u.replace_all_matches ?? false })),
      allowDeleting: c.allow_deleting_content ?? false,
    };
  },
  replace_content: (v, p) => {
    const c = object({ new_str: string(), allow_deleting_content: allowDeleting })((v as Json).replace_content, `${p}.replace_content`);
    return { type: "replace_content", newStr: c.new_str, allowDeleting: c.allow_deleting_content ?? false };
  },
};

/** The PATCH body under `version`: the command, and the dialect (`markdown_version`). */
export const markdownEditInput =
  (version: ApiVersion): V<MarkdownEditRequest> =>
  (value, path) => {
    const body = value as Json;
    if (!isObject(body)) fail(path, "should be an object", body);
    if (body.allow_async !== undefined) boolean()(body.allow_async, `${path}.allow_async`);
    // The command name first, in Notion's words (as probed: 'body.type should be "insert_content",
    // "replace_content_range", "update_content", or "replace_content"'); on 2026-12-01 the list
    // leaves out replace_content_range (wording of that refusal unconfirmed).
    const type = oneOf(markdownV2Only(version) ? COMMANDS_2026_12 : COMMANDS)(body.type, `${path}.type`);
    const dialect = markdownVersionInput(version)(body.markdown_version, `${path}.markdown_version`);
    const edit = type === "insert_content" ? insertContent(version)(body, path) : variant<MarkdownEdit>(otherCommands, path, body);
    return { edit, dialect };
  };
