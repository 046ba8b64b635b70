/**
 * POST /v1/blocks/meeting_notes (`blocks.meetingNotes.create`) — a meeting notes block made from
 * an uploaded audio or video file (at the end of `parent`'s page) or from an existing audio, video
 * or file block backed by an upload (right after that block). Notion then transcribes and
 * summarizes; Quire has no transcription engine, so the block stays
 * `transcription_in_progress` until the control API moves it on (docs/design/meeting-notes.md).
 * Reference: developers.notion.com/reference/create-meeting-note
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { hasCap, requireCap, visibleNode } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertNotTrashed, childParentType, mentionResolver, newNode, placeChildren, touch, type Placement } from "../nodes.js";
import { normalizeRichText, richText } from "../rich-text.js";
import { partialBlock } from "../../present/block.js";
import { ownUpload, statusAt } from "../files/model.js";
import { claimUpload } from "../files/claim.js";
import { storedUploadId } from "../files/urls.js";
import { assertNotMeetingNotesContent, childrenOf, presentMeetingNote, tabRows, type MeetingNotesData } from "./model.js";

/** The request, validated (src/routes/meeting-notes.schema.ts). */
export interface CreateMeetingNoteInput {
  title?: string;
  language?: string;
  options?: { kickoff_summary?: boolean };
  source: { type: "file_upload"; file_upload_id: string; parent_page_id: string } | { type: "block"; block_id: string };
}

/** Media blocks a meeting note can be made from ("an audio, video, or file block", create-meeting-note). */
const SOURCE_BLOCKS = new Set(["audio", "video", "file"]);

export async function createMeetingNote(ctx: Ctx, input: CreateMeetingNoteInput) {
  // "The integration must have the Insert content capability. Read content is also required to
  // use an existing block as the source or receive the full meeting note block."
  requireCap(ctx, "insert_content");
  if (input.source.type === "block") requireCap(ctx, "read_content");
  return ctx.store.write(async (tx) => {
    const { parent, placement } = input.source.type === "file_upload" ? await fromUpload(tx, ctx, input.source) : await fromBlock(tx, ctx, input.source.block_id);
    const ws = ctx.actor.workspace.id;
    const [position] = await placeChildren(tx, ws, parent.id, 1, placement);
    const title = input.title === undefined ? [] : await normalizeRichText(richText()([{ text: { content: input.title } }], "body.title"), mentionResolver(tx, ctx));
    const note = newNode(ctx, { id: ctx.ids(), type: "meeting_notes", parent_type: childParentType(parent), parent_id: parent.id, position, data: {} });
    const tabs = tabRows(note, ctx.ids);
    const data: MeetingNotesData = { title, status: "transcription_in_progress", children: childrenOf(tabs) };
    note.data = data;
    await tx.insertNodes([note, ...tabs]);
    await tx.updateNode(touch(parent, ctx));
    if (!hasCap(ctx.actor, "read_content")) return partialBlock(note.id);
    return presentMeetingNote((await tx.getNode(ws, note.id))!, ctx);
  });
}

/** A completed audio or video upload of the caller, claimed, and the page the note goes on (at its end). */
async function fromUpload(tx: Tx, ctx: Ctx, source: { file_upload_id: string; parent_page_id: string }): Promise<{ parent: StoredNode; placement: Placement }> {
  const parent = await visibleNode(tx, ctx, source.parent_page_id, "page", (n) => n.type === "page");
  assertNotTrashed(parent);
  const upload = await ownUpload(tx, ctx, source.file_upload_id);
  if (statusAt(upload, ctx.clock.now()) === "uploaded") checkMedia(upload.id, upload.content_type);
  // Not `uploaded` yet: the claim refuses it ("wait until the file upload has a status of uploaded").
  await claimUpload(tx, ctx.actor.workspace.id, ctx.actor.bot.id, ctx.clock.now(), upload.id);
  return { parent, placement: { type: "end" } };
}

/** An audio, video or file block backed by an upload, and where the note goes: right after it. */
async function fromBlock(tx: Tx, ctx: Ctx, id: string): Promise<{ parent: StoredNode; placement: Placement }> {
  const block = await visibleNode(tx, ctx, id, "block");
  const upload = SOURCE_BLOCKS.has(block.type) ? storedUploadId(block.data) : null;
  if (!upload) throw errors.validation(`Block ${id} is not an audio, video or file block backed by a file upload; a meeting note can only be made from one.`);
  assertNotTrashed(block);
  await assertNotMeetingNotesContent(tx, ctx, block);
  const row = await tx.files.get(ctx.actor.workspace.id, upload);
  if (row) checkMedia(upload, row.content_type);
  const parent = (await tx.getNode(ctx.actor.workspace.id, block.parent_id!))!;
  return { parent, placement: { type: "after_block", id: block.id } };
}

/**
 * Audio or video only: "For a .m4a audio file, use the audio/mp4 content type. WebM audio is not
 * supported" (create-meeting-note). The wording of Notion's refusal is not documented.
 */
function checkMedia(uploadId: string, contentType: string | null): void {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const media = type.startsWith("audio/") || type.startsWith("video/");
  if (!media || type === "audio/webm")
    throw errors.validation(`File upload ${uploadId} has content type \`${contentType ?? "unknown"}\`; meeting notes are made from audio or video files (WebM audio is not supported).`);
}
