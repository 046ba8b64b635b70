import type { Ctx } from "../context.js";
import { hasCap, requireCap } from "../access.js";
import { assertNotTrashed, mentionResolver, placeChildren } from "../nodes.js";
import { storedIcon } from "../custom-emojis/refs.js";
import { normalizeRichText, plainText } from "../rich-text.js";
import type { CreateDataSourceInput } from "./inputs.js";
import { loadDatabase, loadDataSource, type DataSourceNode } from "./model.js";
import { dataSourceAsSeen } from "./seen-schema.js";
import { createSchema } from "./schema-changes.js";
import { applySynced, newNode } from "./write.js";
import { partialDataSource, presentDataSource } from "../../present/database.js";
import { fileUrlsFor } from "../files/urls.js";
import { addDefaultView } from "../views/model.js";

/** POST /v1/data_sources — another data source in an existing database. */
export async function createDataSource(ctx: Ctx, input: CreateDataSourceInput) {
  requireCap(ctx, "insert_content");
  return ctx.store.write(async (tx) => {
    const db = await loadDatabase(tx, ctx, input.databaseId);
    assertNotTrashed(db);
    const title = await normalizeRichText(input.title ?? [], mentionResolver(tx, ctx));
    const id = ctx.ids();
    const schema = await createSchema(tx, ctx, { id, databaseId: db.id, title: plainText(title) }, input.properties);
    const [position] = await placeChildren(tx, ctx.actor.workspace.id, db.id, 1, { type: "end" });
    const ds = newNode(ctx, {
      id,
      type: "data_source",
      parent_type: "database_id",
      parent_id: db.id,
      position,
      data: { title, description: [], properties: schema.properties, counters: {} },
      icon: (await storedIcon(tx, ctx, input.icon)) ?? null,
    });
    const own = await applySynced(tx, ctx, schema.synced, { id, properties: schema.properties });
    ds.data = { ...ds.data, properties: own! };
    await tx.insertNodes([ds]);
    // "A standard table view is created alongside the new data source" (reference/create-a-data-source).
    await addDefaultView(tx, ctx, db.id, ds);
    const seen = await dataSourceAsSeen(tx, ctx, { ...ds, has_children: false } as DataSourceNode);
    if (!hasCap(ctx.actor, "read_content")) return partialDataSource(seen, ctx.version);
    return presentDataSource(seen, db, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}

/** GET /v1/data_sources/{id} */
export async function retrieveDataSource(ctx: Ctx, id: string) {
  requireCap(ctx, "read_content");
  return ctx.store.read(async (tx) => {
    const ds = await loadDataSource(tx, ctx, id);
    const db = await loadDatabase(tx, ctx, ds.parent_id!);
    return presentDataSource(await dataSourceAsSeen(tx, ctx, ds), db, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}
