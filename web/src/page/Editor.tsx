/**
 * The page's body in a BlockNote editor (loaded on demand: the shell's first load does not carry
 * the editor): the `/` menu, markdown shortcuts, Tab nesting, drag and Ctrl/Cmd+Shift+↑↓ to
 * reorder, pasted markdown and files (uploaded through /v1/file_uploads), saved and kept live by
 * `PageSync`, with the save state announced (aria-live) and a Retry.
 */
import { useEffect, useMemo, useState, type MutableRefObject } from "react";
import { BlockNoteView } from "@blocknote/mantine";
import { SideMenuController, SuggestionMenuController, getDefaultReactSlashMenuItems, useCreateBlockNote, type DefaultReactSuggestionItem } from "@blocknote/react";
import { filterSuggestionItems, insertOrUpdateBlockForSlashMenu } from "@blocknote/core";
import "@blocknote/mantine/style.css";
import { useApi } from "../context";
import { schema, type PageEditor } from "./schema";
import { PageSync, type SaveState } from "./sync";
import type { EBlock, NotionTree } from "./mapping";
import { uploadFile } from "./uploads";
import { BlockComments } from "./BlockComments";
import { pageSideMenu } from "./SideMenu";
import { calloutIconSavers } from "./CalloutIcon";
import type { Json } from "../api";

const STATE_TEXT: Record<SaveState["kind"], string> = { saved: "Saved", saving: "Saving…", error: "Couldn't save", refused: "Change refused" };

/** What the person is told when a block cannot be moved (Notion's API has no move of a block). */
function moveRefusal(types: string[]): string {
  const what = types.includes("child_page") ? "A sub-page" : types.includes("child_database") ? "A database" : "An uploaded file";
  const how = types.includes("child_page") || types.includes("child_database") ? " Use “Move to…” in the sidebar to put it under another page." : "";
  return `${what} stays where it is: Notion's API cannot move a block, and it cannot be deleted and made again in the new place as other blocks are.${how}`;
}

/** `tree`: the blocks as the page view read them (not read again); `onReady`: the editor is shown and syncing. */
export default function Editor({ pageId, tree, canEdit, canComment, onRefused, editorRef, syncRef, onReady }: { pageId: string; tree: NotionTree[]; canEdit: boolean; canComment: boolean; onRefused: () => void; editorRef: MutableRefObject<PageEditor | null>; syncRef: MutableRefObject<PageSync | null>; onReady?: (editor: PageEditor) => void }) {
  const api = useApi();
  const sync = useMemo(() => new PageSync(api, pageId), [api, pageId]);
  const initial = useMemo(() => sync.blocksOf(tree), [sync, tree]);
  const [state, setState] = useState<SaveState>({ kind: "saved" });
  const [notice, setNotice] = useState<string | null>(null);
  const sideMenu = useMemo(() => pageSideMenu((b) => sync.canMove(b), (b) => setNotice(moveRefusal([sync.extras.get(b.id)?.type ?? b.type]))), [sync]);
  const editor = useCreateBlockNote(
    {
      schema,
      domAttributes: { editor: { "aria-label": "Page content" } },
      initialContent: initial.length ? (initial as never) : undefined,
      uploadFile: async (file: File) => {
        const upload = await uploadFile(api, file);
        const url = URL.createObjectURL(file);
        sync.uploads.set(url, upload.id);
        return url;
      },
    },
    [sync],
  );
  useEffect(() => {
    editorRef.current = editor;
    syncRef.current = sync;
    sync.onState = setState;
    sync.onForbidden = onRefused;
    sync.onStuck = (types) => setNotice(moveRefusal(types));
    sync.attach(editor, true);
    calloutIconSavers.set(editor, async (blockId, icon) => {
      const id = sync.savedNotionIdOf(blockId);
      if (!id) throw new Error("This callout is not saved yet: try again in a moment.");
      const saved = await api.v1<Json>("PATCH", `/blocks/${id}`, { callout: { icon } });
      editor.updateBlock(blockId, { props: { icon: saved.callout?.icon ? JSON.stringify(saved.callout.icon) : "null" } } as never);
    });
    onReady?.(editor);
    return () => sync.stop();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, sync]);

  const slashItems = async (query: string): Promise<DefaultReactSuggestionItem[]> =>
    filterSuggestionItems(
      [...getDefaultReactSlashMenuItems(editor).filter((i) => i.title !== "Emoji"), calloutItem(editor)],
      query,
    );
  // Ctrl/Cmd+Shift+↑↓ on a block that cannot be moved: refused before the editor moves it.
  const onKeyDownCapture = (e: React.KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    let block: EBlock | undefined;
    try {
      block = editor.getTextCursorPosition().block as unknown as EBlock;
    } catch {
      return;
    }
    if (block && !sync.canMove(block)) {
      e.preventDefault();
      e.stopPropagation();
      setNotice(moveRefusal([sync.extras.get(block.id)?.type ?? block.type]));
    }
  };
  return (
    <div className="page-editor" data-editable={canEdit} onKeyDownCapture={onKeyDownCapture}>
      <BlockComments editor={editor} sync={sync} canComment={canComment} canEdit={canEdit}>
        <BlockNoteView editor={editor} editable={canEdit} theme="light" slashMenu={false} sideMenu={false} emojiPicker={false} onChange={() => sync.changed()}>
          <SuggestionMenuController triggerCharacter="/" getItems={slashItems} />
          {canEdit && <SideMenuController sideMenu={sideMenu} />}
        </BlockNoteView>
      </BlockComments>
      {notice && (
        <p className="page-notice" role="status">
          {notice}{" "}
          <button type="button" onClick={() => setNotice(null)}>
            OK
          </button>
        </p>
      )}
      {canEdit && (
        <p className="save-state" data-state={state.kind} aria-live="polite">
          {STATE_TEXT[state.kind]}
          {(state.kind === "error" || state.kind === "refused") && <span className="save-detail">: {state.message}</span>}
          {state.kind === "error" && state.retry && (
            <button type="button" onClick={() => sync.retry()}>
              Retry
            </button>
          )}
        </p>
      )}
    </div>
  );
}

function calloutItem(editor: PageEditor): DefaultReactSuggestionItem {
  return {
    title: "Callout",
    subtext: "Make writing stand out",
    aliases: ["callout", "note", "tip"],
    group: "Basic blocks",
    icon: <span aria-hidden="true">💡</span>,
    onItemClick: () => {
      insertOrUpdateBlockForSlashMenu(editor, { type: "callout", props: { icon: JSON.stringify({ type: "emoji", emoji: "💡" }) } } as never);
    },
  };
}

