/** Request schemas of /v1/blocks/meeting_notes and /v1/blocks/meeting_notes/query. */
import { type V, boolean, fail, isObject, number, object, oneOf, optional, string, uuid } from "../api/validate.js";
import { LIMITS } from "../api/limits.js";
import type { CreateMeetingNoteInput } from "../domain/meeting-notes/create-meeting-note.js";
import type { QueryMeetingNotesInput } from "../domain/meeting-notes/query-meeting-notes.js";

type Json = Record<string, unknown>;

/** Transcription languages (@notionhq/client 5.26 CreateMeetingNoteBodyParameters). */
const LANGUAGES = ["auto", "en", "zh-CN", "zh-TW", "es", "fr", "de", "ja", "ko", "pt", "ru", "th", "vi", "id", "da", "fi", "no", "nl", "it", "sv", "ar", "he", "pl"] as const;

/**
 * Notes a query answers at most, and by default: "limit: max results (1-50)" and "Defaults to 50"
 * (third-party clients of the endpoint, the MCP tools on glama.ai and notionrs; Notion's page
 * says only "up to the maximum below", which was not captured).
 */
export const MEETING_NOTES_LIMIT = 50;

/**
 * `source` names an uploaded file (then `parent` is the page the note goes on) or an existing
 * media block (then `parent` must be absent): "A file upload source requires parent. An
 * existing block source must omit it" (developers.notion.com/reference/create-meeting-note).
 */
export const createMeetingNoteInput: V<CreateMeetingNoteInput> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const body = value as Json;
  const input = object({
    title: optional(string({ maxLength: LIMITS.RICH_TEXT_CONTENT })),
    language: optional(oneOf(LANGUAGES)),
    options: optional(object({ kickoff_summary: optional(boolean()) })),
  })(body, path);
  const source = body.source;
  if (!isObject(source)) fail(`${path}.source`, "should be an object", source);
  const type = oneOf(["file_upload", "block"] as const)(source.type, `${path}.source.type`);
  if (type === "block") {
    if (body.parent !== undefined) fail(`${path}.parent`, "should be not present", body.parent);
    return { ...input, source: { type, block_id: uuid()(source.block_id, `${path}.source.block_id`) } };
  }
  const fileUploadId = uuid()(source.file_upload_id, `${path}.source.file_upload_id`);
  const parent = object({ type: optional(oneOf(["page_id"] as const)), page_id: uuid() })(body.parent, `${path}.parent`);
  return { ...input, source: { type, file_upload_id: fileUploadId, parent_page_id: parent.page_id } };
};

/** `filter` and `sort` stay raw (parsed with their grammar by the verb); `limit` 1–50, default 50. */
export const queryMeetingNotesInput: V<QueryMeetingNotesInput> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const limit = value.limit === undefined ? MEETING_NOTES_LIMIT : number({ integer: true, min: 1, max: MEETING_NOTES_LIMIT })(value.limit, `${path}.limit`);
  return { filter: value.filter, sort: value.sort, limit };
};
