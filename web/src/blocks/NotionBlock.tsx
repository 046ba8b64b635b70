/**
 * Notion blocks as Notion's app shows them (read-only). Stable exports for page/ and database/:
 * - `<NotionBlocks blocks={…} pageId={…} />` — a list of sibling blocks (a page's body, or any
 *   block's children): consecutive list items grouped into one list, numbered lists numbered as
 *   Notion numbers them; with `pageId` it is a page's root (the table of contents and breadcrumb
 *   read the page from it).
 * - `<NotionBlock block={…} />` — one block and its children (read lazily through
 *   `/v1/blocks/:id/children` when `block.children` is not given).
 * - `RichText` (RichText.tsx), `NotionIcon` (Icon.tsx), `ReadOnlyPage` (ReadOnlyPage.tsx).
 * Each block's element has `id="<block id without dashes>"` (Notion's anchor) and
 * `data-block-id`, `data-block-type`.
 */
import type { ReactNode } from "react";
import type { Json } from "../api";
import { BlocksPageContext } from "./context";
import { blockAttrs, type BlockRenderer } from "./attrs";
import { ListItem, NUMBERED, numberedRuns } from "./lists";
import { TEXT_BLOCKS } from "./text-blocks";
import { MEDIA_BLOCKS } from "./media-blocks";
import { LAYOUT_BLOCKS } from "./layout-blocks";
import { NAV_BLOCKS } from "./nav-blocks";
import "./blocks.css";

// Built on first use: the renderer modules import this one (children render through NotionBlocks).
let renderers: Record<string, BlockRenderer> | null = null;
const rendererOf = (type: string): BlockRenderer | undefined => (renderers ??= { ...TEXT_BLOCKS, ...MEDIA_BLOCKS, ...LAYOUT_BLOCKS, ...NAV_BLOCKS })[type];

/** Sibling blocks in order; a page's root when `pageId` is given. */
export function NotionBlocks({ blocks, pageId }: { blocks: Json[]; pageId?: string }) {
  const out: ReactNode[] = [];
  const numbers = numberedRuns(blocks);
  for (let i = 0; i < blocks.length; ) {
    const type = blocks[i].type;
    if (type === "bulleted_list_item" || type === NUMBERED) {
      const start = i;
      while (i < blocks.length && blocks[i].type === type) i++;
      const items = blocks.slice(start, i).map((b, k) => <ListItem key={b.id ?? k} block={b} number={numbers.get(start + k)} />);
      out.push(
        type === NUMBERED ? (
          <ol key={blocks[start].id ?? start} className="nt-list nt-numbered-list" start={numbers.get(start)?.value}>
            {items}
          </ol>
        ) : (
          <ul key={blocks[start].id ?? start} className="nt-list nt-bulleted-list">
            {items}
          </ul>
        ),
      );
      continue;
    }
    out.push(<NotionBlock key={blocks[i].id ?? i} block={blocks[i]} />);
    i++;
  }
  if (pageId === undefined) return <>{out}</>;
  return <BlocksPageContext.Provider value={{ pageId, blocks }}>{out}</BlocksPageContext.Provider>;
}

/** One block (a list item alone is shown as a one-item list). */
export function NotionBlock({ block }: { block: Json }): ReactNode {
  if (block.type === "bulleted_list_item" || block.type === NUMBERED) return <NotionBlocks blocks={[block]} />;
  const Render = rendererOf(block.type) ?? Unsupported;
  return <Render block={block} />;
}

/** A block type Quire's renderer does not know (or `unsupported` itself): a quiet placeholder naming it. */
export function Unsupported({ block }: { block: Json }) {
  const name = block.type === "unsupported" ? (block.unsupported?.block_type ?? "unsupported") : block.type;
  return (
    <div {...blockAttrs(block)} className="nt-block nt-unsupported">
      <span aria-hidden="true">⊘</span> This block (<code>{String(name).replace(/_/g, " ")}</code>) can't be shown here.
    </div>
  );
}
