import type { ChildPosition, NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { hasCap, requireCap } from "../access.js";
import { errors } from "../../api/errors.js";
import { assertNotTrashed, mentionResolver, placeChildren, touch } from "../nodes.js";
import { storedIcon } from "../custom-emojis/refs.js";
import { normalizeRichText, plainText } from "../rich-text.js";
import type { PropertyRequest, PropertySchema } from "../properties/schema.js";
import type { UpdateDataSourceInput } from "./inputs.js";
import { loadDatabase, loadDataSource, type DataSourceNode } from "./model.js";
import { dataSourceAsSeen, refuseUnseenChanges } from "./seen-schema.js";
import { updateSchema } from "./schema-changes.js";
import { applySynced } from "./write.js";
import { isWithin } from "../pages/shared.js";
import { convertValue } from "../properties/convert.js";
import { projectIdx } from "../../query/index.js";
import { partialDataSource, presentDataSource } from "../../present/database.js";
import { fileUrlsFor } from "../files/urls.js";
import { addDefaultView } from "../views/model.js";

/** PATCH /v1/data_sources/{id} — title, icon, schema changes, trash, and moving to another database. */
export async function updateDataSource(ctx: Ctx, id: string, input: UpdateDataSourceInput) {
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const ds = await loadDataSource(tx, ctx, id);
    const edits = input.title !== undefined || input.description !== undefined || input.icon !== undefined || input.properties !== undefined || input.databaseId !== undefined;
    if (edits && (ds.inherited_trash || (ds.in_trash && input.in_trash !== false))) assertNotTrashed(ds);
    await applyDataSourceChanges(tx, ctx, ds, input);
    const seen = await dataSourceAsSeen(tx, ctx, ds);
    if (!hasCap(ctx.actor, "read_content")) return partialDataSource(seen, ctx.version);
    const db = await loadDatabase(tx, ctx, ds.parent_id!);
    return presentDataSource(seen, db, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx));
  });
}

/** The changes of a data-source update, shared with the 2022-06-28 database update. */
export async function applyDataSourceChanges(tx: Tx, ctx: Ctx, ds: DataSourceNode, input: UpdateDataSourceInput): Promise<void> {
  const resolver = mentionResolver(tx, ctx);
  const data = { ...ds.data };
  if (input.title !== undefined) data.title = await normalizeRichText(input.title, resolver);
  if (input.description !== undefined) data.description = await normalizeRichText(input.description, resolver);
  if (input.icon !== undefined) ds.icon = await storedIcon(tx, ctx, input.icon);
  if (input.in_trash !== undefined) ds.in_trash = input.in_trash;
  if (input.databaseId !== undefined && input.databaseId !== ds.parent_id) {
    const target = await loadDatabase(tx, ctx, input.databaseId);
    assertNotTrashed(target);
    // A database under one of this data source's own rows would make the tree a cycle (as a page
    // cannot move into its descendants, move-page.ts).
    if (await isWithin(tx, ctx, target.id, ds.id)) throw errors.validation("A data source cannot be moved into a database inside its own pages.");
    [ds.position] = await placeChildren(tx, ctx.actor.workspace.id, target.id, 1, { type: "end" });
    ds.parent_id = target.id;
    // Rows name their database in `parent.database_id`: they follow the data source.
    for (const row of await rowsOf(tx, ctx, ds)) {
      row.data = { ...row.data, database_id: target.id };
      await tx.updateNode(row);
    }
    // Its views stay where they are, as linked views; the destination gets a standard table view
    // (developers.notion.com/reference/update-a-data-source).
    await addDefaultView(tx, ctx, target.id, ds);
  }
  if (input.properties !== undefined) {
    await refuseUnseenChanges(tx, ctx, data.properties, input.properties);
    const owner = { id: ds.id, databaseId: ds.parent_id!, title: plainText(data.title) };
    const change = await updateSchema(tx, ctx, owner, data.properties, input.properties);
    data.properties = (await applySynced(tx, ctx, change.synced, { id: ds.id, properties: change.properties }))!;
    // The store indexes rows by the schema it holds: it gets the new one before the rows.
    ds.data = data;
    await tx.updateNode(ds);
    await rewriteRows(tx, ctx, ds, data, change.removed, change.retyped, change.added.filter((p) => p.type === "unique_id"));
  }
  ds.data = data;
  await tx.updateNode(touch(ds, ctx));
}

/**
 * Values of removed properties are dropped from every row; values of retyped ones are converted
 * as Notion does (through their text, options created as needed); a new unique_id property
 * numbers the existing rows in creation order. Each row's `idx` is projected anew.
 */
async function rewriteRows(
  tx: Tx,
  ctx: Ctx,
  ds: DataSourceNode,
  data: DataSourceNode["data"],
  cleared: PropertySchema[],
  retyped: PropertySchema[],
  numbered: PropertySchema[],
) {
  if (cleared.length === 0 && retyped.length === 0 && numbered.length === 0) return;
  const counters = { ...data.counters };
  for (const p of numbered) counters[p.id] = 1;
  const rows = await rowsOf(tx, ctx, ds);
  rows.sort((a, b) => a.created_time - b.created_time || a.position - b.position);
  for (const row of rows) {
    const props = { ...(row.properties ?? {}) };
    for (const p of cleared) delete props[p.id];
    for (const before of retyped) {
      const after = data.properties.find((p) => p.id === before.id);
      const value = after ? convertValue(before, after, props[before.id]) : undefined;
      if (value === undefined) delete props[before.id];
      else props[before.id] = value;
    }
    for (const p of numbered) props[p.id] = counters[p.id]++;
    row.properties = props;
  }
  data.counters = counters;
  // Conversions may have added options: project every row against the final schema.
  for (const row of rows) {
    row.idx = projectIdx(data.properties, row.properties);
    await tx.updateNode(row);
  }
}

export type { PropertyRequest };
export { errors };

/** Row ids read at once (the rows themselves are all kept: a rewrite numbers them in creation order). */
const ROWS_AT_ONCE = 1000;

/** Every row (page) of a data source, trashed ones included (they can be restored). */
async function rowsOf(tx: Tx, ctx: Ctx, ds: DataSourceNode): Promise<NodeRow[]> {
  const ws = ctx.actor.workspace.id;
  const rows: NodeRow[] = [];
  let at: ChildPosition | null = null;
  for (;;) {
    const got = await tx.childPositions(ws, ds.id, at, ROWS_AT_ONCE);
    for (const { id } of got) {
      const node = await tx.getNode(ws, id);
      if (node?.type === "page") rows.push(node);
    }
    if (got.length < ROWS_AT_ONCE) return rows;
    at = got[got.length - 1];
  }
}
