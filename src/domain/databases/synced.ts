/**
 * The other side of a dual relation: what happens to its synced property (in the related data
 * source) when this side is renamed, removed, or made single.
 */
import type { PropertySchema } from "../properties/schema.js";

/** A change to another data source's schema caused by this one (the other side of a dual relation). */
export interface SyncedChange {
  dataSourceId: string;
  apply(properties: PropertySchema[]): PropertySchema[];
}

/** A relation kept in step with a synced property on the other side. */
export const isDual = (p: PropertySchema) => p.type === "relation" && p.config.kind === "dual_property";

/** The other side of a renamed dual relation names it anew in `synced_property_name`. */
export function renameSynced(prop: PropertySchema): SyncedChange {
  const name = prop.name;
  return {
    dataSourceId: prop.config.data_source_id as string,
    apply: (props) => props.map((p) => (p.id === prop.config.synced_property_id ? { ...p, config: { ...p.config, synced_property_name: name } } : p)),
  };
}

/** The other side of a removed dual relation loses its synced property too. */
export function unlinkSynced(prop: PropertySchema): SyncedChange {
  return {
    dataSourceId: prop.config.data_source_id as string,
    apply: (props) => props.filter((p) => p.id !== prop.config.synced_property_id),
  };
}

/**
 * The other side of a dual relation switched to `single_property` keeps its synced property, now a
 * one-way relation: "the two-way property is not removed from the target schema also it is no
 * longer a two-way relation" (ultimate-notion src/ultimate_notion/schema.py, with recorded
 * 2026-03-11 traffic: tests/cassettes test_update_prop_type_attrs #19–#20, where the property is
 * still there to delete). Its type and values afterwards are not recorded (inferred).
 */
export function detachSynced(prop: PropertySchema): SyncedChange {
  return {
    dataSourceId: prop.config.data_source_id as string,
    apply: (props) =>
      props.map((p) =>
        p.id === prop.config.synced_property_id && p.type === "relation"
          ? { ...p, config: { database_id: p.config.database_id, data_source_id: p.config.data_source_id, kind: "single_property" } }
          : p,
      ),
  };
}
