/** Databases and data sources as stored nodes, and the loaders every database verb uses. */
import type { NodeRow, StoredNode, Tx } from "../../storage/types.js";
import type { RichTextItemResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { visibleNode, notFound } from "../access.js";
import { errors } from "../../api/errors.js";
import type { PropertySchema } from "../properties/schema.js";

/** `data` of a database node. */
export interface DatabaseData {
  title: RichTextItemResponse[];
  description: RichTextItemResponse[];
  is_inline: boolean;
}

/** `data` of a data-source node. */
export interface DataSourceData {
  title: RichTextItemResponse[];
  description: RichTextItemResponse[];
  properties: PropertySchema[];
  /** Next number per unique_id property. */
  counters: Record<string, number>;
}

export type DatabaseNode = StoredNode & { data: DatabaseData & Record<string, unknown> };
export type DataSourceNode = StoredNode & { data: DataSourceData & Record<string, unknown> };

export async function loadDatabase(tx: Tx, ctx: Ctx, id: string): Promise<DatabaseNode> {
  return (await visibleNode(tx, ctx, id, "database", (n) => n.type === "database")) as DatabaseNode;
}

export async function loadDataSource(tx: Tx, ctx: Ctx, id: string): Promise<DataSourceNode> {
  return (await visibleNode(tx, ctx, id, "data_source", (n) => n.type === "data_source")) as DataSourceNode;
}

/** The data sources of a database (untrashed), in order. */
export async function dataSourcesOf(tx: Tx, ctx: Ctx, databaseId: string): Promise<DataSourceNode[]> {
  const out: DataSourceNode[] = [];
  let from: string | null = null;
  do {
    const page = await tx.listChildren(ctx.actor.workspace.id, databaseId, from, 100);
    if (!page) break;
    for (const n of page.items) if (n.type === "data_source") out.push(n as DataSourceNode);
    from = page.next;
  } while (from);
  return out;
}

/**
 * Under 2022-06-28 a database is one table: its only data source. Notion refuses the old
 * model on a database with several data sources (upgrade guide 2025-09-03).
 */
export async function singleDataSource(tx: Tx, ctx: Ctx, db: NodeRow): Promise<DataSourceNode> {
  const sources = await dataSourcesOf(tx, ctx, db.id);
  if (sources.length === 0) throw notFound(ctx, "database", db.id);
  if (sources.length > 1)
    throw errors.validation(
      `Databases with multiple data sources are not supported in this API version. Use Notion-Version 2025-09-03 or later to work with database ${db.id}.`,
    );
  return sources[0];
}

/**
 * A copy of the data source as it reads now: rollups name their relation and rolled-up property
 * by their current names, and relations name the database their data source is in now (both can
 * change after the property was made; the ids are what is kept).
 */
export async function withCurrentReferences(tx: Tx, ctx: Ctx, ds: DataSourceNode): Promise<DataSourceNode> {
  const own = ds.data.properties;
  if (!own.some((p) => p.type === "rollup" || p.type === "relation")) return ds;
  const nodes = new Map<string, StoredNode | null>([[ds.id, ds]]);
  const nodeOf = async (id: string) => {
    if (!nodes.has(id)) nodes.set(id, await tx.getNode(ctx.actor.workspace.id, id));
    const node = nodes.get(id);
    return node?.type === "data_source" ? (node as DataSourceNode) : null;
  };
  const properties: PropertySchema[] = [];
  for (const p of own) {
    if (p.type === "relation") {
      const target = await nodeOf(p.config.data_source_id as string);
      properties.push(target && target.parent_id !== p.config.database_id ? { ...p, config: { ...p.config, database_id: target.parent_id } } : p);
      continue;
    }
    if (p.type !== "rollup") {
      properties.push(p);
      continue;
    }
    const config = { ...p.config };
    const relation = own.find((x) => x.id === config.relation_property_id);
    if (relation) config.relation_property_name = relation.name;
    const target = relation?.type === "relation" ? await nodeOf(relation.config.data_source_id as string) : null;
    const rolled = target?.data.properties.find((x) => x.id === config.rollup_property_id);
    if (rolled) config.rollup_property_name = rolled.name;
    properties.push({ ...p, config });
  }
  return { ...ds, data: { ...ds.data, properties } };
}
