/**
 * Request schema of PATCH /v1/pages/{id}/markdown: `type` names one of four commands, whose
 * object carries its fields (shapes from @notionhq/client's UpdatePageMarkdownParameters and
 * developers.notion.com/reference/update-page-markdown).
 */
import { V, array, boolean, fail, isObject, object, oneOf, optional, string } from "../http/validate.js";
import { variant } from "../domain/values.js";
import { LIMITS } from "../domain/limits.js";
import type { MarkdownEdit } from "../domain/markdown/edits.js";

type Json = Record<string, unknown>;

const allowDeleting = optional(boolean());
const COMMANDS = ["insert_content", "replace_content_range", "update_content", "replace_content"] as const;

const insertPosition: V<"start" | "end"> = (value, path) =>
  variant<"start" | "end">({ start: () => "start", end: () => "end" }, path, value);

export const markdownEditInput: V<MarkdownEdit> = (value, path) => {
  const body = value as Json;
  if (body.allow_async !== undefined) boolean()(body.allow_async, `${path}.allow_async`);
  // The command name first, in Notion's words (as probed: 'body.type should be "insert_content",
  // "replace_content_range", "update_content", or "replace_content"').
  oneOf(COMMANDS)(body.type, `${path}.type`);
  return variant<MarkdownEdit>(
    {
      insert_content: (v, p) => {
        const c = object({ content: string(), after: optional(string()), position: optional(insertPosition) })((v as Json).insert_content, `${p}.insert_content`);
        if (c.after !== undefined && c.position !== undefined)
          fail(`${p}.insert_content.position`, "should be not present when `after` is given (use only one insertion target)", (v as Json as { insert_content: Json }).insert_content.position);
        return { type: "insert_content", content: c.content, after: c.after, position: c.position };
      },
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
    },
    path,
    isObject(value) ? value : value,
  );
};
