/** Helpers shared by the page verbs. */
import type { PageObjectResponse, PartialPageObjectResponse } from "@notionhq/client";
import type { NodeRow, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { errors } from "../../http/errors.js";
import { hasCap, notFound, visibleNode } from "../access.js";
import { presentPage, partialPage } from "../../present/page.js";
import type { ParentInput } from "./inputs.js";

/** "A is not a property that exists. B is not a property that exists." */
export function unknownProperties(names: string[]) {
  return errors.validation(names.map((n) => `${n} is not a property that exists.`).join(" "));
}

/** Loads the parent a page is created in or moved to; only pages exist until databases land. */
export async function loadPageParent(tx: Tx, ctx: Ctx, parent: ParentInput): Promise<NodeRow | null> {
  switch (parent.type) {
    case "workspace":
      return null;
    case "page_id":
      return visibleNode(tx, ctx, parent.id, "page", (n) => n.type === "page");
    case "database_id":
      throw notFound(ctx, "database", parent.id);
    case "data_source_id":
      throw notFound(ctx, "data_source", parent.id);
  }
}

/** The page as the caller may see it: full with read content, partial without. */
export function pageResponse(ctx: Ctx, node: NodeRow): PageObjectResponse | PartialPageObjectResponse {
  if (!hasCap(ctx.actor, "read_content")) return partialPage(node.id);
  return presentPage(node, ctx.version, ctx.publicUrl(), ctx.actor.caps);
}

/** True when `candidate` is `node` or lies below it. */
export async function isWithin(tx: Tx, ctx: Ctx, candidate: string, node: string): Promise<boolean> {
  const chain = await tx.getAncestry(ctx.actor.workspace.id, candidate);
  return chain.some((c) => c.id === node);
}
