/**
 * Access rules: an integration sees what is shared with it and everything below; anything else
 * is 404 object_not_found, never 403 (developers.notion.com/reference/status-codes).
 * Capabilities gate reads and writes with 403 restricted_resource.
 */
import type { StoredNode, Tx } from "../storage/types.js";
import type { Capability } from "../api/capabilities.js";
import { errors, type ObjectKind } from "../api/errors.js";
import type { Actor, Ctx } from "./context.js";

/** Whether the integration can see the object `id` (shared itself or through an ancestor). */
export async function canSee(tx: Tx, actor: Actor, id: string): Promise<boolean> {
  return (await sight(tx, actor, id)).visible;
}

/** Visibility, and whether an ancestor's trash puts the object in the trash too. */
export async function sight(tx: Tx, actor: Actor, id: string): Promise<{ visible: boolean; inheritedTrash: boolean }> {
  const found = await tx.getNodeInSight(actor.workspace.id, actor.integration.id, id);
  return { visible: found?.visible ?? false, inheritedTrash: found?.inherited_trash ?? false };
}

/**
 * The node when the integration can see it, else null — one statement for what was a node read
 * and a visibility check. The node is as stored (no `inherited_trash` set).
 */
export async function seenNode(tx: Tx, actor: Actor, id: string): Promise<StoredNode | null> {
  const found = await tx.getNodeInSight(actor.workspace.id, actor.integration.id, id);
  return found?.visible ? found.node : null;
}

export function notFound(ctx: Ctx, kind: ObjectKind, id: string) {
  return errors.notFound(kind, id, { id: ctx.actor.integration.id, name: ctx.actor.integration.name });
}

/**
 * Loads a node the integration can see, or throws Notion's 404. One store call, one statement:
 * the node with its ancestry's share and trash flags (`Tx.getNodeInSight`).
 */
export async function visibleNode(tx: Tx, ctx: Ctx, id: string, kind: ObjectKind, accept?: (n: StoredNode) => boolean): Promise<StoredNode> {
  const found = await tx.getNodeInSight(ctx.actor.workspace.id, ctx.actor.integration.id, id);
  // A data source is not a block; everything else in the tree is.
  const ok = accept ?? (kind === "block" ? (n: StoredNode) => n.type !== "data_source" : undefined);
  if (!found || (ok && !ok(found.node)) || !found.visible) throw notFound(ctx, kind, id);
  const node = found.node;
  if (found.inherited_trash) node.inherited_trash = true;
  return node;
}

export function hasCap(actor: Actor, cap: Capability): boolean {
  return actor.caps.has(cap);
}

/** Throws 403 restricted_resource unless the integration has the capability. */
export function requireCap(ctx: Ctx, cap: Capability): void {
  if (!ctx.actor.caps.has(cap)) throw errors.restricted();
}
