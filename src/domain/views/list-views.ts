/**
 * GET /v1/views — the views of a database and/or of a data source ("At least one of database_id
 * or data_source_id is required", developers.notion.com/reference/list-views). With both, the
 * views of that database over that data source. References `{object: "view", id}`, in tab
 * order (each dashboard followed by its widgets); cursors are view ids.
 */
import type { ViewRow } from "../../storage/views.js";
import type { Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { canSee, requireCap } from "../access.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { loadDatabase, loadDataSource } from "../databases/model.js";
import { invalidCursor } from "../pagination.js";
import { listedViews } from "./model.js";
import { presentViewList } from "../../present/view.js";
import type { ListViewsInput } from "./inputs.js";

/** Needs read content (developers.notion.com/reference/list-views). */
export async function listViews(ctx: Ctx, input: ListViewsInput) {
  requireCap(ctx, "read_content");
  if (input.database_id === undefined && input.data_source_id === undefined)
    throw invalidToApiError("query", new Invalid(["query.database_id should be defined, instead was `undefined`.", "query.data_source_id should be defined, instead was `undefined`."], true));
  return ctx.store.read(async (tx) => {
    const views = await listedViews(tx, ctx, await candidates(tx, ctx, input));
    let start = 0;
    if (input.cursor !== null) {
      start = views.findIndex((v) => v.id === input.cursor);
      if (start < 0) throw invalidCursor(input.cursor);
    }
    const page = views.slice(start, start + input.pageSize);
    const next = views[start + input.pageSize]?.id ?? null;
    return presentViewList(page, next);
  });
}

/** The views asked for, each in a database the integration can see (a data source's views may sit in others). */
async function candidates(tx: Tx, ctx: Ctx, input: ListViewsInput): Promise<ViewRow[]> {
  const ws = ctx.actor.workspace.id;
  if (input.database_id !== undefined) {
    const db = await loadDatabase(tx, ctx, input.database_id);
    if (input.data_source_id !== undefined) await loadDataSource(tx, ctx, input.data_source_id);
    const views = await tx.views.listByDatabase(ws, db.id);
    return input.data_source_id === undefined ? views : views.filter((v) => v.data_source_id === input.data_source_id);
  }
  const ds = await loadDataSource(tx, ctx, input.data_source_id!);
  const all = await tx.views.listByDataSource(ws, ds.id);
  const seen = new Map<string, boolean>();
  const out: ViewRow[] = [];
  // Its own database's views first, then linked views elsewhere.
  for (const v of [...all.filter((v) => v.database_id === ds.parent_id), ...all.filter((v) => v.database_id !== ds.parent_id)]) {
    if (!seen.has(v.database_id)) seen.set(v.database_id, await canSee(tx, ctx.actor, v.database_id));
    if (seen.get(v.database_id)) out.push(v);
  }
  return out;
}
