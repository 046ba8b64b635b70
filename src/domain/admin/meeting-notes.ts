/**
 * What Notion's transcription does to a meeting notes block, done by the operator instead (Quire
 * transcribes nothing): PATCH /_quire/v1/meeting_notes/{id} sets the status, title, calendar
 * event (its attendees are whom POST /v1/blocks/meeting_notes/query answers), recording times,
 * and the text of the summary, notes and transcript tabs (one paragraph per line). The edit is
 * Notion's, not a user's: `last_edited_by` stays.
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { normalizeRichText, type RichTextRequest } from "../rich-text.js";
import { operatorResolver } from "./resolver.js";
import { validatePayload } from "../blocks/types.js";
import { normalizePayload } from "../nodes.js";
import { TABS, type MeetingNotesData, type MeetingNotesStatus, type Tab } from "../meeting-notes/model.js";

/** The control request, validated (src/routes/admin-meeting-notes.ts). */
export interface MeetingNoteUpdate {
  status?: MeetingNotesStatus;
  title?: RichTextRequest[];
  /** Instants as epoch ms; null removes the event. */
  calendar_event?: { start_time: number; end_time: number; attendees?: string[] } | null;
  recording?: { start_time?: number; end_time?: number } | null;
  summary?: string;
  notes?: string;
  transcript?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function updateMeetingNote(deps: Deps, tx: Tx, ws: string, id: string, input: MeetingNoteUpdate) {
  const node = await tx.getNode(ws, id);
  if (!node || node.type !== "meeting_notes") throw errors.notFound("block", id);
  const data = { ...(node.data as MeetingNotesData) };
  if (input.status !== undefined) data.status = input.status;
  if (input.title !== undefined) data.title = await normalizeRichText(input.title, operatorResolver(deps, tx, ws));
  if (input.calendar_event !== undefined) {
    const event = input.calendar_event;
    if (event && event.end_time < event.start_time) throw errors.validation("body.calendar_event.end_time should not be before start_time.");
    for (const user of event?.attendees ?? []) if (!(await tx.getUser(ws, user))) throw errors.validation(`body.calendar_event.attendees: ${user} is not a user of the workspace.`);
    if (event) data.calendar_event = { start_time: iso(event.start_time), end_time: iso(event.end_time), attendees: [...new Set(event.attendees ?? [])] };
    else delete data.calendar_event;
    await tx.meetingNotes.setAttendees(ws, id, data.calendar_event?.attendees ?? []);
  }
  if (input.recording !== undefined) {
    const r = input.recording;
    if (r) data.recording = { ...(r.start_time !== undefined ? { start_time: iso(r.start_time) } : {}), ...(r.end_time !== undefined ? { end_time: iso(r.end_time) } : {}) };
    else delete data.recording;
  }
  const now = deps.clock.now();
  for (const tab of Object.keys(TABS) as Tab[]) {
    const text = input[tab];
    if (text !== undefined) await writeTab(deps, tx, node, data.children[TABS[tab]], text, now);
  }
  await tx.updateNode({ ...node, data: order(data), last_edited_time: now });
  return { object: "block", id, type: "meeting_notes", meeting_notes: order(data) };
}

/** The payload's keys in the SDK's order, whatever order the edits came in. */
function order(data: MeetingNotesData): MeetingNotesData {
  const { title, status, children, calendar_event, recording, ...rest } = data;
  return { ...rest, title, status, children, ...(calendar_event ? { calendar_event } : {}), ...(recording ? { recording } : {}) };
}

/** Replaces a tab's content: what it held goes to the trash, each non-empty line becomes a paragraph. */
async function writeTab(deps: Deps, tx: Tx, note: NodeRow, tabId: string, text: string, now: number) {
  const ws = note.workspace_id;
  const tab = await tx.getNode(ws, tabId);
  if (!tab) return;
  for (let page = await tx.listChildren(ws, tabId, null, 100); page && page.items.length; page = await tx.listChildren(ws, tabId, null, 100)) {
    for (const child of page.items) await tx.updateNode({ ...child, in_trash: true, last_edited_time: now });
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const rows: NodeRow[] = [];
  for (const [i, line] of lines.entries()) {
    const payload = validatePayload("paragraph", { rich_text: [{ text: { content: line } }] }, `body.${tab.data.block_type as string}[${i}]`);
    rows.push({
      ...tab,
      id: deps.ids(),
      type: "paragraph",
      parent_type: "block_id",
      parent_id: tabId,
      position: now + i,
      data: (await normalizePayload(payload, operatorResolver(deps, tx, ws))) as Record<string, unknown>,
      in_trash: false,
      created_time: now,
      last_edited_time: now,
    });
  }
  if (rows.length) await tx.insertNodes(rows);
}
