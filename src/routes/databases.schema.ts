/** Request schemas of /v1/databases and /v1/data_sources. */
import type { FastifyRequest } from "fastify";
import { V, boolean, check, fail, isObject, nullable, number, object, oneOf, string, uuid, Invalid } from "../api/validate.js";
import type { ListTemplatesInput } from "../domain/templates/list-templates.js";
import { queryPagination } from "./helpers.js";
import { LIMITS } from "../api/limits.js";
import type { QueryInput } from "../domain/databases/query-data-source.js";
import { hasArchived, type ApiVersion } from "../api/version.js";
import { coverRequest, iconRequest } from "../domain/values.js";
import { richText } from "../domain/rich-text.js";
import { propertyRequest, type PropertyRequest } from "../domain/properties/schema.js";
import { parentInput } from "./pages.schema.js";
import type { CreateDatabaseInput, CreateDataSourceInput, UpdateDatabaseInput, UpdateDataSourceInput } from "../domain/databases/inputs.js";
import { dict } from "../lib/dict.js";

type Json = Record<string, unknown>;

/**
 * A `properties` key is a property's name (or, in updates, its id): no longer than a name may be
 * (a key over the limit would otherwise become the name of a new property).
 */
function propertyKey(key: string, path: string): void {
  if (key.length > LIMITS.PROPERTY_NAME) fail(path, `should have property names of at most \`${LIMITS.PROPERTY_NAME}\` characters`, key);
}

/** `properties` of a create request: every value a property definition. */
function createProperties(value: unknown, path: string): Record<string, PropertyRequest> {
  if (!isObject(value)) fail(path, "should be an object", value);
  const out = dict<PropertyRequest>();
  for (const [k, v] of Object.entries(value)) {
    propertyKey(k, path);
    out[k] = propertyRequest(v, `${path}.${k}`);
  }
  return out;
}

/** `properties` of an update request: a definition, a rename, or null to remove. */
function updateProperties(value: unknown, path: string): Record<string, PropertyRequest | null> {
  if (!isObject(value)) fail(path, "should be an object", value);
  const out = dict<PropertyRequest | null>();
  for (const [k, v] of Object.entries(value)) {
    propertyKey(k, path);
    out[k] = v === null ? null : propertyRequest(v, `${path}.${k}`);
  }
  return out;
}

function trashFlag(body: Json, path: string, version: ApiVersion): boolean | undefined {
  if (body.archived !== undefined && !hasArchived(version)) fail(`${path}.archived`, "should be not present", body.archived);
  const inTrash = body.in_trash === undefined ? undefined : boolean()(body.in_trash, `${path}.in_trash`);
  const archived = body.archived === undefined ? undefined : boolean()(body.archived, `${path}.archived`);
  return inTrash ?? archived;
}

function common(body: Json, path: string) {
  const out: { title?: ReturnType<ReturnType<typeof richText>>; description?: ReturnType<ReturnType<typeof richText>>; icon?: Json | null; cover?: Json | null; is_inline?: boolean } = {};
  if (body.title !== undefined) out.title = richText()(body.title, `${path}.title`);
  if (body.description !== undefined) out.description = richText()(body.description, `${path}.description`);
  if (body.icon !== undefined) out.icon = nullable(iconRequest())(body.icon, `${path}.icon`);
  if (body.cover !== undefined) out.cover = nullable(coverRequest())(body.cover, `${path}.cover`);
  if (body.is_inline !== undefined) out.is_inline = boolean()(body.is_inline, `${path}.is_inline`);
  return out;
}

export const createDatabaseInput =
  (version: ApiVersion): V<CreateDatabaseInput> =>
  (value, path) => {
    const body = value as Json;
    const parent = parentInput(body.parent, `${path}.parent`);
    const input: CreateDatabaseInput = { parent, ...common(body, path) };
    if (version === "2022-06-28") {
      input.properties = createProperties(body.properties, `${path}.properties`);
    } else {
      if (body.properties !== undefined) fail(`${path}.properties`, "should be not present", body.properties);
      const initial = body.initial_data_source;
      if (initial !== undefined) {
        if (!isObject(initial)) fail(`${path}.initial_data_source`, "should be an object", initial);
        if (initial.properties !== undefined) input.properties = createProperties(initial.properties, `${path}.initial_data_source.properties`);
      }
    }
    return input;
  };

export const updateDatabaseInput =
  (version: ApiVersion): V<UpdateDatabaseInput> =>
  (value, path) => {
    const body = value as Json;
    const input: UpdateDatabaseInput = { ...common(body, path) };
    if (body.parent !== undefined) input.parent = parentInput(body.parent, `${path}.parent`);
    const trash = trashFlag(body, path, version);
    if (trash !== undefined) input.in_trash = trash;
    if (body.is_locked !== undefined) input.is_locked = boolean()(body.is_locked, `${path}.is_locked`);
    if (body.properties !== undefined) {
      if (version !== "2022-06-28") fail(`${path}.properties`, "should be not present", body.properties);
      input.properties = updateProperties(body.properties, `${path}.properties`);
    }
    return input;
  };

const databaseParent = object({ database_id: uuid() });

export const createDataSourceInput: V<CreateDataSourceInput> = (value, path) => {
  const body = value as Json;
  const parent = databaseParent(body.parent, `${path}.parent`);
  if (body.properties === undefined) fail(`${path}.properties`, "should be defined", undefined);
  const c = common(body, path);
  return { databaseId: parent.database_id, title: c.title, icon: c.icon, properties: createProperties(body.properties, `${path}.properties`) };
};

export const updateDataSourceInput =
  (version: ApiVersion): V<UpdateDataSourceInput> =>
  (value, path) => {
    const body = value as Json;
    const c = common(body, path);
    if (c.cover !== undefined) throw new Invalid([`${path}.cover should be not present, instead was \`${JSON.stringify(body.cover)}\`.`]);
    const input: UpdateDataSourceInput = { title: c.title, description: c.description, icon: c.icon };
    const trash = trashFlag(body, path, version);
    if (trash !== undefined) input.in_trash = trash;
    if (body.parent !== undefined) input.databaseId = databaseParent(body.parent, `${path}.parent`).database_id;
    if (body.properties !== undefined) input.properties = updateProperties(body.properties, `${path}.properties`);
    for (const k of Object.keys(input) as (keyof UpdateDataSourceInput)[]) if (input[k] === undefined) delete input[k];
    return input;
  };

/** Body of a data-source (or legacy database) query; filter and sorts are parsed against the schema later. */
export const queryInput =
  (version: ApiVersion): V<Omit<QueryInput, "filter_properties">> =>
  (value, path) => {
    const body = value as Json;
    const input: Omit<QueryInput, "filter_properties"> = { filter: body.filter, sorts: body.sorts, page_size: 100, in_trash: false };
    if (body.start_cursor !== undefined && body.start_cursor !== null) input.start_cursor = string()(body.start_cursor, `${path}.start_cursor`);
    if (body.page_size !== undefined) input.page_size = number({ integer: true, min: 1, max: LIMITS.PAGE_SIZE_MAX })(body.page_size, `${path}.page_size`);
    const trash = trashFlag(body, path, version);
    if (trash !== undefined) input.in_trash = trash;
    if (body.result_type !== undefined) input.result_type = oneOf(["page", "data_source"] as const)(body.result_type, `${path}.result_type`);
    return input;
  };

/** Query of GET /v1/data_sources/{id}/templates: `name`, `start_cursor` (a template id), `page_size`. */
export function templatesQuery(req: FastifyRequest): ListTemplatesInput {
  const { cursor, pageSize } = queryPagination(req);
  const q = (req.query ?? {}) as Record<string, string | string[] | undefined>;
  const raw = Array.isArray(q.name) ? q.name[0] : q.name;
  const name = raw === undefined ? undefined : check("query", (v, p) => string({ maxLength: 2000 })(v, `${p}.name`), raw);
  return { cursor, pageSize, name };
}
