/** Attributes every block's outer element carries: Notion's anchor id (the block id without dashes) and data attributes naming it. */
import type { Json } from "../api";
import { anchorOf } from "./links";

export function blockAttrs(block: Json): { id?: string; "data-block-id"?: string; "data-block-type": string } {
  return { id: block.id ? anchorOf(block.id) : undefined, "data-block-id": block.id, "data-block-type": block.type };
}

/** How one block type renders (its children included, where it has them). */
export type BlockRenderer = (props: { block: Json }) => import("react").ReactNode;
