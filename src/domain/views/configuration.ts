/**
 * A view's `configuration` against its data source: the properties it names (by id or name,
 * stored by id) must exist with a type that fits where they are used; an update merges into the
 * stored configuration; responses add the current `*_name` of each property (the SDK's response
 * types). Shapes are checked before, in src/routes/view-configuration.schema.ts.
 */
import type { PropertySchema, PropertyType } from "../properties/schema.js";
import { encodePropertyId } from "../properties/schema.js";
import { errors } from "../../api/errors.js";
import { fail } from "../../api/validate.js";
import { findProperty } from "../../query/index.js";
import type { ViewType } from "./model.js";

type Json = Record<string, unknown>;
type Schema = readonly PropertySchema[];

/** The property type each group-by type groups (the SDK's GroupByConfigRequest members). */
const GROUPED: Record<string, PropertyType> = {
  select: "select", multi_select: "multi_select", status: "status", person: "people", created_by: "created_by",
  last_edited_by: "last_edited_by", relation: "relation", date: "date", created_time: "created_time",
  last_edited_time: "last_edited_time", text: "rich_text", title: "title", url: "url", email: "email",
  phone_number: "phone_number", number: "number", checkbox: "checkbox", formula: "formula",
};
const GROUP_TYPE_OF = Object.fromEntries(Object.entries(GROUPED).map(([g, p]) => [p, g])) as Record<string, string>;
const DATE_TYPES: readonly PropertyType[] = ["date", "created_time", "last_edited_time"];
const GROUP_KEYS = ["group_by", "sub_group_by", "x_axis", "stack_by"];

/** A property named in a configuration, resolved to its id; `types` (when given) are the ones it may have. */
function property(schema: Schema, ref: unknown, path: string, types?: readonly PropertyType[], what?: string): string {
  if (typeof ref !== "string") fail(path, "should be a string", ref);
  const prop = findProperty(schema, ref);
  if (!prop) throw errors.validation(`Could not find property with name or id: ${ref}`);
  // Wording unconfirmed: Notion's text for a property of the wrong type in a view configuration.
  if (types && !types.includes(prop.type)) fail(path, `should be the id of ${what} property`, ref);
  return prop.id;
}

function groupBy(schema: Schema, group: Json, path: string): Json {
  const id = property(schema, group.property_id, `${path}.property_id`);
  const prop = schema.find((p) => p.id === id)!;
  const expected = GROUP_TYPE_OF[prop.type];
  if (!expected) fail(`${path}.property_id`, "should be the id of a property views can group by", group.property_id);
  if (group.type !== expected) fail(`${path}.type`, `should be \`"${expected}"\` for property \`${prop.name}\``, group.type);
  return { ...group, property_id: id };
}

const properties = (schema: Schema, list: Json[], path: string) =>
  list.map((p, i) => ({ ...p, property_id: property(schema, p.property_id, `${path}[${i}].property_id`) }));

/** Resolves and checks every property a configuration names; returns it with ids. */
function resolve(schema: Schema, config: Json, path: string): Json {
  const out: Json = { ...config };
  for (const key of ["properties", "table_properties"]) if (Array.isArray(out[key])) out[key] = properties(schema, out[key] as Json[], `${path}.${key}`);
  for (const key of GROUP_KEYS) if (out[key]) out[key] = groupBy(schema, out[key] as Json, `${path}.${key}`);
  for (const key of ["date_property_id", "end_date_property_id"]) if (typeof out[key] === "string") out[key] = property(schema, out[key], `${path}.${key}`, DATE_TYPES, "a date");
  if (typeof out.map_by === "string") out.map_by = property(schema, out.map_by, `${path}.map_by`, ["place"], "a place");
  for (const key of ["x_axis_property_id", "y_axis_property_id"]) if (typeof out[key] === "string") out[key] = property(schema, out[key], `${path}.${key}`);
  for (const key of ["y_axis", "value"]) {
    const agg = out[key] as Json | undefined;
    if (agg && agg.property_id !== undefined) out[key] = { ...agg, property_id: property(schema, agg.property_id, `${path}.${key}.property_id`) };
  }
  const cover = out.cover as Json | undefined;
  if (cover?.type === "property") out.cover = { ...cover, property_id: property(schema, cover.property_id, `${path}.cover.property_id`, ["files"], "a files") };
  const subtasks = out.subtasks as Json | undefined;
  if (subtasks) {
    const s = { ...subtasks };
    if (s.property_id !== undefined) s.property_id = property(schema, s.property_id, `${path}.subtasks.property_id`, ["relation"], "a relation");
    if (s.toggle_column_id !== undefined) s.toggle_column_id = property(schema, s.toggle_column_id, `${path}.subtasks.toggle_column_id`);
    out.subtasks = s;
  }
  const arrows = out.arrows_by as Json | undefined;
  if (arrows && typeof arrows.property_id === "string") out.arrows_by = { ...arrows, property_id: property(schema, arrows.property_id, `${path}.arrows_by.property_id`, ["relation"], "a relation") };
  return out;
}

/** `null` clears a field (developers.notion.com/reference/update-a-view); absent fields are kept. */
function merge(current: Json, patch: Json): Json {
  const out: Json = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * What a view gets without a configuration: `{type}` (as recorded for a table view), with the
 * settings its type cannot do without picked as Notion's UI picks them when a view is added —
 * a board grouped by the first status, select or multi-select property, a calendar or timeline
 * on the first date property, a column chart. Unconfirmed for the API (docs/design/views.md).
 */
function defaults(type: ViewType, schema: Schema): Json {
  const first = (types: PropertyType[]) => types.map((t) => schema.find((p) => p.type === t)).find((p) => p !== undefined);
  switch (type) {
    case "board": {
      const p = first(["status", "select", "multi_select"]);
      if (!p) fail("body.configuration.group_by", "should be defined", undefined);
      const group = p.type === "status" ? { type: "status", property_id: p.id, group_by: "group", sort: { type: "manual" } } : { type: p.type, property_id: p.id, sort: { type: "manual" } };
      return { type, group_by: group };
    }
    case "calendar":
    case "timeline": {
      const p = first(["date", "created_time", "last_edited_time"]);
      if (!p) fail("body.configuration.date_property_id", "should be defined", undefined);
      return { type, date_property_id: p.id };
    }
    case "chart":
      return { type, chart_type: "column" };
    case "dashboard":
      return { type, rows: [] };
    default:
      return { type };
  }
}

/** The configuration a new view stores: the request's (nulls dropped) or the type's defaults. */
export function newConfiguration(type: ViewType, request: Json | undefined, schema: Schema): Json {
  if (type === "dashboard" || request === undefined) return defaults(type, schema);
  return resolve(schema, merge({}, request), "body.configuration");
}

/** An update's configuration merged into the stored one (its type already checked to be the view's). */
export function updatedConfiguration(current: Json, patch: Json, schema: Schema): Json {
  return resolve(schema, merge(current, patch), "body.configuration");
}

const named = (id: string, schema: Schema | null): string | undefined => schema?.find((p) => p.id === id)?.name;

/** `{…, property_id (encoded), <nameKey>: current name, …}`: the name right after the id, when the property exists. */
function withName(obj: Json, idKey: string, nameKey: string, schema: Schema | null): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k !== idKey || typeof v !== "string") {
      out[k] = v;
      continue;
    }
    out[k] = encodePropertyId(v);
    const name = named(v, schema);
    if (name !== undefined) out[nameKey] = name;
  }
  return out;
}

/** A stored configuration as responses show it; `schema` null when the data source cannot be read. */
export function shownConfiguration(config: Json, schema: Schema | null): Json {
  let out: Json = { ...config };
  for (const key of ["properties", "table_properties"]) if (Array.isArray(out[key])) out[key] = (out[key] as Json[]).map((p) => withName(p, "property_id", "property_name", schema));
  for (const key of GROUP_KEYS) if (out[key]) out[key] = withName(out[key] as Json, "property_id", "property_name", schema);
  out = withName(out, "date_property_id", "date_property_name", schema);
  out = withName(out, "end_date_property_id", "end_date_property_name", schema);
  out = withName(out, "map_by", "map_by_property_name", schema);
  for (const key of ["x_axis_property_id", "y_axis_property_id"]) if (typeof out[key] === "string") out[key] = encodePropertyId(out[key] as string);
  for (const key of ["y_axis", "value", "cover", "subtasks", "arrows_by"]) {
    const sub = out[key] as Json | undefined;
    if (sub && typeof sub.property_id === "string") out[key] = { ...sub, property_id: encodePropertyId(sub.property_id) };
  }
  const subtasks = out.subtasks as Json | undefined;
  if (subtasks && typeof subtasks.toggle_column_id === "string") out.subtasks = { ...subtasks, toggle_column_id: encodePropertyId(subtasks.toggle_column_id) };
  return out;
}
