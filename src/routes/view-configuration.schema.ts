/**
 * The request shape of a view's `configuration`, one per view type, as the SDK's
 * ViewConfigRequest (5.26, api-endpoints/common.d.ts) defines it; `null` on an optional field
 * clears it. Which properties the ids name is checked in src/domain/views/configuration.ts.
 */
import { Invalid, array, boolean, fail, isObject, nullable, number, object, oneOf, optional, string, type V } from "../api/validate.js";
import { MIN_VIEW_COLUMN_WIDTH } from "../domain/views/model.js";

type Json = Record<string, unknown>;

/** A union discriminated by `type`: the type first, then its shape. */
function byType(shapes: Record<string, V<Json>>): V<Json> {
  const types = Object.keys(shapes);
  return (value, path) => {
    if (!isObject(value)) fail(path, "should be an object", value);
    const type = oneOf(types)(value.type, `${path}.type`);
    return shapes[type](value, path);
  };
}

/** `0` (Sunday) or `1` (Monday). */
const dayOfWeek: V<0 | 1> = (value, path) => {
  if (value !== 0 && value !== 1) fail(path, "should be `0` or `1`", value);
  return value;
};

const opt = <T>(v: V<T>) => optional(nullable(v));
const groupSort = object({ type: oneOf(["manual", "ascending", "descending"] as const) });
const hide = optional(boolean());
const ranges = { range_start: optional(number()), range_end: optional(number()), range_size: optional(number({ min: 0 })) };
const DATE_GROUPS = ["relative", "day", "week", "month", "year"] as const;
const TEXT_GROUPS = ["exact", "alphabet_prefix"] as const;

const formulaGroupBy = byType({
  date: object({ type: oneOf(["date"]), group_by: oneOf(DATE_GROUPS), sort: groupSort, start_day_of_week: optional(dayOfWeek) }),
  text: object({ type: oneOf(["text"]), group_by: oneOf(TEXT_GROUPS), sort: groupSort }),
  number: object({ type: oneOf(["number"]), sort: groupSort, ...ranges }),
  checkbox: object({ type: oneOf(["checkbox"]), sort: groupSort }),
});

const simpleGroup = (types: string[]) => object({ type: oneOf(types), property_id: string(), sort: groupSort, hide_empty_groups: hide });
const dateGroup = object({ type: oneOf(["date", "created_time", "last_edited_time"]), property_id: string(), group_by: oneOf(DATE_GROUPS), sort: groupSort, hide_empty_groups: hide, start_day_of_week: optional(dayOfWeek) });
const textGroup = object({ type: oneOf(["text", "title", "url", "email", "phone_number"]), property_id: string(), group_by: oneOf(TEXT_GROUPS), sort: groupSort, hide_empty_groups: hide });

/** Group-by settings by property type (the SDK's GroupByConfigRequest). */
export const groupBy: V<Json> = byType({
  select: simpleGroup(["select"]),
  multi_select: simpleGroup(["multi_select"]),
  status: object({ type: oneOf(["status"]), property_id: string(), group_by: oneOf(["group", "option"]), sort: groupSort, hide_empty_groups: hide }),
  person: simpleGroup(["person"]),
  created_by: simpleGroup(["created_by"]),
  last_edited_by: simpleGroup(["last_edited_by"]),
  relation: simpleGroup(["relation"]),
  date: dateGroup,
  created_time: dateGroup,
  last_edited_time: dateGroup,
  text: textGroup,
  title: textGroup,
  url: textGroup,
  email: textGroup,
  phone_number: textGroup,
  number: object({ type: oneOf(["number"]), property_id: string(), sort: groupSort, hide_empty_groups: hide, ...ranges }),
  checkbox: simpleGroup(["checkbox"]),
  formula: object({ type: oneOf(["formula"]), property_id: string(), group_by: formulaGroupBy, hide_empty_groups: hide }),
});

/**
 * One property's settings in a view. `width` is in pixels, at least the SDK's
 * MIN_VIEW_COLUMN_WIDTH (that Notion refuses narrower columns is unconfirmed).
 */
const propertyConfig = object({
  property_id: string(),
  visible: optional(boolean()),
  width: optional(number({ min: MIN_VIEW_COLUMN_WIDTH })),
  wrap: optional(boolean()),
  status_show_as: optional(oneOf(["select", "checkbox"])),
  card_property_width_mode: optional(oneOf(["full_line", "inline"])),
  date_format: optional(oneOf(["full", "short", "month_day_year", "day_month_year", "year_month_day", "relative"])),
  time_format: optional(oneOf(["12_hour", "24_hour", "hidden"])),
});
const properties = array(propertyConfig);
const cover = object({ type: oneOf(["page_cover", "page_content", "property"]), property_id: optional(string()) });
const cards = {
  cover: opt(cover),
  cover_size: opt(oneOf(["small", "medium", "large"])),
  cover_aspect: opt(oneOf(["contain", "cover"])),
  card_layout: opt(oneOf(["list", "compact"])),
};
const AGGREGATORS = [
  "count", "count_values", "sum", "average", "median", "min", "max", "range", "unique", "empty", "not_empty",
  "percent_empty", "percent_not_empty", "checked", "unchecked", "percent_checked", "percent_unchecked",
  "earliest_date", "latest_date", "date_range",
] as const;
const aggregation = object({ aggregator: oneOf(AGGREGATORS), property_id: optional(string()) });
const referenceLine = object({
  value: number(),
  label: string(),
  color: oneOf(["gray", "lightgray", "brown", "yellow", "orange", "green", "blue", "purple", "pink", "red"]),
  dash_style: oneOf(["solid", "dash"]),
  id: optional(string()),
});
const HEIGHTS = ["small", "medium", "large", "extra_large"] as const;

const SHAPES: Record<string, V<Json>> = {
  table: object({
    type: oneOf(["table"]),
    properties: opt(properties),
    group_by: opt(groupBy),
    subtasks: opt(object({
      property_id: optional(string()),
      display_mode: optional(oneOf(["show", "hidden", "flattened", "disabled"])),
      filter_scope: optional(oneOf(["parents", "parents_and_subitems", "subitems"])),
      toggle_column_id: optional(string()),
    })),
    wrap_cells: optional(boolean()),
    frozen_column_index: optional(number({ integer: true, min: 0 })),
    show_vertical_lines: optional(boolean()),
  }),
  board: object({ type: oneOf(["board"]), group_by: groupBy, sub_group_by: opt(groupBy), properties: opt(properties), ...cards }),
  calendar: object({ type: oneOf(["calendar"]), date_property_id: string(), properties: opt(properties), view_range: opt(oneOf(["week", "month"])), show_weekends: opt(boolean()) }),
  timeline: object({
    type: oneOf(["timeline"]),
    date_property_id: string(),
    end_date_property_id: opt(string()),
    properties: opt(properties),
    show_table: opt(boolean()),
    table_properties: opt(properties),
    preference: opt(object({ zoom_level: oneOf(["hours", "day", "week", "bi_week", "month", "quarter", "year", "5_years"]), center_timestamp: optional(number()) })),
    arrows_by: opt(object({ property_id: opt(string()) })),
    color_by: opt(boolean()),
  }),
  gallery: object({ type: oneOf(["gallery"]), properties: opt(properties), ...cards }),
  list: object({ type: oneOf(["list"]), properties: opt(properties) }),
  form: object({
    type: oneOf(["form"]),
    is_form_closed: opt(boolean()),
    anonymous_submissions: opt(boolean()),
    submission_permissions: opt(oneOf(["none", "comment_only", "reader", "read_and_write", "editor"])),
  }),
  chart: object({
    type: oneOf(["chart"]),
    chart_type: oneOf(["column", "bar", "line", "donut", "number"]),
    x_axis: opt(groupBy),
    y_axis: opt(aggregation),
    x_axis_property_id: opt(string()),
    y_axis_property_id: opt(string()),
    value: opt(aggregation),
    sort: opt(oneOf(["manual", "x_ascending", "x_descending", "y_ascending", "y_descending"])),
    color_theme: opt(oneOf(["gray", "blue", "yellow", "green", "purple", "teal", "orange", "pink", "red", "auto", "colorful"])),
    height: opt(oneOf(HEIGHTS)),
    hide_empty_groups: opt(boolean()),
    legend_position: opt(oneOf(["off", "bottom", "side"])),
    show_data_labels: opt(boolean()),
    axis_labels: opt(oneOf(["none", "x_axis", "y_axis", "both"])),
    grid_lines: opt(oneOf(["none", "horizontal", "vertical", "both"])),
    cumulative: opt(boolean()),
    smooth_line: opt(boolean()),
    hide_line_fill_area: opt(boolean()),
    group_style: opt(oneOf(["normal", "percent", "side_by_side"])),
    y_axis_min: opt(number()),
    y_axis_max: opt(number()),
    donut_labels: opt(oneOf(["none", "value", "name", "name_and_value"])),
    hide_title: opt(boolean()),
    stack_by: opt(groupBy),
    reference_lines: opt(array(referenceLine)),
    caption: opt(string()),
    color_by_value: opt(boolean()),
  }),
  map: object({ type: oneOf(["map"]), height: opt(oneOf(HEIGHTS)), map_by: opt(string()), properties: opt(properties) }),
};

/**
 * A `configuration` for a view of type `viewType` (any type when undefined): its `type` must be
 * that type. Dashboards take none ("Dashboard views use rows to define their layout instead",
 * developers.notion.com/reference/view): the create schema refuses one first.
 */
export function configuration(viewType: string | undefined): V<Json> {
  const shaped = byType(SHAPES);
  return (value, path) => {
    if (isObject(value) && viewType !== undefined && value.type !== viewType) {
      if (value.type === undefined) throw new Invalid([`${path}.type should be defined, instead was \`undefined\`.`]);
      fail(`${path}.type`, `should be \`${JSON.stringify(viewType)}\``, value.type);
    }
    return shaped(value, path);
  };
}
