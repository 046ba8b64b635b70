/** A view as the caller may see it: full (property names as they are now) with read content, partial without. */
import type { Tx } from "../../storage/types.js";
import type { ViewRow } from "../../storage/views.js";
import type { Ctx } from "../context.js";
import type { PropertySchema } from "../properties/schema.js";
import type { DataSourceNode } from "../databases/model.js";
import { hasCap, seenNode } from "../access.js";
import { liveFilter, liveQuickFilters, liveSorts, namedFilter } from "./conditions.js";
import { shownConfiguration } from "./configuration.js";
import { partialView, presentView, type ShownConditions } from "../../present/view.js";

/** The schema of the view's data source when the integration can read it (else names stay ids). */
export async function readableSchema(tx: Tx, ctx: Ctx, dataSourceId: string | null): Promise<PropertySchema[] | null> {
  if (dataSourceId === null) return null;
  const ds = await seenNode(tx, ctx.actor, dataSourceId);
  if (!ds || ds.type !== "data_source") return null;
  return (ds as DataSourceNode).data.properties;
}

/** The stored conditions and configuration as responses show them. */
export function shownConditions(ctx: Ctx, view: ViewRow, schema: PropertySchema[] | null): ShownConditions {
  if (!schema) return { filter: view.filter, sorts: view.sorts, quick_filters: view.quick_filters, configuration: shownConfiguration(view.configuration, null) };
  return {
    filter: namedFilter(liveFilter(ctx, view.filter, schema), schema),
    sorts: liveSorts(view.sorts, schema, true),
    quick_filters: liveQuickFilters(ctx, view.quick_filters, schema, true),
    configuration: shownConfiguration(view.configuration, schema),
  };
}

/** The view object for the caller: partial without read content (as pages are, domain/pages/shared.ts). */
export async function viewResponse(tx: Tx, ctx: Ctx, view: ViewRow) {
  if (!hasCap(ctx.actor, "read_content")) return partialView(view);
  return presentView(view, shownConditions(ctx, view, await readableSchema(tx, ctx, view.data_source_id)), ctx.publicUrl());
}
