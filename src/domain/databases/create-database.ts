import type { Ctx } from "../context.js";
import { hasCap, requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertNotTrashed, childParentType, mentionResolver, placeChildren, touchParentPage } from "../nodes.js";
import { storedIcon } from "../custom-emojis/refs.js";
import { normalizeRichText, plainText } from "../rich-text.js";
import { loadPageParent } from "../pages/shared.js";
import type { CreateDatabaseInput } from "./inputs.js";
import { createSchema } from "./schema-changes.js";
import { applySynced, newNode } from "./write.js";
import type { DatabaseNode, DataSourceNode } from "./model.js";
import { databaseAsSeen, dataSourceAsSeen } from "./seen-schema.js";
import { presentDatabase, presentLegacyDatabase } from "../../present/database.js";
import { fileUrlsFor } from "../files/urls.js";
import { addDefaultView } from "../views/model.js";

/**
 * POST /v1/databases — a database under a page with its first data source (`initial_data_source`
 * from 2025-09-03, `properties` under 2022-06-28).
 */
export async function createDatabase(ctx: Ctx, input: CreateDatabaseInput) {
  requireCap(ctx, "insert_content");
  if (input.parent.type === "workspace")
    throw errors.validation("Creating a database at the workspace level is only supported for public integrations.");
  if (input.parent.type !== "page_id") throw errors.validation("body.parent should be a page_id parent.");
  return ctx.store.write(async (tx) => {
    const parent = (await loadPageParent(tx, ctx, input.parent))!;
    assertNotTrashed(parent);
    const ws = ctx.actor.workspace.id;
    const resolver = mentionResolver(tx, ctx);
    const icon = (await storedIcon(tx, ctx, input.icon)) ?? null;
    const title = await normalizeRichText(input.title ?? [], resolver);
    const [position] = await placeChildren(tx, ws, parent.id, 1, { type: "end" });
    const db = newNode(ctx, {
      id: ctx.ids(),
      type: "database",
      parent_type: childParentType(parent),
      parent_id: parent.id,
      position,
      data: { title, description: await normalizeRichText(input.description ?? [], resolver), is_inline: input.is_inline ?? false },
      icon,
      cover: input.cover ?? null,
    });
    const dsId = ctx.ids();
    const owner = { id: dsId, databaseId: db.id, title: plainText(title) };
    const schema = await createSchema(tx, ctx, owner, input.properties ?? {});
    const ds = newNode(ctx, {
      id: dsId,
      type: "data_source",
      parent_type: "database_id",
      parent_id: db.id,
      position: 1,
      data: { title, description: [], properties: schema.properties, counters: {} },
      icon,
    });
    await tx.insertNodes([db, ds]);
    await touchParentPage(tx, ctx, parent);
    const own = await applySynced(tx, ctx, schema.synced, { id: ds.id, properties: schema.properties });
    if (own !== schema.properties) {
      ds.data = { ...ds.data, properties: own };
      await tx.updateNode(ds);
    }
    // "…its first data source, and its first table view, all in one API call" (reference/database-create).
    await addDefaultView(tx, ctx, db.id, ds);
    if (!hasCap(ctx.actor, "read_content")) return { object: "database" as const, id: db.id };
    const dsNode = await dataSourceAsSeen(tx, ctx, { ...ds, has_children: false } as DataSourceNode);
    const { db: dbNode, sources } = await databaseAsSeen(tx, ctx, { ...db, has_children: true } as DatabaseNode, [dsNode]);
    return ctx.version === "2022-06-28" ? presentLegacyDatabase(dbNode, dsNode, ctx.publicUrl(), fileUrlsFor(ctx)) : presentDatabase(dbNode, sources, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}
