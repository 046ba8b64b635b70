/**
 * A block's actions from the keyboard, as Notion's Ctrl/Cmd+/ opens them: Delete, Duplicate, Turn
 * into, Icon (a callout's: the icon picker), Comment, Move up, Move down for the block holding the cursor — the same changes the drag
 * handle's menu and dragging make, saved by `PageSync` like any edit. A menu of real buttons
 * (arrows move between them, Escape closes it and puts the cursor back in the block); what it did
 * is said in the page's live region (`say`), a move refused (a sub-page, a database, an uploaded
 * file: PageSync.canMove) too.
 */
import { useEffect, useRef, useState } from "react";
import type { EBlock } from "./mapping";
import type { PageEditor } from "./schema";
import type { PageSync } from "./sync";
import { openCalloutIcon } from "./CalloutIcon";

/** What a text block can be turned into, as Notion's "Turn into" lists them. */
const TURN_INTO: { label: string; type: string; props?: Record<string, unknown> }[] = [
  { label: "Text", type: "paragraph" },
  { label: "Heading 1", type: "heading", props: { level: 1 } },
  { label: "Heading 2", type: "heading", props: { level: 2 } },
  { label: "Heading 3", type: "heading", props: { level: 3 } },
  { label: "Bulleted list", type: "bulletListItem" },
  { label: "Numbered list", type: "numberedListItem" },
  { label: "To-do list", type: "checkListItem" },
  { label: "Toggle list", type: "toggleListItem" },
  { label: "Quote", type: "quote" },
];

/** A block as new: no ids, so the editor gives the copy (and its children) fresh ones. */
function copyOf(b: EBlock): EBlock {
  return { type: b.type, props: b.props, content: b.content, children: (b.children ?? []).map(copyOf) } as EBlock;
}

interface Item {
  label: string;
  run: () => void;
}

/**
 * The menu for block `editorId`, at `top` in the editor's box. `name` is how the block is called
 * in what is said; `comment` opens its discussions on an empty comment (absent: no Comment).
 */
export function BlockActionsMenu(props: {
  editor: PageEditor;
  sync: PageSync;
  editorId: string;
  name: string;
  top: number;
  comment?: () => void;
  say: (text: string) => void;
  close: (focusBlock: string | null) => void;
}) {
  const { editor, sync, editorId, name, top, comment, say, close } = props;
  const [turning, setTurning] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const block = editor.getBlock(editorId) as unknown as EBlock | undefined;

  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
  }, [turning]);
  if (!block) return null;

  const movable = () => {
    if (sync.canMove(block)) return true;
    say(`“${name}” stays where it is: Notion's API cannot move or copy it.`);
    close(editorId);
    return false;
  };
  const move = (dir: "up" | "down") => () => {
    if (!movable()) return;
    if (dir === "up") editor.moveBlocksUp(editorId);
    else editor.moveBlocksDown(editorId);
    say(`Moved “${name}” ${dir}.`);
    close(editorId);
  };
  const textBlock = Array.isArray(block.content);
  const items: Item[] = turning
    ? TURN_INTO.map((t) => ({
        label: t.label,
        run: () => {
          editor.updateBlock(editorId, { type: t.type, props: t.props ?? {} } as never);
          say(`Turned “${name}” into ${t.label}.`);
          close(editorId);
        },
      }))
    : [
        {
          label: "Delete",
          run: () => {
            const before = editor.getPrevBlock(editorId) ?? editor.getParentBlock(editorId) ?? editor.getNextBlock(editorId);
            editor.removeBlocks([editorId]);
            say(`Deleted “${name}”.`);
            close(before?.id ?? null);
          },
        },
        {
          label: "Duplicate",
          run: () => {
            if (!movable()) return;
            const [made] = editor.insertBlocks([copyOf(block) as never], editorId, "after");
            say(`Duplicated “${name}”.`);
            close(made?.id ?? editorId);
          },
        },
        ...(textBlock ? [{ label: "Turn into", run: () => setTurning(true) }] : []),
        ...(block.type === "callout"
          ? [
              {
                label: "Icon",
                run: () => {
                  close(editorId);
                  openCalloutIcon(editor, editorId);
                },
              },
            ]
          : []),
        ...(comment ? [{ label: "Comment", run: comment }] : []),
        { label: "Move up", run: move("up") },
        { label: "Move down", run: move("down") },
      ];

  const onKeyDown = (e: React.KeyboardEvent) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(buttons.length - 1);
    else if (e.key === "Escape" || (turning && e.key === "ArrowLeft")) {
      if (turning) setTurning(false);
      else close(editorId);
    } else if (e.key === "Tab") close(editorId);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div ref={menu} className="block-actions" role="menu" aria-label={turning ? `Turn “${name}” into` : `Actions for “${name}”`} style={{ top }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button key={item.label} type="button" role="menuitem" tabIndex={-1} onClick={item.run}>
          {item.label}
          {item.label === "Turn into" && <span aria-hidden="true"> ›</span>}
        </button>
      ))}
    </div>
  );
}
