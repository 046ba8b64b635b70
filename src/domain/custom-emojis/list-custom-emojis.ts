/** GET /v1/custom_emojis — the workspace's custom emojis (developers.notion.com/reference/list-custom-emojis). */
import type { ListCustomEmojisResponse } from "@notionhq/client";
import type { Ctx } from "../context.js";
import { invalidCursor } from "../pagination.js";
import { emojiUrl, presentEmoji } from "./refs.js";
import { fileUrlsFor } from "../files/urls.js";

export interface ListCustomEmojisInput {
  cursor: string | null;
  pageSize: number;
  /** Exact name to match ("useful for resolving a custom emoji name to its ID"). */
  name?: string;
}

/**
 * In creation order, `page_size` at a time; cursors are emoji ids (Notion documents
 * `next_cursor` as a UUID). Needs no capability beyond a valid token (none is documented).
 * Recorded Notion traffic has no empty `custom_emoji: {}` key beside `type`, unlike other lists.
 */
export async function listCustomEmojis(ctx: Ctx, input: ListCustomEmojisInput): Promise<ListCustomEmojisResponse> {
  return ctx.store.read(async (tx) => {
    const page = await tx.emojis.list(ctx.actor.workspace.id, input.cursor, input.pageSize, input.name);
    if (!page) throw invalidCursor(input.cursor!);
    // An emoji made from an upload shows a signed download URL read from the emoji (fresh each answer).
    const files = fileUrlsFor(ctx);
    return {
      object: "list",
      results: page.items.map((row) => ({ ...presentEmoji(row), url: emojiUrl(row, files) })),
      next_cursor: page.next,
      has_more: page.next !== null,
      type: "custom_emoji",
    };
  });
}
