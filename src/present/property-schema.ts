/** Property schemas in responses: `{id (URL-encoded), name, description, type, <type>: settings}`. */
import type { PropertySchema } from "../domain/properties/schema.js";
import { encodePropertyId } from "../domain/properties/schema.js";
import type { ApiVersion } from "../api/version.js";
import { presentReferences } from "../formula/index.js";

/** The data source a schema belongs to: formula references name it and its workspace. */
export interface SchemaOwner {
  dataSourceId: string;
  workspaceId: string;
}
import { dict } from "../lib/dict.js";

function settings(p: PropertySchema, version: ApiVersion, schema: readonly PropertySchema[], owner: SchemaOwner): Record<string, unknown> {
  const c = p.config;
  switch (p.type) {
    case "formula":
      // Stored with references by id (domain/properties/formulas.ts): answered in Notion's token
      // form, in every version (src/formula/references.ts).
      return typeof c.expression === "string" ? { ...c, expression: presentReferences(c.expression, schema, owner) } : c;
    case "relation": {
      const base: Record<string, unknown> =
        version === "2022-06-28" ? { database_id: c.database_id } : { database_id: c.database_id, data_source_id: c.data_source_id };
      if (c.kind === "dual_property")
        return { ...base, type: "dual_property", dual_property: { synced_property_name: c.synced_property_name, synced_property_id: encodePropertyId(c.synced_property_id as string) } };
      return { ...base, type: "single_property", single_property: {} };
    }
    case "rollup":
      return {
        function: c.function,
        relation_property_name: c.relation_property_name,
        relation_property_id: encodePropertyId(c.relation_property_id as string),
        rollup_property_name: c.rollup_property_name,
        rollup_property_id: encodePropertyId(c.rollup_property_id as string),
      };
    default:
      return c;
  }
}

/** One property; `schema` (its data source's properties) names what its formula refers to. */
export function presentPropertySchema(p: PropertySchema, version: ApiVersion, schema: readonly PropertySchema[], owner: SchemaOwner) {
  return { id: encodePropertyId(p.id), name: p.name, description: p.description, type: p.type, [p.type]: settings(p, version, schema, owner) };
}

/** The `properties` map of a data source (or legacy database), keyed by name in schema order. */
export function presentSchema(properties: PropertySchema[], version: ApiVersion, owner: SchemaOwner): Record<string, ReturnType<typeof presentPropertySchema>> {
  const out = dict<ReturnType<typeof presentPropertySchema>>();
  for (const p of properties) out[p.name] = presentPropertySchema(p, version, properties, owner);
  return out;
}
