/**
 * How the editor shows a Notion block (or inline item) it does not edit: the one place that calls
 * the block renderer (web/src/blocks/: `NotionBlock`, `RichTextItem`), inside a box the editor
 * moves and deletes whole. The renderer reads the block's children itself (a column list's
 * columns and their blocks, a synced block's content), a table of contents lists the editor's
 * headings as they are now and scrolls to them, and a line under the box says how such a block
 * is edited when the editor cannot.
 */
import { useState, type MouseEvent } from "react";
import { useBlockNoteEditor, useEditorChange } from "@blocknote/react";
import type { Json } from "../api";
import { appPathname } from "../base";
import { BlocksPageContext, NotionBlock } from "../blocks";
import { RichTextItem } from "../blocks/RichText";
import { parseJson, toRich, type EBlock } from "./mapping";

/** The page in the address (`/w/<ws>/p/<id>`): a breadcrumb block names its ancestors from it. */
function pageInAddress(): string | null {
  const parts = appPathname().split("/");
  return parts[3] === "p" && parts[4] ? parts[4] : null;
}

/** What the person is told under a block the editor shows but does not edit. */
const HOW_TO_EDIT: Record<string, string> = {
  column_list: "Columns are shown here as they are; this editor does not edit inside them yet. Move or delete the whole block here.",
  column: "Columns are shown here as they are; this editor does not edit inside them yet.",
  synced_block: "A synced block is shown as its original is: this editor does not edit synced content yet. Move or delete the whole block here.",
  equation: "This editor does not edit equations yet; move or delete the block here.",
  bookmark: "This editor does not edit bookmarks yet; move or delete the block here.",
  embed: "This editor does not edit embeds yet; move or delete the block here.",
  link_preview: "Link previews cannot be changed (Notion's API does not either).",
  template: "Template buttons are shown, not edited, here.",
  tab: "This editor does not edit tabs yet; move or delete the block here.",
  meeting_notes: "Meeting notes are shown, not edited, here.",
  unsupported: "Notion's API does not give this block's content; it is kept as it is.",
};

/** The editor's top-level headings as Notion blocks, for a table of contents (ids: the editor's). */
function headingsOf(doc: EBlock[]): Json[] {
  return doc
    .filter((b) => b.type === "heading")
    .map((b) => {
      const type = `heading_${Math.min(3, Math.max(1, Number(b.props.level) || 1))}`;
      return { object: "block", id: b.id, type, [type]: { rich_text: toRich(b.content).map((t) => ({ ...t, plain_text: t.text?.content ?? "" })) } };
    });
}

/** A click on a `#<block id>` link inside the box scrolls the editor to that block. */
function scrollToAnchor(e: MouseEvent<HTMLDivElement>) {
  const a = (e.target as HTMLElement).closest("a");
  const hash = a?.getAttribute("href");
  if (!hash?.startsWith("#") || hash.length < 2) return;
  const id = hash.slice(1);
  const target = [...document.querySelectorAll<HTMLElement>(".bn-block-outer[data-id]")].find((el) => el.dataset.id!.replace(/-/g, "") === id);
  if (!target) return;
  e.preventDefault();
  target.scrollIntoView({ block: "start", behavior: "smooth" });
}

/** A non-editable Notion block inside the editor. */
export function OpaqueBlock({ json }: { json: string }) {
  const b = parseJson(json);
  const editor = useBlockNoteEditor();
  const [doc, setDoc] = useState(() => editor.document as unknown as EBlock[]);
  const toc = b?.type === "table_of_contents";
  useEditorChange(() => {
    if (toc) setDoc(editor.document as unknown as EBlock[]);
  }, editor);
  if (!b) return <div className="opaque-block">Unsupported block</div>;
  const how = HOW_TO_EDIT[b.type];
  return (
    <div className="opaque-block" contentEditable={false} data-notion-type={b.type} onClick={scrollToAnchor}>
      <BlocksPageContext.Provider value={{ pageId: pageInAddress(), blocks: toc ? headingsOf(doc) : [] }}>
        <NotionBlock block={b} />
      </BlocksPageContext.Provider>
      {how && <p className="opaque-hint">{how}</p>}
    </div>
  );
}

/** A mention or an inline equation inside text. */
export function OpaqueInline({ json }: { json: string }) {
  const t = parseJson(json);
  if (!t) return null;
  return <RichTextItem item={t} />;
}
