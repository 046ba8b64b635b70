/**
 * Access rules: an integration sees what is shared with it and everything below; a person acting
 * through a personal access token sees what their page permissions reach (person-access.ts);
 * anything else is 404 object_not_found, never 403 (developers.notion.com/reference/status-codes).
 * Capabilities gate reads and writes with 403 restricted_resource, and so does a person's level
 * below what a write needs (person-writes.ts).
 */
import type { NodeInSight, StoredNode, Tx } from "../storage/types.js";
import type { Capability } from "../api/capabilities.js";
import { errors, type ObjectKind } from "../api/errors.js";
import type { Actor, Ctx } from "./context.js";
import { personLevel } from "./person-access.js";

/** No integration has this id: a person's node read asks the store for the node and its trash only. */
const NO_INTEGRATION = "";

/**
 * The node with its sight: for an integration one statement (`Tx.getNodeInSight`); for a person,
 * that statement for the node and its trash, and one for their level along its ancestry.
 */
export async function nodeInSight(tx: Tx, actor: Actor, id: string): Promise<NodeInSight | null> {
  if (!actor.person) return tx.getNodeInSight(actor.workspace.id, actor.integration.id, id);
  const found = await tx.getNodeInSight(actor.workspace.id, NO_INTEGRATION, id);
  if (!found) return null;
  return { ...found, visible: (await personLevel(tx, actor, id)) !== null };
}

/** Whether the integration can see the object `id` (shared itself or through an ancestor). */
export async function canSee(tx: Tx, actor: Actor, id: string): Promise<boolean> {
  return (await sight(tx, actor, id)).visible;
}

/** Visibility, and whether an ancestor's trash puts the object in the trash too. */
export async function sight(tx: Tx, actor: Actor, id: string): Promise<{ visible: boolean; inheritedTrash: boolean }> {
  const found = await nodeInSight(tx, actor, id);
  return { visible: found?.visible ?? false, inheritedTrash: found?.inherited_trash ?? false };
}

/**
 * The node when the integration can see it, else null — one statement for what was a node read
 * and a visibility check. The node is as stored (no `inherited_trash` set).
 */
export async function seenNode(tx: Tx, actor: Actor, id: string): Promise<StoredNode | null> {
  const found = await nodeInSight(tx, actor, id);
  return found?.visible ? found.node : null;
}

/**
 * Notion's 404 for what the caller does not see. An integration's names it and asks to share with
 * it; a personal access token has no connection to share with, so its message is the bare one
 * (Quire's choice: Notion's wording for a PAT is unconfirmed).
 */
export function notFound(ctx: Ctx, kind: ObjectKind, id: string) {
  return ctx.actor.person ? errors.notFound(kind, id) : errors.notFound(kind, id, { id: ctx.actor.integration.id, name: ctx.actor.integration.name });
}

/**
 * Loads a node the integration can see, or throws Notion's 404. One store call, one statement:
 * the node with its ancestry's share and trash flags (`Tx.getNodeInSight`).
 */
export async function visibleNode(tx: Tx, ctx: Ctx, id: string, kind: ObjectKind, accept?: (n: StoredNode) => boolean): Promise<StoredNode> {
  const found = await nodeInSight(tx, ctx.actor, id);
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
