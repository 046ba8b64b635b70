/** /v1/blocks/meeting_notes — create a meeting note, query meeting notes (static paths beside /v1/blocks/{id}). */
import type { FastifyInstance } from "fastify";
import { check } from "../api/validate.js";
import { createMeetingNote } from "../domain/meeting-notes/create-meeting-note.js";
import { queryMeetingNotes } from "../domain/meeting-notes/query-meeting-notes.js";
import { bodyOf, ctxOf } from "./helpers.js";
import { createMeetingNoteInput, queryMeetingNotesInput } from "./meeting-notes.schema.js";

export function meetingNoteRoutes(app: FastifyInstance) {
  app.post("/v1/blocks/meeting_notes", async (req) => createMeetingNote(ctxOf(req), check("body", createMeetingNoteInput, bodyOf(req))));
  app.post("/v1/blocks/meeting_notes/query", async (req) => queryMeetingNotes(ctxOf(req), check("body", queryMeetingNotesInput, bodyOf(req))));
}
