/**
 * The four ways PATCH /v1/pages/{id}/markdown changes a page's markdown, applied to the
 * markdown text itself: search-and-replace (`update_content`), whole replacement
 * (`replace_content`), and the older `insert_content` (at the start or end, after an ellipsis
 * selection, or after the block an anchor names — anchors are in anchor.ts) and
 * `replace_content_range`. Matching is exact and case-sensitive.
 * Reference: developers.notion.com/reference/update-page-markdown ("Errors"),
 * developers.notion.com/guides/data-apis/working-with-markdown-content ("Legacy commands").
 * The error messages' wording is ours: Notion documents the conditions, not the text.
 */
import { LIMITS } from "../../api/limits.js";
import { errors } from "../../api/errors.js";
import { show } from "../../api/validate.js";
import type { MarkdownVersion } from "./dialect.js";

/**
 * Where `insert_content` puts its content: the start or end of the page, after the line an
 * ellipsis selection (`after` before 2026-12-01) ends on, or after the one block whose markdown
 * starts with an anchor (`position: {type: "after_content", anchor}`, and `after` from
 * 2026-12-01 on; `field` names the request field for errors).
 */
export type InsertAt = { type: "start" } | { type: "end" } | { type: "selection"; text: string } | { type: "anchor"; text: string; field: string };

export type MarkdownEdit =
  | { type: "insert_content"; content: string; at: InsertAt }
  | { type: "replace_content_range"; content: string; contentRange: string; allowDeleting: boolean }
  | { type: "update_content"; updates: { oldStr: string; newStr: string; all: boolean }[]; allowDeleting: boolean }
  | { type: "replace_content"; newStr: string; allowDeleting: boolean };

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * An ellipsis selection, `"start text...end text"`: from the first occurrence of the start
 * text to the first occurrence of the end text after it; without `...`, the text itself.
 */
export function selectRange(markdown: string, selection: string, field: string): [number, number] {
  const dots = selection.indexOf("...");
  const startText = dots >= 0 ? selection.slice(0, dots) : selection;
  const endText = dots >= 0 ? selection.slice(dots + 3) : "";
  const start = markdown.indexOf(startText);
  const end = start < 0 ? -1 : endText ? markdown.indexOf(endText, start + startText.length) : start + startText.length;
  if (start < 0 || end < 0 || selection === "")
    throw errors.validation(`The ${field} selection \`${show(selection)}\` does not match any content in the page.`);
  return [start, endText ? end + endText.length : end];
}

/** What separates two blocks: a newline in v1, a blank line in v2 ("Separate blocks with a blank line"). */
export const blockSeparator = (dialect: MarkdownVersion) => (dialect === "v2" ? "\n\n" : "\n");

const joinBlocks = (a: string, b: string, dialect: MarkdownVersion) => (a === "" ? b : b === "" ? a : `${a}${blockSeparator(dialect)}${b}`);

function updateContent(markdown: string, edit: MarkdownEdit & { type: "update_content" }): string {
  let md = markdown;
  let grown = 0;
  edit.updates.forEach((u, i) => {
    const n = count(md, u.oldStr);
    const at = `content_updates[${i}].old_str`;
    if (n === 0) throw errors.validation(`No match found for ${at}: \`${show(u.oldStr)}\` does not appear in the page content.`);
    if (n > 1 && !u.all)
      throw errors.validation(`Multiple matches found for ${at}: \`${show(u.oldStr)}\` appears ${n} times in the page content. Set \`replace_all_matches\` to \`true\` to replace all of them.`);
    // Replacing every match multiplies new_str: bounded by what one request may send, so a
    // small body cannot build a string of gigabytes (a RangeError: a 500) or millions of blocks.
    grown += n * (u.newStr.length - u.oldStr.length);
    if (grown > LIMITS.PAYLOAD_BYTES)
      throw errors.validation(`content_updates[${i}] replaces ${n} matches: the page content would grow by more than ${LIMITS.PAYLOAD_BYTES} characters, what one request may send.`);
    md = u.all ? md.split(u.oldStr).join(u.newStr) : md.replace(u.oldStr, () => u.newStr);
  });
  return md;
}

/**
 * Inserted blocks go after the line the selection ends on, at that line's indentation (so they
 * land beside a nested block, not outside its container).
 */
function insertAfterSelection(markdown: string, selection: string, content: string, dialect: MarkdownVersion): string {
  const [, end] = selectRange(markdown, selection, "after");
  const eol = markdown.indexOf("\n", end);
  const cut = eol < 0 ? markdown.length : eol;
  const lineStart = markdown.lastIndexOf("\n", Math.max(0, end - 1)) + 1;
  const indent = markdown.slice(lineStart).match(/^\t*/)![0];
  const lines = content.split("\n").map((l) => (l === "" ? l : indent + l));
  return `${markdown.slice(0, cut)}${blockSeparator(dialect)}${lines.join("\n")}${markdown.slice(cut)}`;
}

/** The page's markdown after the edit (an anchored insert is placed by anchor.ts before this). */
export function applyEdit(markdown: string, edit: MarkdownEdit, dialect: MarkdownVersion): string {
  switch (edit.type) {
    case "replace_content":
      return edit.newStr;
    case "update_content":
      return updateContent(markdown, edit);
    case "insert_content":
      if (edit.at.type === "start") return joinBlocks(edit.content, markdown, dialect);
      if (edit.at.type === "selection") return insertAfterSelection(markdown, edit.at.text, edit.content, dialect);
      return joinBlocks(markdown, edit.content, dialect);
    case "replace_content_range": {
      const [start, end] = selectRange(markdown, edit.contentRange, "content_range");
      return markdown.slice(0, start) + edit.content + markdown.slice(end);
    }
  }
}
