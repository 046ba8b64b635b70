/**
 * PATCH /v1/views/{id} — name, filter, sorts, quick filters, configuration. "Only the provided
 * fields are updated; omitted fields are left unchanged. To clear a field, pass null."
 * (developers.notion.com/reference/update-a-view). The type cannot change.
 */
import type { Ctx } from "../context.js";
import { requireCap } from "../access.js";
import { fail } from "../../api/validate.js";
import { loadDataSource } from "../databases/model.js";
import { assertEditable, loadView, touchView } from "./model.js";
import { storedFilter, storedQuickFilters, storedSorts } from "./conditions.js";
import { updatedConfiguration } from "./configuration.js";
import { viewResponse } from "./show.js";
import type { UpdateViewInput } from "./inputs.js";

/** Needs update content (developers.notion.com/reference/update-a-view). */
export async function updateView(ctx: Ctx, id: string, input: UpdateViewInput) {
  requireCap(ctx, "update_content");
  return ctx.store.write(async (tx) => {
    const loaded = await loadView(tx, ctx, id);
    assertEditable(loaded);
    const view = loaded.view;
    if (input.name !== undefined) view.name = input.name;
    if (view.data_source_id === null) {
      // A dashboard shows no data source of its own: nothing to filter, sort or configure.
      for (const key of ["filter", "sorts", "quick_filters", "configuration"] as const)
        if (input[key] !== undefined) fail(`body.${key}`, "should be not present for a dashboard view", input[key]);
    } else if (input.filter !== undefined || input.sorts !== undefined || input.quick_filters !== undefined || input.configuration !== undefined) {
      const schema = (await loadDataSource(tx, ctx, view.data_source_id)).data.properties;
      if (input.filter !== undefined) view.filter = storedFilter(ctx, input.filter, schema);
      if (input.sorts !== undefined) view.sorts = storedSorts(input.sorts, schema, true);
      if (input.quick_filters !== undefined) view.quick_filters = storedQuickFilters(ctx, input.quick_filters, schema, view.quick_filters);
      if (input.configuration !== undefined) {
        if (input.configuration.type !== view.type) fail("body.configuration.type", `should be \`${JSON.stringify(view.type)}\``, input.configuration.type);
        view.configuration = updatedConfiguration(view.configuration, input.configuration, schema);
      }
    }
    await tx.views.update(touchView(view, ctx));
    return viewResponse(tx, ctx, view);
  });
}
