/** A page's per-block discussion counts (Quire's own read; Notion's API has none) as JSON. */
import type { BlockDiscussionCount } from "../storage/comments.js";

/** One block's open discussions and comments. */
export interface BlockDiscussionCountResponse {
  object: "block_discussion_count";
  block_id: string;
  discussions: number;
  comments: number;
}

/** The whole answer: one page, never paginated (only blocks with open comments are listed). */
export interface DiscussionCountList {
  object: "list";
  type: "block_discussion_count";
  block_discussion_count: Record<string, never>;
  page_id: string;
  results: BlockDiscussionCountResponse[];
  next_cursor: null;
  has_more: false;
}

/** The counts of `pageId`'s blocks, in the store's (block id) order. */
export function presentDiscussionCounts(pageId: string, rows: BlockDiscussionCount[]): DiscussionCountList {
  return {
    object: "list",
    type: "block_discussion_count",
    block_discussion_count: {},
    page_id: pageId,
    results: rows.map((r) => ({ object: "block_discussion_count", block_id: r.block_id, discussions: r.discussions, comments: r.comments })),
    next_cursor: null,
    has_more: false,
  };
}
