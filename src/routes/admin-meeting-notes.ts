/** /_quire/v1/meeting_notes/{id} — what Notion's transcription would do to a meeting note, done by the operator (registered inside the admin scope). */
import type { FastifyInstance } from "fastify";
import type { ControlScope } from "./admin-scope.js";
import { array, check, fail, isObject, nullable, object, oneOf, optional, string, uuid, type V } from "../api/validate.js";
import { richText, type RichTextRequest } from "../domain/rich-text.js";
import { parseIso } from "../query/dates.js";
import { STATUSES } from "../domain/meeting-notes/model.js";
import { updateMeetingNote, type MeetingNoteUpdate } from "../domain/admin/meeting-notes.js";
import type { Deps } from "../domain/context.js";
import { bodyOf, pathId } from "./helpers.js";


/** An ISO 8601 date-time with an offset (`2026-07-14T10:00:00Z`), as epoch ms. */
const instant: V<number> = (value, path) => {
  const parsed = parseIso(string()(value, path));
  if (!parsed || parsed.dateOnly || parsed.floating) fail(path, "should be an ISO 8601 date-time with an offset", value);
  return parsed.ms;
};
/** A title as rich text, or a plain string. */
const title: V<RichTextRequest[]> = (value, path) => richText()(typeof value === "string" ? [{ text: { content: value } }] : value, path);
const text = string({ maxLength: 200_000 });

const updateBody: V<MeetingNoteUpdate> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  return object({
    status: optional(oneOf(STATUSES)),
    title: optional(title),
    calendar_event: optional(nullable(object({ start_time: instant, end_time: instant, attendees: optional(array(uuid(), { maxLength: 100 })) }))),
    recording: optional(nullable(object({ start_time: optional(instant), end_time: optional(instant) }))),
    summary: optional(text),
    notes: optional(text),
    transcript: optional(text),
  })(value, path) as MeetingNoteUpdate;
};

export function adminMeetingNoteRoutes(admin: FastifyInstance, deps: Deps, { write }: ControlScope) {
  admin.patch("/meeting_notes/:block_id", async (req) => {
    const id = pathId(req, "block_id");
    const body = check("body", updateBody, bodyOf(req));
    return write(req, (tx, ws) => updateMeetingNote(deps, tx, ws, id, body));
  });
}
