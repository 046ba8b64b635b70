import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { loadView } from "./model.js";
import { viewResponse } from "./show.js";

/** GET /v1/views/{id} — needs read content (assumed: the reference names no capability for it). */
export async function retrieveView(ctx: Ctx, id: string) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => viewResponse(tx, ctx, (await loadView(tx, ctx, id)).view));
}
