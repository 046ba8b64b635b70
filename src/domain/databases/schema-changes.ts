/**
 * Applies the `properties` of a create or update request to a data source's schema: adds,
 * renames, retypes and removes properties; resolves relations (creating the synced property of
 * a dual relation in the related data source) and rollups.
 * Reference: developers.notion.com/reference/update-a-data-source
 */
import type { Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../api/errors.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { canSee, notFound, visibleNode } from "../access.js";
import {
  type PropertyRequest,
  type PropertySchema,
  type RelationRequest,
  type RollupRequest,
  resolveSimpleSettings,
  shortId,
} from "../properties/schema.js";
import type { DataSourceNode } from "./model.js";
import { findProperty } from "../../query/index.js";
import { checkFormulas, storeFormulaReferences } from "../properties/formulas.js";
import { detachSynced, isDual, renameSynced, unlinkSynced, type SyncedChange } from "./synced.js";
import { plainText } from "../rich-text.js";

/** The data source being changed: its id, its database, its title (for default synced names). */
export interface SchemaOwner {
  id: string;
  databaseId: string;
  title: string;
}

function bad(message: string): never {
  throw errors.validation(message);
}

function newId(taken: PropertySchema[]): string {
  for (;;) {
    const id = shortId();
    if (!taken.some((p) => p.id === id)) return id;
  }
}

/** Builds the schema of a new data source from `properties` (keys are names). */
export async function createSchema(tx: Tx, ctx: Ctx, owner: SchemaOwner, requests: Record<string, PropertyRequest>): Promise<{ properties: PropertySchema[]; synced: SyncedChange[] }> {
  const properties: PropertySchema[] = [];
  const synced: SyncedChange[] = [];
  const pending: [string, PropertyRequest][] = [];
  for (const [name, req] of Object.entries(requests)) {
    if (!req.type) bad(`body.properties.${name} should have a property type.`);
    if (req.type === "title") {
      if (properties.some((p) => p.type === "title")) bad("Only one title property is allowed in a data source.");
      properties.push({ id: "title", name: req.name ?? name, description: req.description ?? null, type: "title", config: {} });
    } else pending.push([name, req]);
  }
  if (!properties.some((p) => p.type === "title")) properties.unshift({ id: "title", name: "Name", description: null, type: "title", config: {} });
  // Every property exists first (in request order); relations are resolved before rollups name them.
  const made: [PropertySchema, PropertyRequest][] = [];
  for (const [name, req] of pending) {
    const finalName = req.name ?? name;
    if (properties.some((p) => p.name === finalName)) bad(`Property names must be unique: ${finalName}.`);
    const prop: PropertySchema = { id: newId(properties), name: finalName, description: req.description ?? null, type: req.type!, config: {} };
    properties.push(prop);
    made.push([prop, req]);
  }
  for (const [prop, req] of relationsFirst(made)) prop.config = await settingsFor(tx, ctx, owner, prop, req, properties, synced);
  checkFormulas(properties);
  const written = new Set(properties.filter((p) => p.type === "formula").map((p) => p.id));
  return { properties: storeFormulaReferences(properties, properties, written), synced };
}

/** Applies update `requests` (keys are names or ids; `null` removes) to `current`. */
export async function updateSchema(
  tx: Tx,
  ctx: Ctx,
  owner: SchemaOwner,
  current: PropertySchema[],
  requests: Record<string, PropertyRequest | null>,
): Promise<{ properties: PropertySchema[]; synced: SyncedChange[]; removed: PropertySchema[]; retyped: PropertySchema[]; added: PropertySchema[] }> {
  // Formulas stored before references were kept by id name properties by their current names.
  let properties = storeFormulaReferences(current).map((p) => ({ ...p }));
  const synced: SyncedChange[] = [];
  const removed: PropertySchema[] = [];
  const retyped: PropertySchema[] = [];
  const added: PropertySchema[] = [];
  const entries = relationsFirst(Object.entries(requests));
  for (const [key, req] of entries) {
    const existing = findProperty(properties, key);
    if (req === null) {
      if (!existing) bad(`${key} is not a property that exists.`);
      if (existing.type === "title") bad("The title property cannot be removed.");
      properties = properties.filter((p) => p !== existing);
      removed.push(existing);
      if (existing.type === "relation" && existing.config.kind === "dual_property") synced.push(unlinkSynced(existing));
      continue;
    }
    if (!existing) {
      if (!req.type) bad(`${key} is not a property that exists.`);
      if (req.type === "title") bad("Only one title property is allowed in a data source.");
      const name = req.name ?? key;
      if (properties.some((p) => p.name === name)) bad(`Property names must be unique: ${name}.`);
      const prop: PropertySchema = { id: newId(properties), name, description: req.description ?? null, type: req.type, config: {} };
      properties.push(prop);
      prop.config = await settingsFor(tx, ctx, owner, prop, req, properties, synced);
      added.push(prop);
      continue;
    }
    if (req.name !== undefined && req.name !== existing.name) {
      if (properties.some((p) => p !== existing && p.name === req.name)) bad(`Property names must be unique: ${req.name}.`);
      existing.name = req.name;
      if (isDual(existing)) synced.push(renameSynced(existing));
    }
    if (req.description !== undefined) existing.description = req.description;
    if (req.type) {
      if (existing.type === "title" && req.type !== "title") bad("The title property cannot change type.");
      if (existing.type !== "title" && req.type === "title") bad("Only one title property is allowed in a data source.");
      const before = { ...existing };
      if (before.type !== req.type) retyped.push(before);
      existing.type = req.type;
      existing.config = await settingsFor(tx, ctx, owner, existing, req, properties, synced, before);
      // A dual relation made single leaves its synced property on the other side, as a one-way
      // relation back (with its values); any other change takes that property away.
      if (isDual(before) && existing.type === "relation" && existing.config.kind === "single_property") synced.push(detachSynced(before));
      else if (isDual(before) && !(isDual(existing) && existing.config.synced_property_id === before.config.synced_property_id)) synced.push(unlinkSynced(before));
    }
  }
  // New properties follow the request's order, after the existing ones.
  const order = Object.keys(requests);
  const rank = (p: PropertySchema) => order.findIndex((k) => (requests[k]?.name ?? k) === p.name);
  added.sort((a, b) => rank(a) - rank(b));
  properties = [...properties.filter((p) => !added.includes(p)), ...added];
  // Only the formulas this request writes are checked (and re-printed); the others are kept as
  // they are even when what they read is gone or changed (checkFormulas).
  const written = new Set<string>();
  for (const [key, req] of entries) {
    const p = req?.type === "formula" ? findProperty(properties, req.name ?? key) ?? findProperty(properties, key) : undefined;
    if (p?.type === "formula") written.add(p.id);
  }
  checkFormulas(properties, removed, written);
  properties = storeFormulaReferences(properties, properties, written);
  return { properties, synced, removed, retyped, added: properties.filter((p) => added.some((a) => a.id === p.id)) };
}

/** Relations are resolved first so that rollups in the same request can name them (stable otherwise). */
function relationsFirst<T extends [unknown, PropertyRequest | null]>(list: T[]): T[] {
  return [...list].sort((a, b) => Number(b[1]?.type === "relation") - Number(a[1]?.type === "relation"));
}

async function settingsFor(
  tx: Tx,
  ctx: Ctx,
  owner: SchemaOwner,
  prop: PropertySchema,
  req: PropertyRequest,
  properties: PropertySchema[],
  synced: SyncedChange[],
  before?: PropertySchema,
): Promise<Record<string, unknown>> {
  try {
    if (prop.type === "relation") return await relationSettings(tx, ctx, owner, prop, req.settings as RelationRequest, properties, synced, before);
    if (prop.type === "rollup") return await rollupSettings(tx, ctx, req.settings as RollupRequest, properties);
    return resolveSimpleSettings(prop.type, req.settings, before, req.path);
  } catch (e) {
    if (e instanceof Invalid) throw invalidToApiError("body", e);
    throw e;
  }
}

async function relationSettings(tx: Tx, ctx: Ctx, owner: SchemaOwner, prop: PropertySchema, req: RelationRequest, properties: PropertySchema[], synced: SyncedChange[], before?: PropertySchema) {
  const target = await relationTarget(tx, ctx, owner, req);
  const config: Record<string, unknown> = { database_id: target.databaseId, data_source_id: target.id, kind: req.kind };
  if (req.kind === "dual_property" && before && isDual(before) && before.config.data_source_id === target.id) {
    // The same dual relation restated: its synced property stays (renamed if asked).
    config.synced_property_id = before.config.synced_property_id;
    config.synced_property_name = before.config.synced_property_name;
    if (req.synced_property_name !== undefined && req.synced_property_name !== before.config.synced_property_name) {
      const id = before.config.synced_property_id as string;
      const name = req.synced_property_name;
      config.synced_property_name = name;
      synced.push({ dataSourceId: target.id, apply: (props) => props.map((p) => (p.id === id ? { ...p, name } : p)) });
    }
    return config;
  }
  if (req.kind === "dual_property") {
    const syncedName = req.synced_property_name ?? `Related to ${owner.title || "Untitled"} (${prop.name})`;
    // Unique among the target's properties (the owner's own, being built, for a relation to itself).
    const syncedId = newId(target.id === owner.id ? properties : (target.properties ?? []));
    config.synced_property_name = syncedName;
    config.synced_property_id = syncedId;
    synced.push({
      dataSourceId: target.id,
      apply(props) {
        const name = props.some((p) => p.name === syncedName) ? `${syncedName} (${syncedId})` : syncedName;
        return [
          ...props,
          {
            id: syncedId,
            name,
            description: null,
            type: "relation",
            config: { database_id: owner.databaseId, data_source_id: owner.id, kind: "dual_property", synced_property_name: prop.name, synced_property_id: prop.id },
          },
        ];
      },
    });
  }
  return config;
}

async function relationTarget(tx: Tx, ctx: Ctx, owner: SchemaOwner, req: RelationRequest): Promise<{ id: string; databaseId: string; title: string; properties?: PropertySchema[] }> {
  if (req.data_source_id) {
    if (req.data_source_id === owner.id) return owner;
    const ds = (await visibleNode(tx, ctx, req.data_source_id, "data_source", (n) => n.type === "data_source")) as DataSourceNode;
    return { id: ds.id, databaseId: ds.parent_id!, title: plainText(ds.data.title), properties: ds.data.properties };
  }
  const dbId = req.database_id!;
  if (dbId === owner.databaseId) return owner;
  await visibleNode(tx, ctx, dbId, "database", (n) => n.type === "database");
  const page = await tx.listChildren(ctx.actor.workspace.id, dbId, null, 2);
  const sources = (page?.items ?? []).filter((n) => n.type === "data_source") as DataSourceNode[];
  if (sources.length !== 1) bad(`body.properties relation should name a data_source_id: database ${dbId} has ${sources.length} data sources.`);
  return { id: sources[0].id, databaseId: dbId, title: plainText(sources[0].data.title), properties: sources[0].data.properties };
}

async function rollupSettings(tx: Tx, ctx: Ctx, req: RollupRequest, properties: PropertySchema[]) {
  const relKey = req.relation_property_id ?? req.relation_property_name;
  if (!relKey) bad("body.properties rollup should name relation_property_name or relation_property_id.");
  const relation = findProperty(properties, relKey);
  if (!relation || relation.type !== "relation") bad(`Could not find relation property with name or id: ${relKey}`);
  const targetId = relation.config.data_source_id as string;
  const target = (await tx.getNode(ctx.actor.workspace.id, targetId)) as DataSourceNode | null;
  // Rolling up reads the related data source's schema: it must be shared too ("the related
  // database must also be shared with the integration", developers.notion.com changelog,
  // "Relation and rollup properties can now be created in databases"); else Notion's 404.
  if (target?.type === "data_source" && !(await canSee(tx, ctx.actor, targetId))) throw notFound(ctx, "data_source", targetId);
  const targetProps = target?.type === "data_source" ? target.data.properties : properties;
  const rollKey = req.rollup_property_id ?? req.rollup_property_name;
  if (!rollKey) bad("body.properties rollup should name rollup_property_name or rollup_property_id.");
  const rolled = findProperty(targetProps, rollKey);
  if (!rolled) bad(`Could not find rollup property with name or id: ${rollKey}`);
  return {
    function: req.function,
    relation_property_name: relation.name,
    relation_property_id: relation.id,
    rollup_property_name: rolled.name,
    rollup_property_id: rolled.id,
  };
}
