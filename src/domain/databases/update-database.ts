import type { Ctx } from "../context.js";
import { hasCap, requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertNotTrashed, childParentType, mentionResolver, placeChildren, touch } from "../nodes.js";
import { storedIcon } from "../custom-emojis/refs.js";
import { normalizeRichText } from "../rich-text.js";
import { loadPageParent, isWithin } from "../pages/shared.js";
import type { UpdateDatabaseInput } from "./inputs.js";
import { dataSourcesOf, loadDatabase, singleDataSource } from "./model.js";
import { databaseAsSeen, dataSourceAsSeen } from "./seen-schema.js";
import { applyDataSourceChanges } from "./update-data-source.js";
import { partialDatabase, presentDatabase, presentLegacyDatabase } from "../../present/database.js";
import { fileUrlsFor } from "../files/urls.js";

/**
 * PATCH /v1/databases/{id} — title, description, icon, cover, inline, trash, lock and parent;
 * under 2022-06-28 also the schema (`properties`) of its single data source.
 */
export async function updateDatabase(ctx: Ctx, id: string, input: UpdateDatabaseInput) {
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const db = await loadDatabase(tx, ctx, id);
    const edits = Object.keys(input).some((k) => k !== "in_trash");
    if (edits && (db.inherited_trash || (db.in_trash && input.in_trash !== false))) assertNotTrashed(db);
    const resolver = mentionResolver(tx, ctx);
    const data = { ...db.data };
    if (input.title !== undefined) data.title = await normalizeRichText(input.title, resolver);
    if (input.description !== undefined) data.description = await normalizeRichText(input.description, resolver);
    if (input.is_inline !== undefined) data.is_inline = input.is_inline;
    db.data = data;
    if (input.icon !== undefined) db.icon = await storedIcon(tx, ctx, input.icon);
    if (input.cover !== undefined) db.cover = input.cover;
    if (input.in_trash !== undefined) db.in_trash = input.in_trash;
    if (input.is_locked !== undefined) db.is_locked = input.is_locked;
    if (input.parent) {
      if (input.parent.type !== "page_id") throw errors.validation("body.parent should be a page_id parent.");
      const parent = (await loadPageParent(tx, ctx, input.parent))!;
      assertNotTrashed(parent);
      if (await isWithin(tx, ctx, parent.id, db.id)) throw errors.validation("A database cannot be moved into itself.");
      if (parent.id !== db.parent_id) {
        [db.position] = await placeChildren(tx, ctx.actor.workspace.id, parent.id, 1, { type: "end" });
        db.parent_type = childParentType(parent);
        db.parent_id = parent.id;
      }
    }
    await tx.updateNode(touch(db, ctx));
    if (ctx.version === "2022-06-28") {
      const ds = await singleDataSource(tx, ctx, db);
      if (input.properties !== undefined || input.title !== undefined)
        await applyDataSourceChanges(tx, ctx, ds, { properties: input.properties, title: input.title });
      if (!hasCap(ctx.actor, "read_content")) return partialDatabase(db.id);
      return presentLegacyDatabase((await databaseAsSeen(tx, ctx, db)).db, await dataSourceAsSeen(tx, ctx, ds), ctx.publicUrl(), fileUrlsFor(ctx));
    }
    if (!hasCap(ctx.actor, "read_content")) return partialDatabase(db.id);
    const seen = await databaseAsSeen(tx, ctx, db, await dataSourcesOf(tx, ctx, db.id));
    return presentDatabase(seen.db, seen.sources, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}
