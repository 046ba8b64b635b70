import type { AppendBlockChildrenResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { hasCap, requireCap, visibleNode } from "../access.js";
import { acceptsChildren } from "./types.js";
import { checkPlacement, type BlockDraft } from "./parse.js";
import { Sight } from "../visibility.js";
import { assertNotTrashed, readableContentOwner, materialize, placeChildren, touch, withSyncedChildrenAll, type Placement } from "../nodes.js";
import { presentBlock, partialBlock } from "../../present/block.js";
import { list } from "../../present/common.js";
import { errors } from "../../api/errors.js";
import { Invalid, invalidToApiError } from "../../api/validate.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";
import { assertNoSyncedCycles } from "./synced-cycles.js";
import { assertNotMeetingNotesContent } from "../meeting-notes/model.js";
import { LIMITS } from "../../api/limits.js";

/**
 * PATCH /v1/blocks/{id}/children — appends up to 100 blocks (with two levels of children) at
 * the end, the start, or after a sibling; answers with the new first-level blocks, and when they
 * were placed before others, the siblings after them (up to 100 results, then a cursor).
 */
export async function appendBlockChildren(ctx: Ctx, id: string, drafts: BlockDraft[], placement: Placement): Promise<AppendBlockChildrenResponse> {
  requireCap(ctx, "insert_content");
  return ctx.store.write(async (tx) => {
    const target = await visibleNode(tx, ctx, id, "block");
    // Appending to a reference writes into its original: a 404 when the writer cannot see it.
    const parent = await readableContentOwner(tx, ctx, target);
    // A synced reference in the trash takes no children for its original (found by the fuzzer).
    assertNotTrashed(target);
    assertNotTrashed(parent);
    await assertNotMeetingNotesContent(tx, ctx, parent, true);
    if (parent.type !== "page" && !acceptsChildren(parent.type, parent.data))
      throw errors.validation(`Block type ${parent.type} does not support children.`);
    try {
      checkPlacement({ type: parent.type, payload: parent.data }, drafts, "body.children");
    } catch (e) {
      if (e instanceof Invalid) throw invalidToApiError("body", e);
      throw e;
    }
    const ws = ctx.actor.workspace.id;
    const positions = await placeChildren(tx, ws, parent.id, drafts.length, placement);
    const rows = await materialize(tx, ctx, drafts, parent, positions);
    await tx.insertNodes(rows);
    await assertNoSyncedCycles(tx, ctx, rows);
    await tx.updateNode(touch(parent, ctx));
    const firstLevel = rows.filter((r) => r.parent_id === parent.id);
    // Appended at the end: the new blocks. Placed before other blocks (`after_block`, `after`,
    // `start`): the new blocks followed by every later sibling not in the trash, in order, as a
    // children list would page them (recorded 2026-03-11 traffic, ultimate-notion tests/cassettes
    // test_append_blocks #8, test_page_advanced #8–#12; `start` is unrecorded and follows suit).
    let shown = firstLevel;
    let next: string | null = null;
    if (placement.type !== "end" && firstLevel.length > 0) {
      const page = await tx.listChildren(ws, parent.id, firstLevel[0].id, Math.max(LIMITS.PAGE_SIZE_MAX, firstLevel.length));
      shown = page?.items ?? firstLevel;
      next = page?.next ?? null;
    }
    if (!hasCap(ctx.actor, "read_content")) return list("block", shown.map((r) => partialBlock(r.id)), next) as AppendBlockChildrenResponse;
    const results = [];
    // The blocks as stored (has_children), read in one statement, not one per block: 100 round
    // trips per append on PostgreSQL were most of its cost (docs/PERFORMANCE.md "A million blocks
    // on both backends"), read together with the originals synced references show (their
    // has_children follows the original, as on every read).
    const fresh = new Map((await tx.getNodes(ws, shown.map((r) => r.id))).map((n) => [n.id, n]));
    const sight = new Sight(tx, ctx.actor);
    const stored = await withSyncedChildrenAll(tx, ctx, shown.map((r) => fresh.get(r.id)!), sight);
    const files = fileUrlsFor(ctx);
    for (const node of await withoutUnseenMentions(tx, ctx, stored, ["data", "properties"], sight)) results.push(presentBlock(node, ctx.version, files, ctx.actor.caps));
    return list("block", results, next) as AppendBlockChildrenResponse;
  });
}
