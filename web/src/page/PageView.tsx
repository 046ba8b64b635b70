/**
 * A page, viewed and edited as in Notion: the header (breadcrumbs, cover, icon, title), the body
 * in a BlockNote editor (the `/` menu, markdown shortcuts, Tab nesting, drag and
 * Ctrl/Cmd+Shift+↑↓ to reorder, pasted markdown and files), saved and kept live through /v1 by
 * `PageSync`, and the comments. Read-only for a guest, or once the server refuses an edit (403).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { BlockNoteView } from "@blocknote/mantine";
import { SuggestionMenuController, getDefaultReactSlashMenuItems, useCreateBlockNote, type DefaultReactSuggestionItem } from "@blocknote/react";
import { filterSuggestionItems, insertOrUpdateBlockForSlashMenu } from "@blocknote/core";
import "@blocknote/mantine/style.css";
import "./page.css";
import { ApiError, type Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { schema, type PageEditor } from "./schema";
import { PageSync, type SaveState } from "./sync";
import { loadTree } from "./tree";
import { inlineText, type EBlock, type NotionTree } from "./mapping";
import { uploadFile } from "./uploads";
import { Header } from "./Header";
import { Comments } from "./Comments";

export function PageView({ pageId }: { pageId: string }) {
  const api = useApi();
  const role = api.session.workspaces.find((w) => w.id === api.workspaceId)?.role;
  const [refused, setRefused] = useState(false);
  const page = useLoad(() => api.v1<Json>("GET", `/pages/${pageId}`), [api, pageId]);
  const tree = useLoad(() => loadTree(api, pageId), [api, pageId]);
  const [shown, setShown] = useState<Json | null>(null);
  const editorRef = useRef<PageEditor | null>(null);
  const syncRef = useRef<PageSync | null>(null);
  useEffect(() => setShown(page.data ?? null), [page.data]);

  if (page.error) return <ErrorState error={page.error} />;
  if (!shown) return <p aria-busy="true">Loading…</p>;
  const trashed = !!(shown.in_trash ?? shown.archived);
  const canEdit = role !== "guest" && !refused && !trashed;
  return (
    <article className="page-body page-view">
      <Header page={shown} canEdit={canEdit} onPage={setShown} focusBody={() => editorRef.current?.focus()} />
      {trashed && <p className="page-banner">This page is in the trash.</p>}
      {refused && <p className="page-banner">You can view this page but not edit it.</p>}
      {tree.error && <p role="alert">{tree.error.message}</p>}
      {tree.loading && !tree.data && <p aria-busy="true">Loading…</p>}
      {tree.data && (
        <Body
          key={refused ? "read" : "edit"}
          pageId={pageId}
          tree={tree.data}
          canEdit={canEdit}
          onRefused={() => {
            setRefused(true);
            tree.reload();
          }}
          editorRef={editorRef}
          syncRef={syncRef}
        />
      )}
      <Comments
        pageId={pageId}
        canComment={!trashed}
        blocks={() => flatten((editorRef.current?.document ?? []) as unknown as EBlock[]).map((b) => ({ id: syncRef.current?.notionIdOf(b.id) ?? b.id, text: inlineText(b.content) }))}
        cursorBlock={() => {
          const e = editorRef.current;
          if (!e) return null;
          try {
            const b = e.getTextCursorPosition().block as unknown as EBlock;
            return { id: syncRef.current?.notionIdOf(b.id) ?? b.id, text: inlineText(b.content) };
          } catch {
            return null;
          }
        }}
      />
    </article>
  );
}

function flatten(blocks: EBlock[]): EBlock[] {
  return blocks.flatMap((b) => [b, ...flatten(b.children ?? [])]);
}

const STATE_TEXT: Record<SaveState["kind"], string> = { saved: "Saved", saving: "Saving…", error: "Couldn't save", refused: "Change refused" };

function Body({ pageId, tree, canEdit, onRefused, editorRef, syncRef }: { pageId: string; tree: NotionTree[]; canEdit: boolean; onRefused: () => void; editorRef: React.MutableRefObject<PageEditor | null>; syncRef: React.MutableRefObject<PageSync | null> }) {
  const api = useApi();
  const sync = useMemo(() => new PageSync(api, pageId), [api, pageId]);
  const initial = useMemo(() => sync.blocksOf(tree), [sync, tree]);
  const [state, setState] = useState<SaveState>({ kind: "saved" });
  const editor = useCreateBlockNote(
    {
      schema,
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
    sync.attach(editor, true);
    return () => sync.stop();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, sync]);

  const slashItems = async (query: string): Promise<DefaultReactSuggestionItem[]> =>
    filterSuggestionItems(
      [...getDefaultReactSlashMenuItems(editor).filter((i) => i.title !== "Emoji"), calloutItem(editor)],
      query,
    );
  return (
    <div className="page-editor" data-editable={canEdit}>
      <BlockNoteView editor={editor} editable={canEdit} theme="light" slashMenu={false} emojiPicker={false} onChange={() => sync.changed()}>
        <SuggestionMenuController triggerCharacter="/" getItems={slashItems} />
      </BlockNoteView>
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

export function ErrorState({ error }: { error: Error }) {
  const status = error instanceof ApiError ? error.status : (error as { status?: number }).status;
  return (
    <div className="empty-state" role="alert">
      <h1>{status === 404 ? "This page does not exist or is not shared with you" : "Something went wrong"}</h1>
      <p>{error.message}</p>
    </div>
  );
}
