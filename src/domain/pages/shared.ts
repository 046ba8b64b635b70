/** Helpers shared by the page verbs. */
import type { PageObjectResponse, PartialPageObjectResponse } from "@notionhq/client";
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { hasCap, visibleNode } from "../access.js";
import { loadDatabase, loadDataSource, singleDataSource } from "../databases/model.js";
import { dataSourceOf, databasePageProperties, withSeenTitle } from "./database-page.js";
import { presentPage, partialPage } from "../../present/page.js";
import type { ParentInput } from "./inputs.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";
import { Sight } from "../visibility.js";
import type { ReadEnv } from "../properties/read-env.js";
import { decodeOrKeep } from "../../lib/uri.js";

/**
 * Loads the parent a page is created in or moved to: a page, or a data source (named directly,
 * or through a database that has exactly one).
 */
export async function loadPageParent(tx: Tx, ctx: Ctx, parent: ParentInput): Promise<NodeRow | null> {
  switch (parent.type) {
    case "workspace":
      return null;
    case "page_id":
      return visibleNode(tx, ctx, parent.id, "page", (n) => n.type === "page");
    case "database_id":
      return singleDataSource(tx, ctx, await loadDatabase(tx, ctx, parent.id));
    case "data_source_id":
      return loadDataSource(tx, ctx, parent.id);
  }
}

/** The page as the caller may see it: full with read content, partial without. */
export async function pageResponse(tx: Tx, ctx: Ctx, node: NodeRow, only?: Set<string>, sight = new Sight(tx, ctx.actor), env?: ReadEnv): Promise<PageObjectResponse | PartialPageObjectResponse> {
  if (!hasCap(ctx.actor, "read_content")) return partialPage(node.id);
  const ds = await dataSourceOf(tx, ctx, node);
  if (ds) {
    const properties = await databasePageProperties(tx, ctx, node, ds, only, sight, env);
    return presentPage(await withSeenTitle(node, sight), ctx.version, ctx.publicUrl(), fileUrlsFor(ctx), ctx.actor.caps, properties);
  }
  const [shown] = await withoutUnseenMentions(tx, ctx, [node], ["properties"], sight);
  return presentPage(shown, ctx.version, ctx.publicUrl(), fileUrlsFor(ctx), ctx.actor.caps);
}

/** Whether a property (its response id, URL-encoded, or its name) is among `keep` (decoded ids or names). */
function kept(keep: Set<string>, name: string, id: string): boolean {
  return keep.has(id) || keep.has(decodeOrKeep(id)) || keep.has(name);
}

/**
 * The page with `properties` limited to `keep` (`filter_properties`), when given (`env`: one read
 * environment shared by every page of a list answer).
 */
export async function filteredPageResponse(tx: Tx, ctx: Ctx, node: NodeRow, keep?: Set<string>, sight?: Sight, env?: ReadEnv): Promise<PageObjectResponse | PartialPageObjectResponse> {
  const page = await pageResponse(tx, ctx, node, keep, sight, env);
  if (keep && "properties" in page) {
    for (const [name, value] of Object.entries(page.properties)) if (!kept(keep, name, value.id)) delete page.properties[name];
  }
  return page;
}

/** True when `candidate` is `node` or lies below it. */
export async function isWithin(tx: Tx, ctx: Ctx, candidate: string, node: string): Promise<boolean> {
  const chain = await tx.getAncestry(ctx.actor.workspace.id, candidate);
  return chain.some((c) => c.id === node);
}
