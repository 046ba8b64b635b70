/**
 * Databases and data sources as one integration reads them (issue 9). A schema may name a data
 * source the reader cannot see: Notion then leaves out "properties based on relations" — "To
 * retrieve database properties from database relations, the related database must be shared
 * with your integration in addition to the database being retrieved. If the related database is
 * not shared, properties based on relations will not be included in the API response"
 * (developers.notion.com/reference/retrieve-a-database, "Database relations must be shared with
 * your integration"). Quire leaves out, for that reader, every relation whose data source it
 * cannot see and every rollup through one; formulas stay (their values are computed without the
 * pages it cannot see). Page values keep those properties, empty — as Notion answers them
 * (makenotion/notion-sdk-js#514): docs/design/database-values.md, "What a reader sees".
 * Titles and descriptions show mentions of objects the reader cannot see without their title.
 */
import type { Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { notFound } from "../access.js";
import { Sight } from "../visibility.js";
import { withoutUnseenMentions } from "../mentions.js";
import { showReferences } from "../../formula/index.js";
import type { PropertySchema, PropertyRequest } from "../properties/schema.js";
import { withCurrentReferences, type DatabaseNode, type DataSourceNode } from "./model.js";
import { findProperty } from "../../query/index.js";

/** The data source a relation property points at. */
const relatedSource = (p: PropertySchema) => (p.type === "relation" ? (p.config.data_source_id as string) : undefined);

/**
 * The properties of `properties` the reader is not shown — relations to data sources it cannot
 * see, and rollups through them — each with the relation it depends on.
 */
export async function unseenProperties(properties: readonly PropertySchema[], sight: Sight): Promise<Map<string, PropertySchema>> {
  const targets = properties.map(relatedSource).filter((id): id is string => id !== undefined);
  const out = new Map<string, PropertySchema>();
  if (targets.length === 0) return out;
  await sight.load(targets);
  for (const p of properties) if (p.type === "relation" && !sight.sees(relatedSource(p)!)) out.set(p.id, p);
  for (const p of properties) {
    const relation = p.type === "rollup" ? out.get(p.config.relation_property_id as string) : undefined;
    if (relation) out.set(p.id, relation);
  }
  return out;
}

/** The nodes with their `data.title` and `data.description` as the reader sees them (unseen mentions untitled). */
async function titlesAsSeen<T extends DatabaseNode | DataSourceNode>(tx: Tx, ctx: Ctx, nodes: T[], sight: Sight): Promise<T[]> {
  const datas = await withoutUnseenMentions(tx, ctx, nodes.map((n) => n.data), ["title", "description"], sight);
  return nodes.map((n, i) => (datas[i] === n.data ? n : { ...n, data: datas[i] }));
}

/**
 * A copy of the data source as the reader reads it, for presenting: current references
 * (withCurrentReferences), title and description as it sees them, and without the properties
 * unseenProperties leaves out. Formula expressions are shown already (with the names of the
 * whole schema: a formula may read a property the reader is not shown).
 */
export async function dataSourceAsSeen(tx: Tx, ctx: Ctx, ds: DataSourceNode, sight = new Sight(tx, ctx.actor)): Promise<DataSourceNode> {
  const current = await withCurrentReferences(tx, ctx, ds);
  const all = current.data.properties;
  const unseen = await unseenProperties(all, sight);
  const properties = all
    .filter((p) => !unseen.has(p.id))
    .map((p) => (p.type === "formula" && typeof p.config.expression === "string" ? { ...p, config: { ...p.config, expression: showReferences(p.config.expression, all) } } : p));
  const [seen] = await titlesAsSeen(tx, ctx, [current], sight);
  return { ...seen, data: { ...seen.data, properties } };
}

/** A database, and its data sources when given, with titles and descriptions as the reader sees them. */
export async function databaseAsSeen(tx: Tx, ctx: Ctx, db: DatabaseNode, sources: DataSourceNode[] = [], sight = new Sight(tx, ctx.actor)): Promise<{ db: DatabaseNode; sources: DataSourceNode[] }> {
  const [seen, ...rest] = await titlesAsSeen<DatabaseNode | DataSourceNode>(tx, ctx, [db, ...sources], sight);
  return { db: seen as DatabaseNode, sources: rest as DataSourceNode[] };
}

/**
 * A schema change naming a property the writer is not shown (by name or id: removing, renaming,
 * retyping it, or adding one under its name) is Notion's 404 for the related data source
 * (the related database under 2022-06-28): "To update a relation database property, share the
 * related database with the integration" (developers.notion.com/reference/update-a-database).
 * The exact answer is unconfirmed; this one is what creating such a relation or rollup answers.
 */
export async function refuseUnseenChanges(tx: Tx, ctx: Ctx, properties: readonly PropertySchema[], requests: Record<string, PropertyRequest | null>): Promise<void> {
  const unseen = await unseenProperties(properties, new Sight(tx, ctx.actor));
  if (unseen.size === 0) return;
  for (const key of Object.keys(requests)) {
    const named = findProperty(properties as PropertySchema[], key);
    const relation = named && unseen.get(named.id);
    if (!relation) continue;
    const target = relation.config.data_source_id as string;
    if (ctx.version !== "2022-06-28") throw notFound(ctx, "data_source", target);
    throw notFound(ctx, "database", (await tx.getNode(ctx.actor.workspace.id, target))?.parent_id ?? (relation.config.database_id as string));
  }
}
