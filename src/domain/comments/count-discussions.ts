import type { Ctx } from "../context.js";
import { requireCap, visibleNode } from "../access.js";
import { presentDiscussionCounts, type DiscussionCountList } from "../../present/discussion-counts.js";

/**
 * GET /_quire/v1/workspaces/{ws}/pages/{page_id}/discussions — per block of a page's body, its
 * open discussions and comments, in one store statement. Notion's API has no such read (its
 * comments are listed one block at a time: developers.notion.com/reference/list-comments), so the
 * web app's margin asked once per block; this answers them all with the access rules of
 * `GET /v1/comments`: `read_comments` (403 restricted_resource), and a page the caller can read
 * (404 object_not_found). Blocks of a page the caller reads are the caller's to read, so the
 * counts need no check of their own; sub-pages (which may be shared differently) are left out.
 */
export async function countBlockDiscussions(ctx: Ctx, pageId: string): Promise<DiscussionCountList> {
  requireCap(ctx, "read_comments");
  return ctx.store.read(async (tx) => {
    const page = await visibleNode(tx, ctx, pageId, "page", (n) => n.type === "page");
    return presentDiscussionCounts(page.id, await tx.comments.countOpenUnder(ctx.actor.workspace.id, page.id));
  });
}
