/**
 * Meeting notes blocks (`meeting_notes`; `transcription` before 2026-03-11): their payload, the
 * three tabs Notion keeps under each (summary, notes, transcript — the ids in
 * `meeting_notes.children`), the rule that what Notion writes there is read-only through the API,
 * and their presentation in the meeting-notes endpoints. Sources and Quire's choices:
 * docs/design/meeting-notes.md.
 */
import type { RichTextItemResponse } from "@notionhq/client";
import type { NodeRow, StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { presentBlock } from "../../present/block.js";
import { plainText } from "../rich-text.js";
import { fold } from "../../query/values.js";
import { fileUrlsFor } from "../files/urls.js";
import type { NoteFacts } from "./filter.js";

/** `meeting_notes.status` values (@notionhq/client 5.26 CreateMeetingNoteResponse). */
export const STATUSES = ["transcription_not_started", "transcription_paused", "transcription_in_progress", "transcription_failed", "summary_in_progress", "notes_ready"] as const;
export type MeetingNotesStatus = (typeof STATUSES)[number];

/** The tabs under a meeting notes block, keyed as `meeting_notes.children` names their ids. */
export const TABS = { summary: "summary_block_id", notes: "notes_block_id", transcript: "transcript_block_id" } as const;
export type Tab = keyof typeof TABS;

/** The stored payload, keys in the SDK's order (TranscriptionBlockResponse). */
export interface MeetingNotesData {
  title: RichTextItemResponse[];
  status: MeetingNotesStatus;
  children: Record<(typeof TABS)[Tab], string>;
  calendar_event?: { start_time: string; end_time: string; attendees: string[] };
  recording?: { start_time?: string; end_time?: string };
  [key: string]: unknown;
}

/**
 * The tab blocks of a new meeting notes block. Their block type is not documented (Notion
 * creates them; the API names them only by id): Quire shows them as `unsupported`, with the tab
 * in `block_type`. Their content comes from the control API (PATCH /_quire/v1/meeting_notes/{id}).
 */
export function tabRows(note: NodeRow, ids: () => string): NodeRow[] {
  return (Object.keys(TABS) as Tab[]).map((tab, i) => ({
    ...note,
    id: ids(),
    type: "unsupported",
    parent_type: "block_id",
    parent_id: note.id,
    position: i + 1,
    data: { block_type: tab },
  }));
}

/** The tab ids a new note's payload names, from its tab rows (in TABS order). */
export function childrenOf(tabs: NodeRow[]): MeetingNotesData["children"] {
  const keys = Object.values(TABS);
  return Object.fromEntries(tabs.map((t, i) => [keys[i], t.id])) as MeetingNotesData["children"];
}

/**
 * Refuses writes inside a meeting notes block (its tabs and everything in them): Notion writes
 * their summary, notes and transcript; the public API only reads them. The meeting notes block
 * itself may be trashed, restored and moved with its page. Notion's wording is not documented.
 */
export async function assertNotMeetingNotesContent(tx: Tx, ctx: Ctx, node: Pick<NodeRow, "id" | "type">, appendingTo = false): Promise<void> {
  if (appendingTo && node.type === "meeting_notes") throw readOnly(node.id, node.id);
  const chain = await tx.getAncestry(ctx.actor.workspace.id, node.id);
  const note = chain.slice(1).find((c) => c.type === "meeting_notes");
  if (note) throw readOnly(node.id, note.id);
}

const readOnly = (id: string, note: string) =>
  errors.validation(`Block ${id} is part of the meeting notes ${note}: their summary, notes and transcript are written by Notion and can only be read through the API.`);

/** A meeting notes block as the meeting-notes endpoints answer it: a block without `parent` (the SDK's response types). */
export function presentMeetingNote(node: StoredNode, ctx: Ctx) {
  const block = presentBlock(node, ctx.version, fileUrlsFor(ctx), ctx.actor.caps) as unknown as Record<string, unknown>;
  delete block.parent;
  return block;
}

const minute = (ms: number) => ms - (ms % 60_000);

/** What the query filters and sorts a note on. */
export function noteFacts(node: StoredNode): NoteFacts {
  const data = node.data as Partial<MeetingNotesData>;
  return {
    id: node.id,
    title: fold(plainText(data.title ?? [])),
    created_time: minute(node.created_time),
    last_edited_time: minute(node.last_edited_time),
    created_by: node.created_by,
    last_edited_by: node.last_edited_by,
    attendees: data.calendar_event?.attendees ?? [],
  };
}
