/**
 * Bulleted and numbered list items. Numbering as Notion's app does it: a run of numbered items
 * counts from 1 (or the first item's `list_start_index`) and restarts after any other block; a
 * nested list's format follows its depth — 1. → a. → i. → 1. … — unless the run's first item sets
 * `list_format` (numbers, letters, roman). Bullets cycle • ◦ ▪ with depth.
 */
import type { Json } from "../api";
import { RichText } from "./RichText";
import { BlockChildren, useListDepth } from "./children";
import { colorClass, cx } from "./colors";
import { anchorOf } from "./links";
import { listLabel, type ListNumber } from "./numbering";

export { NUMBERED, numberedRuns } from "./numbering";

const FORMATS = ["numbers", "letters", "roman"] as const;
const BULLETS = ["•", "◦", "▪"];

/** One list item: its marker, its text and its children (nested one level deeper). */
export function ListItem({ block, number }: { block: Json; number?: ListNumber }) {
  const depth = useListDepth();
  const value: Json = block[block.type] ?? {};
  const marker = number ? `${listLabel(number.value, number.format ?? FORMATS[depth % 3])}.` : BULLETS[depth % 3];
  return (
    <li id={block.id ? anchorOf(block.id) : undefined} data-block-id={block.id} data-block-type={block.type} className={cx("nt-block", "nt-list-item", colorClass(value.color))} value={number?.value}>
      <span className="nt-list-marker" aria-hidden={number ? undefined : "true"}>
        {marker}
      </span>
      <div className="nt-list-body">
        <div className="nt-text">
          <RichText value={value.rich_text} />
        </div>
        <BlockChildren block={block} listItem />
      </div>
    </li>
  );
}
