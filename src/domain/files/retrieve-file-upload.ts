/** GET /v1/file_uploads/{id} and GET /v1/file_uploads (developers.notion.com/reference/list-file-uploads). */
import type { Ctx } from "../context.js";
import type { FileUploadStatus } from "../../storage/file-uploads.js";
import { requireCap } from "../access.js";
import { invalidCursor } from "../pagination.js";
import { list } from "../../present/common.js";
import { presentFileUpload } from "../../present/file-upload.js";
import { ownUpload, rowAt } from "./model.js";
import { settleImports } from "./interrupted.js";

export async function retrieveFileUpload(ctx: Ctx, id: string) {
  requireCap(ctx, "read_content");
  const row = await ctx.store.read((tx) => ownUpload(tx, ctx, id));
  const [settled] = await settleImports(ctx, [row]);
  return presentFileUpload(rowAt(settled, ctx.clock.now()), ctx.version, ctx.publicUrl());
}

/** The integration's own uploads, newest first, optionally of one status. */
export async function listFileUploads(ctx: Ctx, status: FileUploadStatus | undefined, cursor: string | null, pageSize: number) {
  requireCap(ctx, "read_content");
  const now = ctx.clock.now();
  const page = await ctx.store.read((tx) => tx.files.list(ctx.actor.workspace.id, ctx.actor.bot.id, { from: cursor, limit: pageSize, status, now }));
  if (!page) throw invalidCursor(cursor!);
  // An import a node gone was running shows failed here too; under a status filter it leaves the page.
  const items = (await settleImports(ctx, page.items)).map((r) => rowAt(r, now)).filter((r) => !status || r.status === status);
  return list("file_upload", items.map((r) => presentFileUpload(r, ctx.version, ctx.publicUrl())), page.next);
}
