/**
 * The blocks that show previews: a `link_preview` block `{url}` appended at the end of the page,
 * or a paragraph holding the preview's mention; and the mention rewritten when a preview's
 * attributes change (a `link_preview` block and a `link_preview` mention show only the URL).
 */
import type { NodeRow, Tx } from "../../storage/types.js";
import type { LinkPreviewRow } from "../../storage/link-previews.js";
import { validatePayload } from "../blocks/types.js";
import { nodeBy, placeChildren } from "../nodes.js";
import { linkMentionOf, mentionItem } from "./mention.js";
import type { UnfurlAttribute } from "./operations.js";

/** The block to append for a preview of `url` shown as `kind`, at the end of `page`, by `userId`. */
export async function previewBlock(tx: Tx, page: NodeRow, input: { id: string; userId: string; now: number; url: string; kind: LinkPreviewRow["kind"]; attributes: UnfurlAttribute[] | null }): Promise<NodeRow> {
  const [position] = await placeChildren(tx, page.workspace_id, page.id, 1, { type: "end" });
  const data =
    input.kind === "block"
      ? { url: input.url }
      : { ...(validatePayload("paragraph", { rich_text: [] }, "link_preview") as Record<string, unknown>), rich_text: [mentionItem(input.kind, input.url, input.attributes)] };
  return nodeBy(page.workspace_id, input.userId, input.now, { id: input.id, type: input.kind === "block" ? "link_preview" : "paragraph", parent_type: "page_id", parent_id: page.id, position, data });
}

/** Rewrites a `link_mention` preview's mention with new attributes (no-op for the other kinds, or a block gone). */
export async function refreshMention(tx: Tx, preview: LinkPreviewRow, attributes: UnfurlAttribute[] | null): Promise<void> {
  if (preview.kind !== "link_mention") return;
  const node = await tx.getNode(preview.workspace_id, preview.block_id);
  const items = node?.data.rich_text as Record<string, unknown>[] | undefined;
  if (!node || !Array.isArray(items)) return;
  let changed = false;
  const next = items.map((item) => {
    const m = item.mention as { type?: string; link_mention?: { href?: string } } | undefined;
    if (m?.type !== "link_mention" || m.link_mention?.href !== preview.url) return item;
    changed = true;
    return { ...item, mention: { type: "link_mention", link_mention: linkMentionOf(preview.url, attributes) } };
  });
  if (changed) await tx.updateNode({ ...node, data: { ...node.data, rich_text: next } });
}
