/**
 * How Notion content is shown (issue 16, docs/design/web-app.md "Blocks and rich text"): the
 * components page/ and database/ import. Stable names:
 * - `RichText` — a rich-text array, inline;
 * - `NotionBlocks` / `NotionBlock` — sibling blocks / one block with its children (read lazily);
 * - `NotionIcon` — a page, callout or mention icon;
 * - `ReadOnlyPage` — a whole page read-only (`?view=read`);
 * - `BlocksPageContext` — the page a block sits in: a caller showing single blocks (the editor's
 *   non-editable blocks) provides `{pageId, blocks}` so a table of contents and a breadcrumb work;
 *   `NotionBlocks` with `pageId` provides it itself;
 * - `formatNotionDate` — a date value as Notion's app writes it;
 * - `colorClass` — a Notion colour's CSS class (palette in blocks.css);
 * - `PlainCodeContext` — code shown plain, highlight.js not fetched for it (a page's first paint);
 * - `ReadChildrenContext` — false: blocks without `children` show them loading, not read (the caller reads them).
 */
export { RichText } from "./RichText";
export { NotionBlocks, NotionBlock } from "./NotionBlock";
export { NotionIcon } from "./Icon";
export { ReadOnlyPage } from "./ReadOnlyPage";
export { formatNotionDate } from "./dates";
export { colorClass } from "./colors";
export { BlocksPageContext, type BlocksPage } from "./context";
export { PlainCodeContext } from "./lazy";
export { ReadChildrenContext } from "./children";
