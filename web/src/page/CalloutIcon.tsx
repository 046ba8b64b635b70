/**
 * A callout's icon in the editor, as Notion shows it (an emoji, an image, a custom emoji, a named
 * icon, or none). Where the page can be edited it is a button opening the shared icon picker
 * (IconPicker.tsx); the choice is written by the page's editor (`calloutIconSavers`, set by
 * Editor.tsx: PATCH /v1/blocks/:id `callout.icon`, then the block's prop from the answer).
 * The block's `icon` prop: the icon's JSON, "null" for a callout without icon, "" for 💡 (Notion's default).
 */
import { useState } from "react";
import { createPortal } from "react-dom";
import type { Json } from "../api";
import { NotionIcon } from "../blocks/Icon";
import { IconPicker } from "./IconPicker";
import { parseJson } from "./mapping";

export type CalloutIconSaver = (blockId: string, icon: Json | null) => Promise<void>;
/** Each editor's way to save a callout's icon (set by Editor.tsx). */
export const calloutIconSavers = new WeakMap<object, CalloutIconSaver>();

const DEFAULT_ICON = { type: "emoji", emoji: "💡" };

/** The icon a callout block's prop stands for (null: none). */
export function calloutIconOf(prop: string): Json | null {
  return prop === "null" ? null : (parseJson(prop) ?? DEFAULT_ICON);
}

/** Opens the picker of callout `blockId` (the keyboard's way: Ctrl/Cmd+/ → Icon, BlockActions.tsx). */
export function openCalloutIcon(editor: { domElement?: HTMLElement | null }, blockId: string): void {
  setTimeout(() => editor.domElement?.querySelector<HTMLButtonElement>(`[data-id="${CSS.escape(blockId)}"] .callout-icon-button`)?.click(), 0);
}

export function CalloutIcon({ editor, blockId, prop }: { editor: { isEditable: boolean; focus: () => void }; blockId: string; prop: string }) {
  const [open, setOpen] = useState(false);
  const icon = calloutIconOf(prop);
  if (!editor.isEditable)
    return (
      <span className="callout-icon" contentEditable={false} aria-hidden="true">
        {icon && <NotionIcon icon={icon} className="nt-callout-icon" />}
      </span>
    );
  return (
    <span className="callout-icon" contentEditable={false}>
      <button type="button" className="callout-icon-button" aria-label={icon ? "Change callout icon" : "Add callout icon"} aria-haspopup="dialog" onMouseDown={(e) => e.preventDefault()} onClick={() => setOpen(true)}>
        {icon ? <NotionIcon icon={icon} className="nt-callout-icon" /> : <span aria-hidden="true" className="callout-icon-empty">＋</span>}
      </button>
      {open &&
        createPortal(
          <IconPicker
            kind="icon"
            label="Callout icon"
            value={icon}
            save={async (value) => {
              const save = calloutIconSavers.get(editor);
              if (!save) throw new Error("The editor is still loading: try again in a moment.");
              await save(blockId, value);
            }}
            close={() => {
              setOpen(false);
              editor.focus();
            }}
          />,
          document.body,
        )}
    </span>
  );
}
