/**
 * Discussions beside blocks, as Notion shows them: a block with comments has a marker with the
 * count in the page's right margin; the marker opens the block's threads in a panel beside it
 * (reply, resolve for an owner, a new discussion); "Comment" in a block's handle menu and
 * Ctrl/Cmd+Shift+M (the block holding the cursor) open the panel on an empty comment. Below
 * 720 px the panel is a bottom sheet.
 *
 * Counts: Notion's API lists comments one block at a time (`GET /v1/comments?block_id=`) and says
 * nothing on a block about its comments, so the counts of every block come from one Quire read,
 * `GET /_quire/v1/workspaces/<ws>/pages/<id>/discussions` (docs/design/block-discussions.md): when
 * the page opens, on every live beat of `PageSync` (another person's comment shows within ~2 s),
 * and after a comment is added, replied to or resolved here. A block's threads themselves are
 * read (`/v1/comments`) when its panel opens, and again when its count changes while open.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Api, Json } from "../api";
import { useApi } from "../context";
import { Composer, Thread, discussionsOf, rich, useResolve, type Discussion } from "./Comments";
import { inlineText, type EBlock } from "./mapping";
import type { PageEditor } from "./schema";
import type { PageSync } from "./sync";
import { BlockActionsMenu } from "./BlockActions";

/** What the editor's handle menu and shortcut call: open a block's discussions, on an empty comment. */
export const CommentActions = createContext<{ comment: (editorId: string) => void } | null>(null);
export const useCommentActions = () => useContext(CommentActions);

/** Each block's open comments by Notion id (a block absent: none). */
type Counts = Map<string, number>;

/** Every block's open comment count, in one call. */
async function readCounts(api: Api, pageId: string): Promise<Counts> {
  const res = await api.control<Json>("GET", `/pages/${pageId}/discussions`);
  return new Map((res.results as Json[]).map((r) => [r.block_id as string, r.comments as number]));
}

function sameCounts(a: Counts, b: Counts): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function flatten(blocks: EBlock[]): EBlock[] {
  return blocks.flatMap((b) => [b, ...flatten(b.children ?? [])]);
}

/** The text a block is named by in the panel and the markers' labels. */
function blockText(b: EBlock | undefined): string {
  if (!b) return "";
  if (b.type === "notion") {
    try {
      const json = JSON.parse(b.props.json) as Json;
      return json.type === "child_page" ? json.child_page?.title : json.type === "child_database" ? json.child_database?.title : json.type.replace(/_/g, " ");
    } catch {
      return "";
    }
  }
  if (b.type === "table") return "table";
  return inlineText(b.content) || (["image", "video", "audio", "file"].includes(b.type) ? b.type : "");
}

/**
 * The margin and the panel, around the editor (`children`): `.page-editor` is their positioning
 * box. Shows nothing until the editor is attached to `sync`.
 */
export function BlockComments({ editor, sync, canComment, canEdit = false, children }: { editor: PageEditor; sync: PageSync; canComment: boolean; canEdit?: boolean; children: ReactNode }) {
  const api = useApi();
  const resolve = useResolve();
  const box = useRef<HTMLDivElement>(null);
  const [counts, setCounts] = useState<Counts>(new Map());
  /** The open panel's block: its discussions as last read. */
  const [threads, setThreads] = useState<{ id: string; discussions: Discussion[] } | null>(null);
  /** The block whose panel is open (editor id), whether it opened on a new comment, and what had focus. */
  const [open, setOpen] = useState<{ editorId: string; compose: boolean; back: HTMLElement | null } | null>(null);
  const [tops, setTops] = useState<Map<string, number>>(new Map());
  const [version, setVersion] = useState(0);
  /** The block whose actions menu (Ctrl/Cmd+/, BlockActions.tsx) is open (editor id). */
  const [actions, setActions] = useState<string | null>(null);
  /** What the live region last said (a block moved, deleted…). */
  const [said, setSaid] = useState("");

  const doc = () => flatten(editor.document as unknown as EBlock[]);
  const reading = useRef(false);
  const again = useRef(false);
  const refresh = useCallback(async (): Promise<Counts | undefined> => {
    // One read at a time; asked meanwhile (a comment just sent here): once more after it.
    if (reading.current) {
      again.current = true;
      return undefined;
    }
    reading.current = true;
    try {
      const next = await readCounts(api, sync.pageId);
      setCounts((old) => (sameCounts(old, next) ? old : next));
      return next;
    } catch {
      return undefined; // offline for a moment: the next beat asks again
    } finally {
      reading.current = false;
      if (again.current) {
        again.current = false;
        void refresh();
      }
    }
  }, [api, sync]);

  // Every block's count when the page opens, then on every live beat.
  useEffect(() => {
    const started = performance.now();
    void refresh().then((read) => {
      // Read by test/web-page.test.ts to log what the counts cost.
      if (read) (window as unknown as { __quireCommentCounts?: Json }).__quireCommentCounts = { blocks: read.size, ms: Math.round(performance.now() - started) };
    });
    return sync.onTick(() => void refresh());
  }, [sync, refresh]);

  // Where each block is, for its marker and panel (again on every change of the document or the window).
  useLayoutEffect(() => {
    const measure = () => {
      const root = box.current;
      if (!root) return;
      const origin = root.getBoundingClientRect().top;
      const next = new Map<string, number>();
      for (const el of root.querySelectorAll<HTMLElement>(".bn-block-outer[data-id]")) next.set(el.dataset.id!, el.getBoundingClientRect().top - origin);
      setTops((old) => (same(old, next) ? old : next));
    };
    measure();
    const off = editor.onChange(() => requestAnimationFrame(measure));
    const observer = new ResizeObserver(() => measure());
    if (box.current) observer.observe(box.current);
    return () => {
      off?.();
      observer.disconnect();
    };
  }, [editor, version, counts]);

  const openFor = useCallback((editorId: string, compose: boolean) => {
    setOpen({ editorId, compose, back: document.activeElement instanceof HTMLElement ? document.activeElement : null });
    setVersion((v) => v + 1);
  }, []);
  const openId = open ? sync.savedNotionIdOf(open.editorId) : null;
  const openCount = openId ? (counts.get(openId) ?? 0) : 0;
  // The open block's threads: when it opens, and again when its count changes (here or elsewhere).
  const shown = useRef<string | null>(null);
  shown.current = openId;
  const loadThreads = useCallback(
    async (id: string) => {
      const discussions = await discussionsOf(api, id);
      if (shown.current === id) setThreads({ id, discussions }); // not a block closed meanwhile
    },
    [api],
  );
  useEffect(() => {
    if (openId) void loadThreads(openId).catch(() => undefined);
  }, [openId, openCount, loadThreads]);
  const afterChange = async (id: string) => {
    await Promise.all([loadThreads(id), refresh()]);
  };
  const close = () => {
    const back = open?.back;
    setOpen(null);
    if (back?.isConnected) back.focus();
    else editor.focus();
  };

  // Ctrl/Cmd+Shift+M: comment on the block holding the cursor.
  useEffect(() => {
    const root = box.current;
    if (!root || !canComment) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.key.toLowerCase() !== "m") return;
      const block = cursorBlock(editor);
      if (!block) return;
      e.preventDefault();
      openFor(block, true);
    };
    root.addEventListener("keydown", onKey);
    return () => root.removeEventListener("keydown", onKey);
  }, [editor, canComment, openFor]);

  // Ctrl/Cmd+/: the actions menu of the block holding the cursor (Notion's shortcut).
  useEffect(() => {
    const root = box.current;
    if (!root || !canEdit) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key !== "/") return;
      const block = cursorBlock(editor);
      if (!block) return;
      e.preventDefault();
      e.stopPropagation();
      setSaid("");
      setActions(block);
    };
    // Captured: before the editor takes the key.
    root.addEventListener("keydown", onKey, true);
    return () => root.removeEventListener("keydown", onKey, true);
  }, [editor, canEdit]);
  const closeActions = (focusBlock: string | null) => {
    setActions(null);
    try {
      if (focusBlock) editor.setTextCursorPosition(focusBlock, "end");
    } catch {
      // a block without text (an image): the cursor stays where the editor has it
    }
    editor.focus();
  };

  const byEditor = new Map(doc().map((b) => [b.id, b]));
  const markers = [...byEditor.values()].flatMap((b) => {
    const id = sync.savedNotionIdOf(b.id);
    const n = id ? (counts.get(id) ?? 0) : 0;
    const top = tops.get(b.id);
    return n > 0 && top !== undefined ? [{ editorId: b.id, n, top, text: blockText(b) }] : [];
  });
  const openBlock = open ? byEditor.get(open.editorId) : undefined;

  return (
    <CommentActions.Provider value={canComment ? { comment: (id) => openFor(id, true) } : null}>
      <div className="page-editor-box" ref={box}>
        {children}
        <div className="comment-margin">
          {markers.map((m) => (
            <button
              key={m.editorId}
              type="button"
              className="comment-marker"
              style={{ top: m.top }}
              aria-expanded={open?.editorId === m.editorId}
              aria-label={`${m.n} ${m.n === 1 ? "comment" : "comments"} on “${short(m.text) || "a block"}”`}
              onClick={() => (open?.editorId === m.editorId ? close() : openFor(m.editorId, false))}
            >
              <span aria-hidden="true">💬</span> {m.n}
            </button>
          ))}
        </div>
        {actions && byEditor.has(actions) && (
          <BlockActionsMenu
            key={actions}
            editor={editor}
            sync={sync}
            editorId={actions}
            name={short(blockText(byEditor.get(actions))) || "a block"}
            top={tops.get(actions) ?? 0}
            comment={
              canComment
                ? () => {
                    const id = actions;
                    setActions(null);
                    openFor(id, true);
                  }
                : undefined
            }
            say={setSaid}
            close={closeActions}
          />
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {said}
        </p>
        {open && openBlock && (
          <BlockPanel
            key={open.editorId}
            top={tops.get(open.editorId) ?? 0}
            text={blockText(openBlock)}
            notionId={openId}
            discussions={(openId && threads?.id === openId && threads.discussions) || []}
            compose={open.compose && canComment}
            canComment={canComment}
            close={close}
            post={async (body) => {
              await api.v1("POST", "/comments", body);
              if (openId) await afterChange(openId);
            }}
            resolve={
              resolve && openId
                ? async (d) => {
                    await resolve(d);
                    await afterChange(openId);
                  }
                : undefined
            }
          />
        )}
      </div>
    </CommentActions.Provider>
  );
}

function BlockPanel(props: {
  top: number;
  text: string;
  notionId: string | null;
  discussions: Discussion[];
  compose: boolean;
  canComment: boolean;
  close: () => void;
  post: (body: Json) => Promise<void>;
  resolve?: (d: Discussion) => Promise<void>;
}) {
  const { top, text, notionId, discussions, compose, canComment, close, post, resolve } = props;
  const [composing, setComposing] = useState(compose);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!compose) panel.current?.focus();
  }, [compose]);
  // Escape closes the panel wherever focus went (a sent reply's field is gone).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [close]);
  return (
    <div
      ref={panel}
      className="comment-panel"
      role="dialog"
      aria-label={`Comments on “${short(text) || "a block"}”`}
      tabIndex={-1}
      style={{ top }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          close();
        }
      }}
    >
      <div className="comment-panel-head">
        <blockquote>{short(text) || "A block"}</blockquote>
        <button type="button" onClick={close} aria-label="Close comments">
          ✕
        </button>
      </div>
      {!notionId && <p>This block is not saved yet: comment on it once it is.</p>}
      {discussions.map((d) => (
        <Thread key={d.id} d={d} reply={canComment ? (t) => post({ discussion_id: d.id, rich_text: rich(t) }) : undefined} resolve={resolve ? () => resolve(d) : undefined} />
      ))}
      {notionId &&
        canComment &&
        (composing || !discussions.length ? (
          <Composer label="Comment on this block" autoFocus={composing} submit={(t) => post({ parent: { block_id: notionId }, rich_text: rich(t) }).then(() => setComposing(false))} cancel={close} />
        ) : (
          <button type="button" onClick={() => setComposing(true)}>
            New discussion
          </button>
        ))}
    </div>
  );
}

/** The editor id of the block holding the cursor; undefined when the editor has no cursor (not focused yet, a node selection). */
function cursorBlock(editor: PageEditor): string | undefined {
  try {
    return editor.getTextCursorPosition().block.id;
  } catch {
    return undefined;
  }
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function same(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
