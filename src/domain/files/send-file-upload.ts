/**
 * POST /v1/file_uploads/{id}/send (developers.notion.com/reference/upload-file): the `file`
 * field streams into the blob store (never whole in memory), capped at the mode's size limit;
 * multi_part uploads also send `part_number` (parts may arrive in any order, and a part may be
 * sent again). Messages of the size and state errors are unconfirmed.
 */
import { randomUUID } from "node:crypto";
import type { Ctx } from "../context.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import type { BlobWriter } from "../../storage/blobs.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";
import { presentFileUpload } from "../../present/file-upload.js";
import { blobKeys, ownUpload } from "./model.js";
import { resolveNaming } from "./naming.js";
import { bareType, extensionOf } from "./content-types.js";

/** The file a send request carries, with the name and type its form gave. */
export interface SentFile {
  filename: string | null;
  contentType: string | null;
}

/** Takes a sent file's bytes chunk by chunk; a `write` that resolves later holds the sender back. */
export interface ByteSink {
  write(chunk: Buffer): Promise<void>;
}

/**
 * A send request's form as the route reads it while its bytes arrive: the `file` field's bytes
 * go to the sink `onFile` gives, and it resolves with the text fields (`part_number`). A
 * malformed form is thrown as the Notion error the request answers; what a sink throws, as is.
 */
export type SentForm = (onFile: (file: SentFile) => Promise<ByteSink>) => Promise<Record<string, string>>;

class TooLarge extends Error {}

/** The state an upload must be in to take bytes. */
function assertSendable(row: FileUploadRow): void {
  if (row.mode === "external_url") throw errors.validation(`File upload with ID ${row.id} was created with mode \`external_url\`; its file is imported from the URL, not sent.`);
  if (row.status !== "pending") throw errors.validation(`File upload with ID ${row.id} has status \`${row.status}\`; only a pending file upload can be sent.`);
}

/** POST /v1/file_uploads/{id}/send: the form's file stored as the upload's bytes (or one part of them). */
export async function sendFileUpload(ctx: Ctx, id: string, form: SentForm) {
  requireCap(ctx, "insert_content");
  const before = await ctx.store.read((tx) => ownUpload(tx, ctx, id));
  assertSendable(before);
  const { blobs, maxFileBytes } = ctx.files;
  const cap = before.mode === "single_part" ? Math.min(LIMITS.FILE_UPLOAD_SINGLE_PART_BYTES, maxFileBytes) : LIMITS.FILE_UPLOAD_PART_MAX_BYTES;
  const incoming = blobKeys.incoming(id, randomUUID());
  let writer: BlobWriter | null = null;
  let file: SentFile | null = null;
  let bytes = 0;
  let fields: Record<string, string>;
  try {
    fields = await form(async (sent) => {
      file = sent;
      writer = await blobs.writer(incoming);
      const w = writer;
      return {
        async write(chunk) {
          bytes += chunk.length;
          if (bytes > cap) throw new TooLarge();
          await w.write(chunk);
        },
      };
    });
    if (writer) await (writer as BlobWriter).close();
  } catch (e) {
    if (writer) await (writer as BlobWriter).abort();
    if (e instanceof TooLarge)
      throw errors.validation(
        before.mode === "single_part"
          ? cap < LIMITS.FILE_UPLOAD_SINGLE_PART_BYTES
            ? `The file exceeds the workspace's file size limit of ${maxFileBytes} bytes.`
            : `The file exceeds the ${cap} byte limit of a single_part upload; send larger files with mode \`multi_part\`.`
          : `A part of a multi_part upload must be at most ${cap} bytes.`,
      );
    throw e;
  }
  try {
    if (!file) throw errors.validation("body failed validation: body.file should be defined, instead was `undefined`.");
    const part = before.mode === "multi_part" ? partNumber(fields.part_number, before.number_of_parts!) : null;
    if (part !== null && part < before.number_of_parts! && bytes < LIMITS.FILE_UPLOAD_PART_MIN_BYTES)
      throw errors.validation(`Part ${part} is ${bytes} bytes; every part but the last must be at least ${LIMITS.FILE_UPLOAD_PART_MIN_BYTES} bytes.`);
    const sentFile = file as SentFile;
    // A part sent again with another size: the blob the row described until this commit.
    let superseded: string | null = null;
    const row = await ctx.store.write(async (tx) => {
      const current = await ownUpload(tx, ctx, id);
      assertSendable(current);
      const now = ctx.clock.now();
      if (part !== null) {
        const parts: Record<string, number> = { ...current.parts, [part]: bytes };
        const total = Object.values(parts).reduce((a, b) => a + b, 0);
        if (total > maxFileBytes) throw errors.validation(`The file exceeds the workspace's file size limit of ${maxFileBytes} bytes.`);
        await blobs.rename(incoming, blobKeys.part(id, part, bytes));
        const before = current.parts[part];
        superseded = before !== undefined && before !== bytes ? blobKeys.part(id, part, before) : null;
        const next = { ...current, parts, last_edited_time: now };
        await tx.files.update(next);
        return next;
      }
      // single_part: what create left open is taken from the sent file (its name and type).
      const filename = current.filename ?? sentFile.filename ?? null;
      const sentType = sentFile.contentType && bareType(sentFile.contentType) !== "application/octet-stream" ? sentFile.contentType : null;
      const naming =
        current.content_type !== null
          ? { filename, content_type: current.content_type }
          : resolveNaming(filename, filename !== null && extensionOf(filename) !== null ? null : sentType);
      await blobs.rename(incoming, blobKeys.content(id));
      const next: FileUploadRow = { ...current, ...naming, status: "uploaded", content_length: bytes, last_edited_time: now };
      await tx.files.update(next);
      return next;
    });
    if (superseded) await blobs.remove(superseded).catch(() => undefined);
    return presentFileUpload(row, ctx.version, ctx.publicUrl());
  } catch (e) {
    await blobs.remove(incoming).catch(() => undefined);
    throw e;
  }
}

function partNumber(raw: string | undefined, total: number): number {
  if (raw === undefined) throw errors.validation("body failed validation: body.part_number should be defined, instead was `undefined`.");
  const n = /^\d{1,5}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > total)
    throw errors.validation(`body failed validation: body.part_number should be an integer from 1 to ${total}, instead was \`${JSON.stringify(raw)}\`.`);
  return n;
}
