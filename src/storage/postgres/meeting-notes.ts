/** `Tx.meetingNotes` on PostgreSQL: who attends each meeting notes block (`meeting_note_attendees`). */
import type { MeetingNoteStore } from "../meeting-notes.js";
import type { PgSession } from "./session.js";

/** Meeting notes attendance (src/storage/meeting-notes.ts). */
export class PgMeetingNotes implements MeetingNoteStore {
  constructor(readonly s: PgSession) {}

  async setAttendees(ws: string, blockId: string, userIds: readonly string[]) {
    await this.s.lock(ws);
    await this.s.exec(`DELETE FROM meeting_note_attendees WHERE workspace_id = $1 AND block_id = $2`, [ws, blockId]);
    if (userIds.length === 0) return;
    await this.s.exec(
      `INSERT INTO meeting_note_attendees (workspace_id, user_id, block_id) SELECT $1, u, $2 FROM unnest($3::text[]) AS u ON CONFLICT DO NOTHING`,
      [ws, blockId, [...userIds]],
    );
  }
  async attendedBy(ws: string, userId: string) {
    await this.s.lock(ws);
    return (await this.s.query<{ block_id: string }>(`SELECT block_id FROM meeting_note_attendees WHERE workspace_id = $1 AND user_id = $2 ORDER BY block_id`, [ws, userId])).map((r) => r.block_id);
  }
}
