/**
 * Discussions beside blocks, as Notion shows them: a block with comments has a marker with the
 * count in the page's right margin; the marker opens the block's threads in a panel beside it
 * (reply, resolve for an owner, a new discussion); "Comment" in a block's handle menu and
 * Ctrl/Cmd+Shift+M (the block holding the cursor) open the panel on an empty comment. Below
 * 720 px the panel is a bottom sheet.
 *
 * Counts: Notion's API lists comments one block at a time (`GET /v1/comments?block_id=`) and says
 * nothing on a block about its comments, so every saved block is asked once when the page opens
 * (at most PARALLEL at a time), and a block again after a comment is added, replied to or
 * resolved here, or when its panel opens.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Api, Json } from "../api";
import { useApi } from "../context";
import { Composer, Thread, discussionsOf, rich, useResolve, type Discussion } from "./Comments";
import { inlineText, type EBlock } from "./mapping";
import type { PageEditor } from "./schema";
import type { PageSync } from "./sync";

/** At most this many comment lists are read at once. */
const PARALLEL = 6;

/** What the editor's handle menu and shortcut call: open a block's discussions, on an empty comment. */
export const CommentActions = createContext<{ comment: (editorId: string) => void } | null>(null);
export const useCommentActions = () => useContext(CommentActions);

/** Each block's open discussions by Notion id (a block absent: not read yet). */
type Counts = Map<string, Discussion[]>;

async function readAll(api: Api, ids: string[], into: (id: string, d: Discussion[]) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      into(id, await discussionsOf(api, id).catch(() => []));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
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
export function BlockComments({ editor, sync, canComment, children }: { editor: PageEditor; sync: PageSync; canComment: boolean; children: ReactNode }) {
  const api = useApi();
  const resolve = useResolve();
  const box = useRef<HTMLDivElement>(null);
  const [counts, setCounts] = useState<Counts>(new Map());
  /** The block whose panel is open (editor id), whether it opened on a new comment, and what had focus. */
  const [open, setOpen] = useState<{ editorId: string; compose: boolean; back: HTMLElement | null } | null>(null);
  const [tops, setTops] = useState<Map<string, number>>(new Map());
  const [version, setVersion] = useState(0);

  const doc = () => flatten(editor.document as unknown as EBlock[]);
  const set = useCallback((id: string, d: Discussion[]) => setCounts((old) => new Map(old).set(id, d)), []);

  // Every saved block's discussions, once, when the page opens.
  useEffect(() => {
    // After the editor's own effect has attached `sync` (a parent's effects run after its children's).
    const timer = setTimeout(() => {
      const started = performance.now();
      const ids = doc().flatMap((b) => sync.savedNotionIdOf(b.id) ?? []);
      void readAll(api, ids, set).then(() => {
        // Read by test/web-page.test.ts to log what the counts cost.
        (window as unknown as { __quireCommentCounts?: Json }).__quireCommentCounts = { blocks: ids.length, ms: Math.round(performance.now() - started) };
      });
    }, 0);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, sync]);

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

  const openFor = useCallback(
    (editorId: string, compose: boolean) => {
      setOpen({ editorId, compose, back: document.activeElement instanceof HTMLElement ? document.activeElement : null });
      const id = sync.savedNotionIdOf(editorId);
      if (id) void discussionsOf(api, id).then((d) => set(id, d), () => undefined);
      setVersion((v) => v + 1);
    },
    [api, sync, set],
  );
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
      let block: string | undefined;
      try {
        block = editor.getTextCursorPosition().block.id;
      } catch {
        block = undefined;
      }
      if (!block) return;
      e.preventDefault();
      openFor(block, true);
    };
    root.addEventListener("keydown", onKey);
    return () => root.removeEventListener("keydown", onKey);
  }, [editor, canComment, openFor]);

  const byEditor = new Map(doc().map((b) => [b.id, b]));
  const markers = [...byEditor.values()].flatMap((b) => {
    const id = sync.savedNotionIdOf(b.id);
    const n = id ? (counts.get(id) ?? []).reduce((s, d) => s + d.comments.length, 0) : 0;
    const top = tops.get(b.id);
    return n > 0 && top !== undefined ? [{ editorId: b.id, n, top, text: blockText(b) }] : [];
  });
  const openBlock = open ? byEditor.get(open.editorId) : undefined;
  const openId = open ? sync.savedNotionIdOf(open.editorId) : null;

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
        {open && openBlock && (
          <BlockPanel
            key={open.editorId}
            top={tops.get(open.editorId) ?? 0}
            text={blockText(openBlock)}
            notionId={openId}
            discussions={(openId && counts.get(openId)) || []}
            compose={open.compose && canComment}
            canComment={canComment}
            close={close}
            post={async (body) => {
              await api.v1("POST", "/comments", body);
              if (openId) set(openId, await discussionsOf(api, openId));
            }}
            resolve={
              resolve && openId
                ? async (d) => {
                    await resolve(d);
                    set(openId, await discussionsOf(api, openId));
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

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function same(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
