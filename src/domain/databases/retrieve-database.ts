import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { dataSourcesOf, loadDatabase, singleDataSource, withCurrentReferences } from "./model.js";
import { presentDatabase, presentLegacyDatabase } from "../../present/database.js";
import { fileUrlsFor } from "../files/urls.js";

/** GET /v1/databases/{id} — the container (2025-09-03+) or the single table (2022-06-28). */
export async function retrieveDatabase(ctx: Ctx, id: string) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const db = await loadDatabase(tx, ctx, id);
    if (ctx.version === "2022-06-28") return presentLegacyDatabase(db, await withCurrentReferences(tx, ctx, await singleDataSource(tx, ctx, db)), ctx.publicUrl(), fileUrlsFor(ctx));
    return presentDatabase(db, await dataSourcesOf(tx, ctx, db.id), ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}
