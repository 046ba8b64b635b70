/**
 * The store port of meeting notes: who attends each meeting notes block (its
 * `calendar_event.attendees`), indexed so that a query finds the notes a user attends without
 * reading every block. The blocks themselves are nodes (`Tx.insertNodes` / `Tx.updateNode`).
 */

/** Meeting notes attendance: `Tx.meetingNotes` (src/storage/sqlite-meeting-notes.ts). */
export interface MeetingNoteStore {
  /** Replaces the attendees of the meeting notes block `blockId`. */
  setAttendees(workspaceId: string, blockId: string, userIds: readonly string[]): Promise<void>;
  /** The meeting notes blocks whose calendar event lists `userId`, in no particular order. */
  attendedBy(workspaceId: string, userId: string): Promise<string[]>;
}
