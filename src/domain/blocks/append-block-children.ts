import type { AppendBlockChildrenResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { hasCap, requireCap, visibleNode } from "../access.js";
import { acceptsChildren } from "./types.js";
import { checkPlacement, type BlockDraft } from "./parse.js";
import { assertNotTrashed, readableContentOwner, materialize, placeChildren, touch, withSyncedChildren, type Placement } from "../nodes.js";
import { presentBlock, partialBlock } from "../../present/block.js";
import { list } from "../../present/common.js";
import { errors } from "../../http/errors.js";
import { Invalid, invalidToApiError } from "../../http/validate.js";
import { fileUrlsFor } from "../files/urls.js";
import { withoutUnseenMentions } from "../mentions.js";
import { assertNoSyncedCycles } from "./synced-cycles.js";
import { assertNotMeetingNotesContent } from "../meeting-notes/model.js";

/**
 * PATCH /v1/blocks/{id}/children — appends up to 100 blocks (with two levels of children) at
 * the end, the start, or after a sibling; answers with the new first-level blocks only.
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
    const firstLevel = new Set(rows.filter((r) => r.parent_id === parent.id).map((r) => r.id));
    const results = [];
    for (const r of rows) {
      if (!firstLevel.has(r.id)) continue;
      if (!hasCap(ctx.actor, "read_content")) {
        results.push(partialBlock(r.id));
        continue;
      }
      // A synced reference's has_children follows its original, here as on every read.
      const stored = await tx.getNode(ws, r.id);
      const [shown] = await withoutUnseenMentions(tx, ctx, [await withSyncedChildren(tx, ctx, stored!)], ["data", "properties"]);
      results.push(presentBlock(shown, ctx.version, fileUrlsFor(ctx), ctx.actor.caps));
    }
    return list("block", results, null) as AppendBlockChildrenResponse;
  });
}
