/** Shared writes of the database verbs: new nodes, schema application, synced changes. */
import type { Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import type { PropertySchema } from "../properties/schema.js";
import type { DataSourceNode } from "./model.js";
import type { SyncedChange } from "./synced.js";
import { touch } from "../nodes.js";
export { newNode } from "../nodes.js";

/** Applies the other side of dual relations (and their removal) to related data sources. */
export async function applySynced(tx: Tx, ctx: Ctx, changes: SyncedChange[], self?: { id: string; properties: PropertySchema[] }): Promise<PropertySchema[] | undefined> {
  let own = self?.properties;
  for (const change of changes) {
    if (self && change.dataSourceId === self.id) {
      own = change.apply(own!);
      continue;
    }
    const other = (await tx.getNode(ctx.actor.workspace.id, change.dataSourceId)) as DataSourceNode | null;
    if (!other || other.type !== "data_source") continue;
    other.data = { ...other.data, properties: change.apply(other.data.properties) };
    await tx.updateNode(touch(other, ctx));
  }
  return own;
}
