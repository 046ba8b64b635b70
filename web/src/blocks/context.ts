/**
 * What a block needs from the page it sits in: the page's id (breadcrumbs) and its top-level
 * blocks (a table of contents lists their headings). `NotionBlocks` at the page's root provides it.
 */
import { createContext, useContext } from "react";
import type { Json } from "../api";

export interface BlocksPage {
  /** The page the blocks belong to (null: not known, e.g. a block shown alone). */
  pageId: string | null;
  /** The page's top-level blocks as loaded, in order. */
  blocks: Json[];
}

export const BlocksPageContext = createContext<BlocksPage>({ pageId: null, blocks: [] });

export function useBlocksPage(): BlocksPage {
  return useContext(BlocksPageContext);
}
