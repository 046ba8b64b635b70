/** POST /v1/file_uploads (developers.notion.com/reference/create-a-file-upload). */
import type { Ctx } from "../context.js";
import type { FileUploadMode, FileUploadRow } from "../../storage/file-uploads.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { LIMITS } from "../../api/limits.js";
import { presentFileUpload } from "../../present/file-upload.js";
import { resolveNaming } from "./naming.js";
import { checkExternalUrl, importExternal } from "./import-external.js";

/** A create request as its schema (routes/file-uploads.schema.ts) validated it. */
export interface CreateFileUploadInput {
  mode: FileUploadMode;
  filename?: string;
  content_type?: string;
  number_of_parts?: number;
  external_url?: string;
}

/** Creates an upload in its mode (an external_url import starts at once, in the background). */
export async function createFileUpload(ctx: Ctx, input: CreateFileUploadInput) {
  requireCap(ctx, "insert_content");
  const naming = resolveNaming(input.filename ?? null, input.content_type ?? null);
  let contentLength: number | null = null;
  if (input.mode === "external_url") contentLength = await checkExternalUrl(ctx, input.external_url!);
  const now = ctx.clock.now();
  const row: FileUploadRow = {
    workspace_id: ctx.actor.workspace.id,
    id: ctx.ids(),
    mode: input.mode,
    status: "pending",
    filename: naming.filename,
    content_type: naming.content_type,
    content_length: null,
    number_of_parts: input.mode === "multi_part" ? input.number_of_parts! : null,
    parts: {},
    external_url: input.external_url ?? null,
    import_result: null,
    created_time: now,
    created_by: ctx.actor.bot.id,
    last_edited_time: now,
    expiry_time: now + LIMITS.FILE_UPLOAD_EXPIRY_MS,
    attached: false,
    // The node downloading an import: once it is gone, another fails the import (import-external.ts).
    node: input.mode === "external_url" ? ctx.store.liveness.node : null,
  };
  if (input.mode === "multi_part" && row.number_of_parts! * LIMITS.FILE_UPLOAD_PART_MIN_BYTES > ctx.files.maxFileBytes + LIMITS.FILE_UPLOAD_PART_MIN_BYTES)
    throw errors.validation(
      `A file of ${row.number_of_parts} parts of at least ${LIMITS.FILE_UPLOAD_PART_MIN_BYTES} bytes would exceed the workspace's file size limit of ${ctx.files.maxFileBytes} bytes.`,
    );
  await ctx.store.write((tx) => tx.files.insert(row));
  if (input.mode === "external_url") ctx.files.imports.track(importExternal(ctx, row, contentLength));
  return presentFileUpload(row, ctx.version, ctx.publicUrl());
}
