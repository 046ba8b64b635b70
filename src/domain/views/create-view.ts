/**
 * POST /v1/views — a view of one data source: in a database's tab bar (`database_id`), as a
 * widget of a dashboard view (`view_id`), or in a new linked database block on a page
 * (`create_database`). Reference: developers.notion.com/reference/create-view.
 */
import type { Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { errors } from "../../api/errors.js";
import { fail } from "../../api/validate.js";
import { assertNotTrashed } from "../nodes.js";
import { loadDatabase, loadDataSource, type DatabaseNode, type DataSourceNode } from "../databases/model.js";
import { assertEditable, inTrash, loadView, newView, touchView, type LoadedView } from "./model.js";
import { storedFilter, storedQuickFilters, storedSorts } from "./conditions.js";
import { newConfiguration } from "./configuration.js";
import { placeWidget, tabPosition } from "./placement.js";
import { createLinkedDatabase } from "./linked-database.js";
import { viewResponse } from "./show.js";
import type { CreateViewInput } from "./inputs.js";

/** Needs insert and update content ("Integration capabilities", developers.notion.com/reference/create-view). */
export async function createView(ctx: Ctx, input: CreateViewInput) {
  requireCap(ctx, "insert_content");
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const where = await loadTarget(tx, ctx, input);
    const ds = await loadDataSource(tx, ctx, input.data_source_id);
    // A linked database owns no data source: its views may show any the integration can see.
    if (where.database && !where.database.data.linked && ds.parent_id !== where.database.id)
      // Wording unconfirmed: Notion answers 400 when the data source is not one of the database's.
      fail("body.data_source_id", `should be the id of a data source of database ${where.database.id}`, input.data_source_id);
    if (await inTrash(tx, ctx, ds.id)) assertNotTrashed({ ...ds, in_trash: true });
    const schema = ds.data.properties;
    const configuration = newConfiguration(input.type, input.configuration, schema);
    const conditions = {
      filter: storedFilter(ctx, input.filter, schema),
      sorts: storedSorts(input.sorts, schema, false),
      quick_filters: storedQuickFilters(ctx, input.quick_filters, schema),
    };
    const database = where.database ?? (await newLinkedDatabase(tx, ctx, input, ds));
    const view = newView(ctx, {
      database_id: database.id,
      data_source_id: input.type === "dashboard" ? null : ds.id,
      dashboard_view_id: where.dashboard?.view.id ?? null,
      type: input.type,
      name: input.name,
      position: where.dashboard ? 0 : await tabPosition(tx, ctx, database.id, input.position),
      configuration,
      ...conditions,
    });
    await tx.views.insert(view);
    if (where.dashboard) {
      const dashboard = where.dashboard.view;
      placeWidget(ctx, dashboard, view.id, input.placement);
      await tx.views.update(touchView(dashboard, ctx));
    }
    return viewResponse(tx, ctx, view);
  });
}

/** The database (or dashboard) the view goes in, checked; none yet for `create_database`. */
async function loadTarget(tx: Tx, ctx: Ctx, input: CreateViewInput): Promise<{ database?: DatabaseNode; dashboard?: LoadedView }> {
  const target = input.target;
  if (target.kind === "database") {
    const database = await loadDatabase(tx, ctx, target.id);
    assertNotTrashed(database);
    return { database };
  }
  if (target.kind === "new_database") return {};
  const dashboard = await loadView(tx, ctx, target.id);
  // Wording unconfirmed: `view_id` must name a dashboard, and dashboards do not nest.
  if (dashboard.view.type !== "dashboard") fail("body.view_id", "should be the id of a dashboard view", target.id);
  if (input.type === "dashboard") fail("body.type", "should not be `\"dashboard\"` for a widget of a dashboard", input.type);
  assertEditable(dashboard);
  return { database: dashboard.database, dashboard };
}

/** `create_database`: the page must be visible and not in the trash; the block goes on it. */
async function newLinkedDatabase(tx: Tx, ctx: Ctx, input: CreateViewInput, ds: DataSourceNode): Promise<DatabaseNode> {
  if (input.target.kind !== "new_database") throw errors.internal();
  const page = await visibleNode(tx, ctx, input.target.pageId, "page", (n) => n.type === "page");
  assertNotTrashed(page);
  return createLinkedDatabase(tx, ctx, page, ds, input.target.afterBlock);
}
