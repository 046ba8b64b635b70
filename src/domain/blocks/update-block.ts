import type { UpdateBlockResponse } from "@notionhq/client";
import type { StoredNode, Tx } from "../../storage/types.js";
import type { Ctx } from "../context.js";
import { hasCap, seenNode, notFound, requireCap, visibleNode } from "../access.js";
import { errors } from "../../api/errors.js";
import { BLOCK_SPECS, validatePayload } from "./types.js";
import { assertNotTrashed, mentionResolver, normalizePayload, touch, withSyncedChildren } from "../nodes.js";
import { presentBlock, partialBlock } from "../../present/block.js";
import { check, fail, isObject, boolean } from "../../api/validate.js";
import { hasArchived } from "../../api/version.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";
import { assertNoSyncedCycles, assertNoSyncedCyclesBelow } from "./synced-cycles.js";
import { releaseTrashedPreviews } from "../link-previews/release.js";
import { assertNotMeetingNotesContent } from "../meeting-notes/model.js";

/**
 * PATCH /v1/blocks/{id} — changes the fields given under the block's own type key (text is
 * replaced, not merged), and trashes or restores with `in_trash` (`archived` before 2026-03-11).
 */
export async function updateBlock(ctx: Ctx, id: string, body: Record<string, unknown>): Promise<UpdateBlockResponse> {
  requireCap(ctx, "update_content");
  const trash = check("body", trashFlag(ctx), body);
  return ctx.store.write(async (tx) => {
    const node = await visibleNode(tx, ctx, id, "block");
    await assertNotMeetingNotesContent(tx, ctx, node);
    const type = node.type === "page" ? "child_page" : node.type;
    const payload = check("body", (v, p) => changedPayload(type, node.data, v, p), body);
    if (payload) {
      // Content edits need the block out of the trash: its own flag may be lifted in the same
      // request, a trashed ancestor's may not.
      if (node.inherited_trash || (node.in_trash && trash !== false)) assertNotTrashed(node);
      await checkCrossBlockRules(tx, ctx, node, payload);
      node.data = (await normalizePayload(payload, mentionResolver(tx, ctx))) as Record<string, unknown>;
    }
    const restored = trash === false && node.in_trash;
    if (trash !== undefined) node.in_trash = trash;
    await tx.updateNode(touch(node, ctx));
    // A reference pointed elsewhere, or a block back from the trash with references in it, may
    // now show itself (synced-cycles.ts); the transaction is rolled back if so.
    if (restored) await assertNoSyncedCyclesBelow(tx, ctx, node);
    else if (payload) await assertNoSyncedCycles(tx, ctx, [node]);
    if (trash === true) await releaseTrashedPreviews(ctx, tx, ctx.actor.workspace.id);
    if (!hasCap(ctx.actor, "read_content")) return partialBlock(node.id);
    const stored = (await tx.getNode(ctx.actor.workspace.id, node.id))!;
    stored.inherited_trash = node.inherited_trash;
    const [shown] = await withoutUnseenMentions(tx, ctx, [await withSyncedChildren(tx, ctx, stored)], ["data", "properties"]);
    return presentBlock(shown, ctx.version, fileUrlsFor(ctx), ctx.actor.caps);
  });
}

/**
 * Rules that look beyond the block, as on append: a row keeps its table's width, and a synced
 * reference points at another block that is a visible original.
 */
async function checkCrossBlockRules(tx: Tx, ctx: Ctx, node: StoredNode, payload: Record<string, unknown>) {
  if (node.type === "table_row" && node.parent_id) {
    const table = await tx.getNode(ctx.actor.workspace.id, node.parent_id);
    const width = table?.data.table_width;
    const cells = (payload.cells as unknown[]).length;
    if (typeof width === "number" && cells !== width)
      fail("body.table_row.cells.length", `should be \`${width}\` (the table width)`, cells);
  }
  const from = node.type === "synced_block" ? (payload.synced_from as { block_id: string } | null) : null;
  if (from && from.block_id !== (node.data.synced_from as { block_id?: string } | null)?.block_id) {
    const source = await seenNode(tx, ctx.actor, from.block_id);
    if (!source) throw notFound(ctx, "block", from.block_id);
    if (source.id === node.id || source.type !== "synced_block" || source.data.synced_from !== null)
      throw errors.validation(`Block ${from.block_id} is not an original synced block.`);
  }
}

/** `in_trash`, or its pre-2026 alias `archived`. */
function trashFlag(ctx: Ctx) {
  return (value: unknown, path: string): boolean | undefined => {
    const body = value as Record<string, unknown>;
    if (body.archived !== undefined && !hasArchived(ctx.version)) fail(`${path}.archived`, "should be not present", body.archived);
    const inTrash = body.in_trash === undefined ? undefined : boolean()(body.in_trash, `${path}.in_trash`);
    const archived = body.archived === undefined ? undefined : boolean()(body.archived, `${path}.archived`);
    return inTrash ?? archived;
  };
}

/** The new payload when the body carries the block's type key; undefined when it does not. */
function changedPayload(type: string, current: Record<string, unknown>, body: unknown, path: string) {
  if (!isObject(body)) fail(path, "should be an object", body);
  for (const key of Object.keys(body)) {
    if (key !== type && Object.hasOwn(BLOCK_SPECS, key) && body[key] !== undefined) fail(`${path}.${key}`, "should be not present", body[key]);
  }
  const given = body[type];
  if (given === undefined) return undefined;
  if (!BLOCK_SPECS[type].creatable) fail(`${path}.${type}`, "should be not present", given);
  if (type === "table" && isObject(given) && given.table_width !== undefined)
    fail(`${path}.table.table_width`, "should be not present", given.table_width);
  // An empty `children` array is accepted and ignored (recorded 2026-03-11 traffic,
  // ultimate-notion tests/cassettes test_modify_basic_blocks #14–#15); children are appended
  // through PATCH /v1/blocks/{id}/children, never here.
  const children = isObject(given) ? given.children : undefined;
  if (children !== undefined && !(Array.isArray(children) && children.length === 0)) fail(`${path}.${type}.children`, "should be not present", children);
  return validatePayload(type, given, `${path}.${type}`, current);
}
