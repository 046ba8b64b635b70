/**
 * A page, viewed and edited as in Notion: the header (breadcrumbs, cover, icon, title), the body
 * in a BlockNote editor (the `/` menu, markdown shortcuts, Tab nesting, drag and
 * Ctrl/Cmd+Shift+↑↓ to reorder, pasted markdown and files), saved and kept live through /v1 by
 * `PageSync`, the page's discussions under the header and the blocks' beside them. Read-only for a guest, or once the server refuses an edit (403).
 * First paint: the blocks, once read, are shown by the read-only renderer (blocks/) while the
 * editor's chunk loads — the first level as soon as it is read, the deeper ones as they come —,
 * then handed to the editor (not read again), which is run only once they are on screen; the
 * scroll position and a click or keys made meanwhile are carried over (`FirstPaint`, `handOver`).
 */
import { Suspense, lazy, useEffect, useLayoutEffect, useRef, useState, type MutableRefObject } from "react";
import "./page.css";
import { ApiError, type Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import type { PageEditor } from "./schema";
import type { PageSync } from "./sync";
import { loadTree } from "./tree";
import { readPage } from "./read";
import type { NotionTree } from "./mapping";
import { NotionBlocks, PlainCodeContext, ReadChildrenContext } from "../blocks";
import { Header, type HeaderWrites } from "./Header";
import { PageComments } from "./Comments";

/** Called once a first paint has been on screen (`FirstPaint`). */
let firstPaintShown: () => void = () => undefined;
const shown = new Promise<void>((resolve) => (firstPaintShown = resolve));
/**
 * The editor's chunks (fetched early: the server preloads them on a page's address), run only once
 * the first paint is on screen: running their ~1 MB first would hold the blocks back (first load).
 */
const Body = lazy(() => shown.then(editorInSteps));

/**
 * The editor's packages, each its own chunk (web/vite.config.ts `EDITOR_STEPS`, the same order:
 * each needs only the ones before it). Importing one of a chunk's exports runs that chunk; one
 * named export each, so the rest of the package stays tree-shaken.
 */
const STEPS: (() => Promise<unknown>)[] = [
  () => import("prosemirror-view").then(({ EditorView }) => EditorView),
  () => import("yjs").then(({ Doc }) => Doc),
  () => import("@tiptap/core").then(({ Editor }) => Editor),
  () => import("@blocknote/core").then(({ BlockNoteEditor }) => BlockNoteEditor),
  () => import("@mantine/core").then(({ MantineProvider }) => MantineProvider),
  () => import("@blocknote/react").then(({ useCreateBlockNote }) => useCreateBlockNote),
];

/** A task boundary: what waits (a key pressed, a frame) is handled before the next step. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The editor's modules run one chunk per task (each ~0.1–0.3 s on a loaded machine) instead of all
 * in one long task during which the page answered nothing: the first paint keeps taking presses
 * and keys between them (first load, "The editor in steps").
 */
async function editorInSteps() {
  for (const step of STEPS) {
    await step();
    await nextTask();
  }
  return import("./Editor");
}
/** Stands for the editor until the whole tree is read (the first paint shows the first level meanwhile). */
const TreePending = lazy(() => new Promise<never>(() => undefined));

/** How often the header is read again while the page is open. */
const LIVE_MS = 2000;

export function PageView({ pageId }: { pageId: string }) {
  const api = useApi();
  const role = api.session.workspaces.find((w) => w.id === api.workspaceId)?.role;
  const [refused, setRefused] = useState(false);
  const page = useLoad(() => readPage(api, pageId), [api, pageId]);
  // The first level is shown as soon as it is read; the editor waits for the whole tree.
  const [firstLevel, setFirstLevel] = useState<NotionTree[] | null>(null);
  const tree = useLoad(() => loadTree(api, pageId, setFirstLevel), [api, pageId]);
  const [live, setShown] = useState<Json | null>(null);
  const editorRef = useRef<PageEditor | null>(null);
  const syncRef = useRef<PageSync | null>(null);
  const early = useRef<Early>({ scrollY: null, click: null, keys: [] });
  const writes = useRef<HeaderWrites>({ seq: 0, inflight: 0 });
  useEffect(() => setShown(page.data ?? null), [page.data]);
  // Live header: the title, icon and cover as another browser changes them (the blocks: PageSync).
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.hidden) return;
      // Not across a header write (its answer may be the page from before it): the next poll reads again.
      const w = writes.current;
      if (w.inflight) return;
      const at = w.seq;
      // Only the title among its properties (the header shows no other): a lighter answer than the first read.
      api.v1<Json>("GET", `/pages/${pageId}?filter_properties=title`).then(
        // Compared whole: last_edited_time is rounded to the minute, as in Notion.
        (p) => w.seq === at && !w.inflight && setShown((old) => (old && headOf(old) === headOf(p) ? old : p)),
        () => undefined, // offline for a moment: the next poll tries again
      );
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [api, pageId]);

  if (page.error) return <ErrorState error={page.error} />;
  // The first answer is shown at once (not one render later, once the effect has copied it).
  const shown = live ?? page.data;
  if (!shown) return <p aria-busy="true">Loading…</p>;
  const blocks = tree.data ?? firstLevel;
  const trashed = !!(shown.in_trash ?? shown.archived);
  const canEdit = role !== "guest" && !refused && !trashed;
  return (
    <article className="page-body page-view">
      <Header page={shown} canEdit={canEdit} onPage={setShown} focusBody={() => editorRef.current?.focus()} writes={writes.current} />
      {trashed && <p className="page-banner">This page is in the trash.</p>}
      {refused && <p className="page-banner">You can view this page but not edit it.</p>}
      <PageComments pageId={pageId} canComment={!trashed} />
      {tree.error && <p role="alert">{tree.error.message}</p>}
      {!blocks && !tree.error && <p aria-busy="true">Loading…</p>}
      {blocks && (
        <Suspense fallback={<FirstPaint blocks={blocks} partial={!tree.data} pageId={pageId} early={early} />}>
        {!tree.data ? <TreePending /> : <Body
          key={refused ? "read" : "edit"}
          pageId={pageId}
          tree={tree.data}
          canEdit={canEdit}
          canComment={!trashed}
          onRefused={() => {
            setRefused(true);
            tree.reload();
          }}
          editorRef={editorRef}
          syncRef={syncRef}
          onReady={(editor) => handOver(editor, early.current, canEdit)}
        />}
        </Suspense>
      )}
    </article>
  );
}

/** What happened on the first paint before the editor took its place. */
interface Early {
  /** The window's scroll when the first paint left (null: it never showed). */
  scrollY: number | null;
  /** Where the person last pressed in the blocks: on which block, and how far from its top left corner. */
  click: { blockId: string; dx: number; dy: number } | null;
  /** Keys pressed after that: text typed, or a key the editor acts on (Enter, Backspace…). */
  keys: { text?: string; key?: string; shiftKey?: boolean }[];
}

/**
 * The page's blocks, read-only (the renderer in blocks/, the editor's spacing), while the editor's
 * chunk loads: the content is visible as soon as it is read. A press in it is remembered (with the
 * keys typed after it) for the editor; the window's scroll is noted when it leaves.
 */
function FirstPaint({ blocks, partial, pageId, early }: { blocks: NotionTree[]; partial: boolean; pageId: string; early: MutableRefObject<Early> }) {
  useLayoutEffect(
    () => () => {
      early.current.scrollY = window.scrollY;
    },
    [early],
  );
  // On screen after the next frame (a hidden tab has none: the timer then).
  useEffect(() => {
    const timer = setTimeout(firstPaintShown, 200);
    requestAnimationFrame(() => setTimeout(firstPaintShown, 0));
    return () => clearTimeout(timer);
  }, []);
  return (
    <div
      className="page-editor page-first-paint"
      aria-busy="true"
      aria-label="Page content (the editor is loading)"
      role="region"
      tabIndex={-1}
      onMouseDown={(e) => {
        // A press on a link, a button or a toggle is theirs; anywhere else it is the caret's.
        if ((e.target as Element).closest("a, button, summary, input, [role=button]")) return;
        const block = (e.target as Element).closest("[data-block-id]");
        const id = block?.getAttribute("data-block-id");
        if (!block || !id) return;
        // The innermost block pressed (a list item's own line, not its parent's).
        const box = block.getBoundingClientRect();
        early.current.click = { blockId: id, dx: e.clientX - box.left, dy: e.clientY - box.top };
        early.current.keys = [];
      }}
      onKeyDown={(e) => {
        if (!early.current.click || e.ctrlKey || e.metaKey || e.altKey) return;
        if (e.key.length === 1) early.current.keys.push({ text: e.key });
        else if (["Enter", "Backspace", "Delete", "Tab"].includes(e.key) || e.key in MOVES) early.current.keys.push({ key: e.key, shiftKey: e.shiftKey });
        else return;
        e.preventDefault(); // the space bar would scroll, Tab would leave
      }}
    >
      <div className="nt-blocks">
        {/* Deeper levels still being read are shown loading, not read again; code plain (no highlight.js chunk). */}
        <ReadChildrenContext.Provider value={!partial}>
          <PlainCodeContext.Provider value={true}>
            <NotionBlocks blocks={blocks} pageId={pageId} />
          </PlainCodeContext.Provider>
        </ReadChildrenContext.Provider>
      </div>
    </div>
  );
}

/**
 * The editor has just taken the first paint's place: the window scrolls back to where it was, and
 * a press made in the first paint puts the caret at the same spot (else at the end of that block),
 * where the keys typed since are replayed.
 */
function handOver(editor: PageEditor, early: Early, canEdit: boolean): void {
  const { scrollY, click, keys } = early;
  early.click = null;
  early.keys = [];
  if (scrollY === null) return; // the editor was ready first: nothing was shown before it
  early.scrollY = null;
  if (Math.abs(window.scrollY - scrollY) > 1) window.scrollTo({ top: scrollY, left: window.scrollX, behavior: "instant" });
  if (!click || !canEdit) return;
  try {
    editor.focus();
    // The same spot of the same block in the editor (its line box), else the end of that block.
    const line = editor.domElement?.querySelector(`[data-id="${CSS.escape(click.blockId)}"] .bn-inline-content`);
    const box = line?.getBoundingClientRect();
    const at = box && editor.prosemirrorView.posAtCoords({ left: box.left + Math.min(Math.max(click.dx, 0), box.width - 1), top: box.top + Math.min(Math.max(click.dy, 0), box.height - 1) });
    if (at) editor._tiptapEditor.commands.setTextSelection(at.pos);
    else if (editor.getBlock(click.blockId)) editor.setTextCursorPosition(click.blockId, "end");
  } catch {
    editor.focus();
  }
  let text = "";
  const typeText = () => {
    if (text) editor.insertInlineContent(text, { updateSelection: true });
    text = "";
  };
  for (const k of keys) {
    if (k.text) {
      text += k.text;
      continue;
    }
    typeText();
    if (k.key! in MOVES) moveCaret(editor, MOVES[k.key!], !!k.shiftKey);
    else editor.domElement?.dispatchEvent(new KeyboardEvent("keydown", { key: k.key, shiftKey: k.shiftKey, bubbles: true, cancelable: true }));
  }
  typeText();
}

/** The caret keys the first paint keeps for the editor: how far each moves the caret. */
const MOVES: Record<string, [direction: "backward" | "forward", unit: "character" | "line" | "lineboundary"]> = {
  ArrowLeft: ["backward", "character"],
  ArrowRight: ["forward", "character"],
  ArrowUp: ["backward", "line"],
  ArrowDown: ["forward", "line"],
  Home: ["backward", "lineboundary"],
  End: ["forward", "lineboundary"],
};

/**
 * A caret key replayed in the editor: a key event made by script does not move the caret (the
 * browser moves it only for a real key), so the browser's own movement is asked for on the
 * selection (`Selection.modify`: by character, by visual line, to the line's end) and the
 * editor's selection set from where it lands; Shift extends it.
 */
function moveCaret(editor: PageEditor, [direction, unit]: (typeof MOVES)[string], extend: boolean): void {
  const view = editor.prosemirrorView;
  const sel = document.getSelection();
  if (!view || !sel?.focusNode || !("modify" in sel)) return;
  sel.modify(extend ? "extend" : "move", direction, unit);
  if (!sel.focusNode || !sel.anchorNode || !view.dom.contains(sel.focusNode)) return;
  try {
    const head = view.posAtDOM(sel.focusNode, sel.focusOffset);
    const anchor = extend ? view.posAtDOM(sel.anchorNode, sel.anchorOffset) : head;
    editor._tiptapEditor.commands.setTextSelection({ from: Math.min(anchor, head), to: Math.max(anchor, head) });
  } catch {
    // a spot the editor has no text position for: the caret stays where it was
  }
}

function headOf(p: Json): string {
  return JSON.stringify([p.properties, p.icon, p.cover, p.in_trash ?? p.archived]);
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
