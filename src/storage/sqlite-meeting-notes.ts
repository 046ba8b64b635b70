/** SQLite side of meeting notes attendance: the `meeting_note_attendees` table (migration slot 11). */
import type Database from "better-sqlite3";
import type { MeetingNoteStore } from "./meeting-notes.js";

export class SqliteMeetingNoteStore implements MeetingNoteStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      clear: p(`DELETE FROM meeting_note_attendees WHERE workspace_id = ? AND block_id = ?`),
      add: p(`INSERT OR IGNORE INTO meeting_note_attendees (workspace_id, user_id, block_id) VALUES (?, ?, ?)`),
      attendedBy: p(`SELECT block_id FROM meeting_note_attendees WHERE workspace_id = ? AND user_id = ?`).pluck(),
    };
  }

  async setAttendees(ws: string, blockId: string, userIds: readonly string[]) {
    this.s.clear.run(ws, blockId);
    for (const id of userIds) this.s.add.run(ws, id, blockId);
  }
  async attendedBy(ws: string, userId: string) {
    return this.s.attendedBy.all(ws, userId) as string[];
  }
}
