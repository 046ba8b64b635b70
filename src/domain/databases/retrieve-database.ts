import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { dataSourcesOf, loadDatabase, singleDataSource } from "./model.js";
import { databaseAsSeen, dataSourceAsSeen } from "./seen-schema.js";
import { presentDatabase, presentLegacyDatabase } from "../../present/database.js";
import { fileUrlsFor } from "../files/urls.js";

/** GET /v1/databases/{id} — the container (2025-09-03+) or the single table (2022-06-28). */
export async function retrieveDatabase(ctx: Ctx, id: string) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const stored = await loadDatabase(tx, ctx, id);
    if (ctx.version === "2022-06-28") {
      const { db } = await databaseAsSeen(tx, ctx, stored);
      return presentLegacyDatabase(db, await dataSourceAsSeen(tx, ctx, await singleDataSource(tx, ctx, stored)), ctx.publicUrl(), fileUrlsFor(ctx));
    }
    const { db, sources } = await databaseAsSeen(tx, ctx, stored, await dataSourcesOf(tx, ctx, stored.id));
    return presentDatabase(db, sources, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}
