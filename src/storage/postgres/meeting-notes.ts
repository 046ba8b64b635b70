/** `Tx.meetingNotes` on PostgreSQL — not built yet: h11-rows' part of issue 11 replaces this file. */
import type { MeetingNoteStore } from "../meeting-notes.js";
import { notYet } from "./json.js";
import type { PgSession } from "./session.js";

const meetingNotes = (): never => notYet("Meeting notes");

/** Meeting notes attendance (placeholder until the meeting-notes port lands). */
export class PgMeetingNotes implements MeetingNoteStore {
  constructor(readonly s: PgSession) {}
  setAttendees = meetingNotes;
  attendedBy = meetingNotes;
}
