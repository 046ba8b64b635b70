/**
 * Request schemas of /v1/views (the SDK's CreateViewRequest, UpdateViewRequest,
 * CreateViewQueryRequest, ListDatabaseViewsParameters; 5.26). Filters, sorts and quick filters
 * are JSON here: the verbs check them against the data source with the query grammar.
 */
import { Invalid, any, fail, isObject, number, object, oneOf, optional, string, uuid, type V } from "../api/validate.js";
import { LIMITS } from "../api/limits.js";
import { VIEW_TYPES } from "../domain/views/model.js";
import type { CreateViewInput, UpdateViewInput, ViewTarget } from "../domain/views/inputs.js";
import type { TabPosition, WidgetPlacement } from "../domain/views/placement.js";
import { configuration } from "./view-configuration.schema.js";

const rowIndex = number({ integer: true, min: 0 });

const position: V<TabPosition> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const type = oneOf(["start", "end", "after_view"])(value.type, `${path}.type`);
  return type === "after_view" ? { type, view_id: uuid()(value.view_id, `${path}.view_id`) } : { type };
};

const placement: V<WidgetPlacement> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const type = oneOf(["new_row", "existing_row"])(value.type, `${path}.type`);
  if (type === "existing_row") return { type, row_index: rowIndex(value.row_index, `${path}.row_index`) };
  const index = optional(rowIndex)(value.row_index, `${path}.row_index`);
  return index === undefined ? { type } : { type, row_index: index };
};

const createDatabase = object({
  parent: object({ type: optional(oneOf(["page_id"])), page_id: uuid() }),
  position: optional(object({ type: oneOf(["after_block"]), block_id: uuid() })),
});

const createBase = object({
  data_source_id: uuid(),
  name: string(),
  type: oneOf(VIEW_TYPES),
  database_id: optional(uuid()),
  view_id: optional(uuid()),
  create_database: optional(createDatabase),
  filter: optional(any()),
  sorts: optional(any()),
  quick_filters: optional(any()),
  position: optional(position),
  placement: optional(placement),
});

/**
 * Exactly one of `database_id`, `view_id` and `create_database` ("Returns a 400 … if more than one
 * … is provided, or if none is provided", developers.notion.com/reference/create-view; the wording
 * is unconfirmed). `position` goes with `database_id`, `placement` with `view_id`.
 */
function target(body: ReturnType<typeof createBase>, path: string): ViewTarget {
  const given = (["database_id", "view_id", "create_database"] as const).filter((k) => body[k] !== undefined);
  if (given.length === 0) throw new Invalid(["database_id", "view_id", "create_database"].map((k) => `${path}.${k} should be defined, instead was \`undefined\`.`), true);
  if (given.length > 1) fail(`${path}.${given[1]}`, `should be not present when \`${given[0]}\` is`, body[given[1]]);
  if (body.position !== undefined && body.database_id === undefined) fail(`${path}.position`, "should be not present without `database_id`", body.position);
  if (body.placement !== undefined && body.view_id === undefined) fail(`${path}.placement`, "should be not present without `view_id`", body.placement);
  if (body.database_id !== undefined) return { kind: "database", id: body.database_id };
  if (body.view_id !== undefined) return { kind: "dashboard", id: body.view_id };
  const c = body.create_database!;
  return c.position ? { kind: "new_database", pageId: c.parent.page_id, afterBlock: c.position.block_id } : { kind: "new_database", pageId: c.parent.page_id };
}

/** POST /v1/views. A dashboard takes no filter, sorts, quick filters or configuration. */
export const createViewInput: V<CreateViewInput> = (value, path) => {
  const body = createBase(value, path);
  const raw = value as Record<string, unknown>;
  // "View-specific configuration is available for all view types except dashboard" (reference/view).
  if (body.type === "dashboard" && raw.configuration !== undefined) fail(`${path}.configuration`, "should be not present", raw.configuration);
  const config = optional(configuration(body.type))(raw.configuration, `${path}.configuration`);
  if (body.type === "dashboard") {
    for (const key of ["filter", "sorts", "quick_filters"] as const)
      if (body[key] !== undefined && body[key] !== null) fail(`${path}.${key}`, "should be not present for a dashboard view", body[key]);
  }
  const input: CreateViewInput = { data_source_id: body.data_source_id, name: body.name, type: body.type, target: target(body, path) };
  if (body.filter !== null) input.filter = body.filter;
  if (body.sorts !== null) input.sorts = body.sorts;
  if (body.quick_filters !== null) input.quick_filters = body.quick_filters;
  if (config !== undefined) input.configuration = config;
  if (body.position) input.position = body.position;
  if (body.placement) input.placement = body.placement;
  return input;
};

/** PATCH /v1/views/{id}: every field optional; `null` clears filter, sorts and quick filters. */
export const updateViewInput: V<UpdateViewInput> = object({
  name: optional(string()),
  filter: optional(any()),
  sorts: optional(any()),
  quick_filters: optional(any()),
  configuration: optional(configuration(undefined)),
});

/** POST /v1/views/{id}/queries: `page_size` 1–100 (developers.notion.com/reference/create-view-query). */
export const createViewQueryInput = object({ page_size: optional(number({ integer: true, min: 1, max: LIMITS.PAGE_SIZE_MAX })) });

/** GET /v1/views: `database_id` and `data_source_id` from the query string. */
export const listViewsQuery = (value: unknown, path: string) => {
  const q = (isObject(value) ? value : {}) as Record<string, unknown>;
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return {
    database_id: optional(uuid())(first(q.database_id), `${path}.database_id`),
    data_source_id: optional(uuid())(first(q.data_source_id), `${path}.data_source_id`),
  };
};
