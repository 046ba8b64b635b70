/**
 * Data-source property schemas: every property type, its settings as stored, the request
 * validators for creating and changing them, and the response form.
 * Reference: developers.notion.com/reference/property-object
 */
import { randomBytes } from "node:crypto";
import { V, array, fail, isObject, nullable, object, oneOf, optional, string, uuid, Invalid } from "../../api/validate.js";
import { SELECT_COLORS, NUMBER_FORMATS, ROLLUP_FUNCTIONS } from "./constants.js";
import { LIMITS } from "../../api/limits.js";
import { PROPERTY_TYPES, type PropertySchema, type PropertyType, type SelectOption, type StatusGroup } from "../../api/properties.js";

export { PROPERTY_TYPES, type PropertyType, type SelectOption, type StatusGroup, type PropertySchema } from "../../api/properties.js";

/** Types whose values the API computes; page writes to them are refused. */
export const READ_ONLY_TYPES: ReadonlySet<PropertyType> = new Set([
  "formula", "rollup", "created_time", "created_by", "last_edited_time", "last_edited_by", "unique_id", "button",
]);

/** Types the API cannot create in a schema (they exist only where Notion makes them). */
const NOT_CREATABLE: ReadonlySet<string> = new Set(["verification"]);

const ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&()*+,-./:;<=>?@[]^_`{|}~";

/**
 * A new short property or option id, like Notion's (returned URL-encoded for properties). Never
 * with `..`: encodeURIComponent keeps dots, and the SDK refuses a path holding `..` (path
 * traversal), so such a property could not be read as an item.
 */
export function shortId(length = 4): string {
  for (;;) {
    const bytes = randomBytes(length);
    let s = "";
    for (let i = 0; i < length; i++) s += ID_CHARS[bytes[i] % ID_CHARS.length];
    if (!s.includes("..")) return s;
  }
}

/** Property ids appear URL-encoded in responses; `title` stays as it is. */
export const encodePropertyId = (id: string): string => encodeURIComponent(id);

const optionName = string({
  minLength: 1,
  maxLength: 100,
  check: { test: (s) => !s.includes(","), expectation: "should not contain commas" },
});

const optionRequest = object({
  id: optional(string()),
  name: optional(optionName),
  color: optional(oneOf(SELECT_COLORS)),
  description: optional(nullable(string({ maxLength: 1000 }))),
});

/** Merges requested options with the current ones: by id, then by name; new ones get ids. */
function options(value: unknown, path: string, current: SelectOption[]): SelectOption[] {
  const list = array(optionRequest, { maxLength: 1000 })(value, path);
  const out: SelectOption[] = [];
  const seen = new Set<string>();
  list.forEach((o, i) => {
    const existing = current.find((c) => (o.id !== undefined && c.id === o.id) || (o.name !== undefined && c.name === o.name));
    if (!existing && o.name === undefined) fail(`${path}[${i}].name`, "should be defined", undefined);
    const name = o.name ?? existing!.name;
    if (seen.has(name.toLowerCase())) throw new Invalid([`${path}[${i}].name should be unique among options, instead was \`${JSON.stringify(name)}\`.`]);
    seen.add(name.toLowerCase());
    out.push({
      id: existing?.id ?? shortId(),
      name,
      color: o.color ?? existing?.color ?? "default",
      description: o.description !== undefined ? o.description : existing?.description ?? null,
    });
  });
  return out;
}

/** Notion's defaults for a new status property (developers.notion.com/reference/property-object#status). */
export function defaultStatus(): { options: SelectOption[]; groups: StatusGroup[] } {
  const notStarted = { id: shortId(), name: "Not started", color: "default", description: null };
  const inProgress = { id: shortId(), name: "In progress", color: "blue", description: null };
  const done = { id: shortId(), name: "Done", color: "green", description: null };
  return {
    options: [notStarted, inProgress, done],
    groups: [
      { id: shortId(), name: "To-do", color: "gray", option_ids: [notStarted.id] },
      { id: shortId(), name: "In progress", color: "blue", option_ids: [inProgress.id] },
      { id: shortId(), name: "Complete", color: "green", option_ids: [done.id] },
    ],
  };
}

/** The relation and rollup settings name other objects; they are checked by the domain verb. */
export interface RelationRequest {
  data_source_id?: string;
  database_id?: string;
  kind: "single_property" | "dual_property";
  synced_property_name?: string;
  synced_property_id?: string;
}

export interface RollupRequest {
  function: string;
  relation_property_name?: string;
  relation_property_id?: string;
  rollup_property_name?: string;
  rollup_property_id?: string;
}

const emptyObject: V<Record<string, never>> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  return {};
};

const relationRequest: V<RelationRequest> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const ids = object({ data_source_id: optional(uuid()), database_id: optional(uuid()) })(value, path);
  if (!ids.data_source_id && !ids.database_id) fail(`${path}.data_source_id`, "should be defined", undefined);
  const dual = value.dual_property;
  if (dual !== undefined) {
    const d = object({ synced_property_name: optional(string({ maxLength: 100 })), synced_property_id: optional(string()) })(dual, `${path}.dual_property`);
    return { ...ids, kind: "dual_property", ...d };
  }
  if (value.single_property !== undefined) emptyObject(value.single_property, `${path}.single_property`);
  return { ...ids, kind: "single_property" };
};

const rollupRequest: V<RollupRequest> = (value, path) =>
  object({
    function: oneOf(ROLLUP_FUNCTIONS),
    relation_property_name: optional(string()),
    relation_property_id: optional(string()),
    rollup_property_name: optional(string()),
    rollup_property_id: optional(string()),
  })(value, path);

/** A validated schema change for one property: its type and raw settings. */
export interface PropertyRequest {
  type?: PropertyType;
  name?: string;
  description?: string | null;
  /** Type settings, validated but not yet resolved (relations, rollups, options). */
  settings?: unknown;
  /** Where the request sits in the body (`body.properties.<key>`), for errors found later. */
  path?: string;
}

/** Validates one entry of `properties` in a create/update request (not `null`, which removes). */
export const propertyRequest: V<PropertyRequest> = (value, path) => {
  if (!isObject(value)) fail(path, "should be an object", value);
  const out: PropertyRequest = { path };
  if (value.name !== undefined) out.name = string({ minLength: 1, maxLength: LIMITS.PROPERTY_NAME })(value.name, `${path}.name`);
  if (value.description !== undefined) out.description = nullable(string({ maxLength: 2000 }))(value.description, `${path}.description`);
  const declared = value.type;
  let type: string | undefined;
  if (declared !== undefined) {
    if (typeof declared !== "string" || !(PROPERTY_TYPES as readonly string[]).includes(declared)) fail(`${path}.type`, "should be a valid property type", declared);
    type = declared;
  } else type = PROPERTY_TYPES.find((t) => Object.prototype.hasOwnProperty.call(value, t) && value[t] !== undefined);
  if (type === undefined) {
    if (out.name === undefined && out.description === undefined)
      throw new Invalid(PROPERTY_TYPES.filter((t) => !NOT_CREATABLE.has(t)).map((t) => `${path}.${t} should be defined, instead was \`undefined\`.`), true);
    return out;
  }
  if (NOT_CREATABLE.has(type)) fail(`${path}.${type}`, "should be not present", value[type]);
  out.type = type as PropertyType;
  const raw = value[type] ?? {};
  const at = `${path}.${type}`;
  switch (type) {
    case "number":
      out.settings = object({ format: optional(oneOf(NUMBER_FORMATS)) })(raw, at);
      break;
    case "select":
    case "multi_select":
    case "status":
      out.settings = object({ options: optional(array(optionRequest, { maxLength: 1000 })) })(raw, at);
      break;
    case "formula":
      out.settings = object({ expression: string({ maxLength: 10000 }) })(raw, at);
      break;
    case "relation":
      out.settings = relationRequest(raw, at);
      break;
    case "rollup":
      out.settings = rollupRequest(raw, at);
      break;
    case "unique_id":
      out.settings = object({ prefix: optional(nullable(string({ maxLength: 20 }))) })(raw, at);
      break;
    default:
      out.settings = emptyObject(raw, at);
  }
  return out;
};

/** Settings for a type from a validated request, merged with the current settings when the type stays. */
export function resolveSimpleSettings(type: PropertyType, settings: unknown, current?: PropertySchema, path = "body.properties"): Record<string, unknown> {
  const same = current && current.type === type ? current.config : undefined;
  const s = (settings ?? {}) as Record<string, unknown>;
  const at = `${path}.${type}.options`;
  switch (type) {
    case "number":
      return { format: (s.format as string | undefined) ?? (same?.format as string | undefined) ?? "number" };
    case "select":
    case "multi_select": {
      const cur = (same?.options as SelectOption[] | undefined) ?? [];
      return { options: s.options === undefined ? cur : options(s.options, at, cur) };
    }
    case "status": {
      if (same) {
        const cur = same.options as SelectOption[];
        if (s.options === undefined) return same;
        const next = options(s.options, at, cur);
        const groups = (same.groups as StatusGroup[]).map((g) => ({ ...g, option_ids: g.option_ids.filter((id) => next.some((o) => o.id === id)) }));
        // New options join the first group ("To-do"), as in Notion.
        for (const o of next) if (!groups.some((g) => g.option_ids.includes(o.id))) groups[0].option_ids.push(o.id);
        return { options: next, groups };
      }
      const defaults = defaultStatus();
      if (s.options === undefined) return defaults;
      const next = options(s.options, at, []);
      return { options: next, groups: defaults.groups.map((g, i) => ({ ...g, option_ids: i === 0 ? next.map((o) => o.id) : [] })) };
    }
    case "formula":
      return { expression: s.expression };
    case "unique_id":
      return { prefix: s.prefix !== undefined ? s.prefix : (same?.prefix ?? null) };
    default:
      return {};
  }
}

export { uuid };
