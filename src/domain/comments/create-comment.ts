import type { CreateCommentResponse } from "@notionhq/client";
import type { StoredNode, Tx } from "../../storage/types.js";
import type { CommentDisplayName, CommentRow } from "../../storage/comments.js";
import { ApiError } from "../../api/errors.js";
import { notFound, requireCap, visibleNode } from "../access.js";
import type { Ctx } from "../context.js";
import { assertNotTrashed, mentionResolver } from "../nodes.js";
import { normalizeRichText } from "../rich-text.js";
import { claimAttachments } from "./attachments.js";
import type { CommentTarget, CreateCommentInput, DisplayNameInput } from "./inputs.js";
import { commentable, commentFor } from "./shared.js";

/**
 * POST /v1/comments — a new discussion on a page or a whole block, or a reply in an existing
 * discussion (developers.notion.com/reference/create-a-comment). Written by the caller's bot.
 */
export async function createComment(ctx: Ctx, input: CreateCommentInput): Promise<CreateCommentResponse> {
  requireCap(ctx, "insert_comments");
  return ctx.store.write(async (tx) => {
    const where = await locate(tx, ctx, input.target);
    // Nothing in the trash can be edited, comments included (the rule for blocks and pages).
    assertNotTrashed(where.on);
    const rich_text = await normalizeRichText(input.body, mentionResolver(tx, ctx));
    const attachments = await claimAttachments(tx, ctx, input.attachments);
    const now = ctx.clock.now();
    const row: CommentRow = {
      workspace_id: ctx.actor.workspace.id,
      id: ctx.ids(),
      discussion_id: where.discussion_id ?? ctx.ids(),
      parent_type: where.parent_type,
      parent_id: where.on.id,
      rich_text,
      display_name: displayName(ctx, input.displayName),
      attachments,
      created_time: now,
      created_by: ctx.actor.bot.id,
      last_edited_time: now,
      resolved: false,
    };
    // A reply reopens a resolved discussion (Quire's choice: the API cannot see resolved threads,
    // and Notion's answer to a reply in one is not documented).
    if (where.resolved) await tx.comments.setResolved(row.workspace_id, row.discussion_id, false);
    await tx.comments.insert(row);
    return commentFor(ctx, row);
  });
}

interface Location {
  on: StoredNode;
  parent_type: CommentRow["parent_type"];
  /** Set for replies: the discussion they join, and whether it was resolved. */
  discussion_id?: string;
  resolved?: boolean;
}

async function locate(tx: Tx, ctx: Ctx, target: CommentTarget): Promise<Location> {
  switch (target.type) {
    case "page_id":
      return { on: await visibleNode(tx, ctx, target.id, "page", (n) => n.type === "page"), parent_type: "page_id" };
    case "block_id": {
      const on = await visibleNode(tx, ctx, target.id, "block", commentable);
      // A page is a block too; a comment on it is a page comment.
      return { on, parent_type: on.type === "page" ? "page_id" : "block_id" };
    }
    case "discussion_id": {
      const first = await tx.comments.firstOfDiscussion(ctx.actor.workspace.id, target.id);
      if (!first) throw notFound(ctx, "discussion", target.id);
      try {
        const on = await visibleNode(tx, ctx, first.parent_id, "block", commentable);
        return { on, parent_type: first.parent_type, discussion_id: first.discussion_id, resolved: first.resolved };
      } catch (e) {
        if (e instanceof ApiError && e.code === "object_not_found") throw notFound(ctx, "discussion", target.id);
        throw e;
      }
    }
  }
}

/**
 * Who the comment shows as: the integration's name by default, a custom name, or the user who
 * authorized a public integration — Quire's integrations are internal, so that resolves to no
 * name (developers.notion.com/reference/comment-display-name).
 */
function displayName(ctx: Ctx, input: DisplayNameInput | null): CommentDisplayName {
  switch (input?.type ?? "integration") {
    case "custom":
      return { type: "custom", resolved_name: (input as { name: string }).name };
    case "user":
      return { type: "user", resolved_name: null };
    default:
      // A person's own comment (a personal access token) shows as them: Quire's reading of
      // "the user who authorized" (developers.notion.com/reference/comment-display-name).
      if (ctx.actor.person) return { type: "user", resolved_name: ctx.actor.bot.name };
      return { type: "integration", resolved_name: ctx.actor.integration.name };
  }
}
