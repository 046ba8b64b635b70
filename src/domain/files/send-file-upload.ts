/**
 * POST /v1/file_uploads/{id}/send (developers.notion.com/reference/upload-file): the `file`
 * field streams into the blob store (never whole in memory), capped at the mode's size limit;
 * multi_part uploads also send `part_number` (parts may arrive in any order, and a part may be
 * sent again). Messages of the size and state errors are unconfirmed.
 */
import type { Readable } from "node:stream";
import { randomUUID } from "node:crypto";
import type { Ctx } from "../context.js";
import type { FileUploadRow } from "../../storage/file-uploads.js";
import type { BlobWriter } from "../../storage/blobs.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";
import { readMultipart, MultipartError, type FilePart } from "../../http/multipart.js";
import { presentFileUpload } from "../../present/file-upload.js";
import { blobKeys, ownUpload } from "./model.js";
import { resolveNaming } from "./naming.js";
import { bareType, extensionOf } from "./content-types.js";

class TooLarge extends Error {}

/** The state an upload must be in to take bytes. */
function assertSendable(row: FileUploadRow): void {
  if (row.mode === "external_url") throw errors.validation(`File upload with ID ${row.id} was created with mode \`external_url\`; its file is imported from the URL, not sent.`);
  if (row.status !== "pending") throw errors.validation(`File upload with ID ${row.id} has status \`${row.status}\`; only a pending file upload can be sent.`);
}

async function drain(body: Readable): Promise<void> {
  if (body.readableEnded) return;
  body.resume();
  await new Promise<void>((resolve) => {
    body.once("end", resolve);
    body.once("close", resolve);
    body.once("error", () => resolve());
  });
}

export async function sendFileUpload(ctx: Ctx, id: string, body: Readable, boundary: string) {
  try {
    return await send(ctx, id, body, boundary);
  } finally {
    // Answer only once the request is read, so the client sees the answer, not a reset.
    await drain(body);
  }
}

async function send(ctx: Ctx, id: string, body: Readable, boundary: string) {
  requireCap(ctx, "insert_content");
  const before = await ctx.store.read((tx) => ownUpload(tx, ctx, id));
  assertSendable(before);
  const { blobs, maxFileBytes } = ctx.files;
  const cap = before.mode === "single_part" ? Math.min(LIMITS.FILE_UPLOAD_SINGLE_PART_BYTES, maxFileBytes) : LIMITS.FILE_UPLOAD_PART_MAX_BYTES;
  const incoming = blobKeys.incoming(id, randomUUID());
  let writer: BlobWriter | null = null;
  let file: FilePart | null = null;
  let bytes = 0;
  let fields: Record<string, string>;
  try {
    fields = await readMultipart(body, boundary, async (part) => {
      if (part.field !== "file" || writer) return null;
      file = part;
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
    if (e instanceof MultipartError) throw errors.validation(e.message);
    throw e;
  }
  try {
    if (!file) throw errors.validation("body failed validation: body.file should be defined, instead was `undefined`.");
    const part = before.mode === "multi_part" ? partNumber(fields.part_number, before.number_of_parts!) : null;
    if (part !== null && part < before.number_of_parts! && bytes < LIMITS.FILE_UPLOAD_PART_MIN_BYTES)
      throw errors.validation(`Part ${part} is ${bytes} bytes; every part but the last must be at least ${LIMITS.FILE_UPLOAD_PART_MIN_BYTES} bytes.`);
    const sentFile = file as FilePart;
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
