/**
 * The block handle (BlockNote's side menu) as the page needs it: "+" and the drag handle, whose
 * menu adds "Comment" (the block's discussions, BlockComments.tsx) to Delete, Colors and a
 * table's header toggles; dragging a block Notion's API cannot move (a child page or database, a
 * Notion-hosted file: PageSync.canMove) is refused at once and the reason said (`onRefusedMove`).
 */
import type { FC } from "react";
import { SideMenuExtension } from "@blocknote/core/extensions";
import {
  AddBlockButton,
  BlockColorsItem,
  DragHandleButton,
  DragHandleMenu,
  RemoveBlockItem,
  SideMenu,
  TableColumnHeaderItem,
  TableRowHeaderItem,
  useComponentsContext,
  useExtensionState,
  type SideMenuProps,
} from "@blocknote/react";
import { useCommentActions } from "./BlockComments";
import type { EBlock } from "./mapping";

function CommentItem() {
  const Components = useComponentsContext()!;
  const actions = useCommentActions();
  const block = useExtensionState(SideMenuExtension, { selector: (s) => s?.block });
  if (!actions || !block) return null;
  return (
    <Components.Generic.Menu.Item className="bn-menu-item" onClick={() => actions.comment(block.id)}>
      Comment
    </Components.Generic.Menu.Item>
  );
}

function HandleMenu() {
  return (
    <DragHandleMenu>
      <RemoveBlockItem>Delete</RemoveBlockItem>
      <BlockColorsItem>Colors</BlockColorsItem>
      <TableRowHeaderItem>Header row</TableRowHeaderItem>
      <TableColumnHeaderItem>Header column</TableColumnHeaderItem>
      <CommentItem />
    </DragHandleMenu>
  );
}

/** The side menu for an editor whose blocks `canMove` says may be dragged. */
export function pageSideMenu(canMove: (block: EBlock) => boolean, onRefusedMove: (block: EBlock) => void): FC<SideMenuProps> {
  return function PageSideMenu(props: SideMenuProps) {
    const block = useExtensionState(SideMenuExtension, { selector: (s) => s?.block }) as unknown as EBlock | undefined;
    return (
      <SideMenu {...props}>
        <AddBlockButton />
        <span
          className="drag-handle-wrap"
          onDragStartCapture={(e) => {
            if (block && !canMove(block)) {
              e.preventDefault();
              e.stopPropagation();
              onRefusedMove(block);
            }
          }}
        >
          <DragHandleButton {...props} dragHandleMenu={HandleMenu} />
        </span>
      </SideMenu>
    );
  };
}
