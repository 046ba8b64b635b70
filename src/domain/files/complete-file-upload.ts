/** POST /v1/file_uploads/{id}/complete (developers.notion.com/reference/complete-file-upload). */
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { presentFileUpload } from "../../present/file-upload.js";
import { ownUpload } from "./model.js";

/** Finishes a multi_part upload once every part 1…N has been sent (messages unconfirmed). */
export async function completeFileUpload(ctx: Ctx, id: string) {
  requireCap(ctx, "insert_content");
  const row = await ctx.store.write(async (tx) => {
    const current = await ownUpload(tx, ctx, id);
    if (current.mode !== "multi_part") throw errors.validation(`File upload with ID ${id} was created with mode \`${current.mode}\`; only multi_part uploads are completed.`);
    if (current.status !== "pending") throw errors.validation(`File upload with ID ${id} has status \`${current.status}\`; only a pending file upload can be completed.`);
    const total = current.number_of_parts!;
    const missing: number[] = [];
    for (let n = 1; n <= total; n++) if (current.parts[n] === undefined) missing.push(n);
    if (missing.length > 0)
      throw errors.validation(`Expected ${total} parts, received ${total - missing.length}; missing part${missing.length > 1 ? "s" : ""} ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}.`);
    const now = ctx.clock.now();
    const next = { ...current, status: "uploaded" as const, content_length: Object.values(current.parts).reduce((a, b) => a + b, 0), last_edited_time: now };
    await tx.files.update(next);
    return next;
  });
  return presentFileUpload(row, ctx.version, ctx.publicUrl());
}
