/**
 * The comment store: what domain code may ask of storage about comments (Tx.comments). Kept
 * beside types.ts so that a PostgreSQL adapter implements the same interface.
 */
import type { Page } from "./records.js";

/** Who a comment shows as (developers.notion.com/reference/comment-display-name). */
export interface CommentDisplayName {
  type: "integration" | "user" | "custom";
  resolved_name: string | null;
}

/** A file upload attached to a comment: the upload, the category Notion shows it as, and its stored file. */
export interface CommentAttachment {
  file_upload_id: string;
  category: "audio" | "image" | "pdf" | "productivity" | "video";
  /** The Notion-hosted file as stored (URL markers that responses sign afresh). */
  file: { url: string; expiry_time: string };
}

export interface CommentRow {
  workspace_id: string;
  id: string;
  /** The thread: the first comment's discussion, shared by every reply. */
  discussion_id: string;
  /** What the thread is on: a page (`page_id`) or a block (`block_id`). */
  parent_type: "page_id" | "block_id";
  parent_id: string;
  /** Stored (response-form) rich text. */
  rich_text: unknown[];
  display_name: CommentDisplayName;
  attachments: CommentAttachment[];
  created_time: number;
  /** The user (a bot for integrations) who wrote it. */
  created_by: string;
  last_edited_time: number;
  /** Resolved threads are not listed (the API cannot read or resolve them). */
  resolved: boolean;
}

/** How many open discussions and comments one block has (`CommentStore.countOpenUnder`). */
export interface BlockDiscussionCount {
  block_id: string;
  discussions: number;
  comments: number;
}

export interface CommentStore {
  get(workspaceId: string, id: string): Promise<CommentRow | null>;
  /** The oldest remaining comment of a discussion, or null when there is none. */
  firstOfDiscussion(workspaceId: string, discussionId: string): Promise<CommentRow | null>;
  /**
   * Open (unresolved) comments on a page or block, oldest first, starting at comment `from`
   * when given; null when `from` is not one of them.
   */
  listOpen(workspaceId: string, parentId: string, from: string | null, limit: number): Promise<Page<CommentRow> | null>;
  /**
   * Per block of a page's body, its open discussions and comments, in one statement: the page's
   * blocks at any depth, never descending into (nor counting) a sub-page, database or data source
   * (their threads are theirs) nor a block in the trash; blocks without open comments are absent.
   * Ordered by block id.
   */
  countOpenUnder(workspaceId: string, pageId: string): Promise<BlockDiscussionCount[]>;
  /** Every comment (resolved ones too) on any of `parentIds`, oldest first: the seed export reads a page's threads with it. */
  listAllOn(workspaceId: string, parentIds: string[]): Promise<CommentRow[]>;
  insert(row: CommentRow): Promise<void>;
  /** Writes the body, attachments and edit time of an existing comment. */
  update(row: CommentRow): Promise<void>;
  /** Resolves or reopens every comment of a discussion. */
  setResolved(workspaceId: string, discussionId: string, resolved: boolean): Promise<void>;
  /** Removes one comment; false when it did not exist. */
  delete(workspaceId: string, id: string): Promise<boolean>;
}
