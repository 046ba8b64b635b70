/**
 * Comments (/v1/comments): the page's own discussions at the top of the page, as Notion shows
 * them under the title (add one, reply, resolve), and the pieces the discussions beside blocks
 * (BlockComments.tsx) share: a thread with its Reply (and Resolve for an owner), a composer.
 */
import { useState } from "react";
import type { Api, Json } from "../api";
import { useApi } from "../context";
import { plainText } from "../notion";
import { useLoad } from "../use-load";

export interface Discussion {
  id: string;
  blockId: string;
  comments: Json[];
}

/** A block's (or the page's) open comments, grouped by discussion, oldest first. */
export async function discussionsOf(api: Api, blockId: string): Promise<Discussion[]> {
  const by = new Map<string, Discussion>();
  for (const c of await api.all<Json>("GET", `/comments?block_id=${blockId}`)) {
    const d: Discussion = by.get(c.discussion_id) ?? { id: c.discussion_id, blockId, comments: [] };
    d.comments.push(c);
    by.set(c.discussion_id, d);
  }
  return [...by.values()];
}

export function rich(text: string): Json[] {
  return [{ type: "text", text: { content: text } }];
}

/**
 * Resolving a discussion: Notion's public API cannot (it lists open comments only), so the app
 * asks the control API (`PATCH /_quire/v1/workspaces/<ws>/comments/<id>`), which answers a
 * session of the workspace's owners only; others see no Resolve.
 */
export function useResolve(): ((d: Discussion) => Promise<void>) | undefined {
  const api = useApi();
  const owner = api.session.workspaces.find((w) => w.id === api.workspaceId)?.can_manage;
  if (!owner) return undefined;
  return async (d) => {
    await api.control("PATCH", `/comments/${d.comments[0].id}`, { resolved: true });
  };
}

/** The page's own discussions, under its header. */
export function PageComments({ pageId, canComment }: { pageId: string; canComment: boolean }) {
  const api = useApi();
  const data = useLoad(() => discussionsOf(api, pageId), [api, pageId]);
  const resolve = useResolve();
  const [adding, setAdding] = useState(false);
  const post = async (body: Json) => {
    await api.v1("POST", "/comments", body);
    data.reload();
  };
  const discussions = data.data ?? [];
  if (!discussions.length && !canComment) return null;
  return (
    <section className="comments page-comments" aria-label="Comments on the page">
      {data.error && <p role="alert">{data.error.message}</p>}
      {discussions.map((d) => (
        <Thread
          key={d.id}
          d={d}
          reply={canComment ? (text) => post({ discussion_id: d.id, rich_text: rich(text) }) : undefined}
          resolve={resolve ? async () => (await resolve(d), data.reload()) : undefined}
        />
      ))}
      {canComment &&
        (adding || discussions.length ? (
          <Composer label="Add a comment" autoFocus={adding} submit={(text) => post({ parent: { page_id: pageId }, rich_text: rich(text) })} cancel={adding ? () => setAdding(false) : undefined} />
        ) : (
          <button type="button" onClick={() => setAdding(true)}>
            💬 Add a comment
          </button>
        ))}
    </section>
  );
}

export function Thread({ d, reply, resolve }: { d: Discussion; reply?: (text: string) => Promise<void>; resolve?: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="thread">
      <ul>
        {d.comments.map((c) => (
          <li key={c.id}>
            <span className="comment-author">{c.display_name?.resolved_name ?? c.created_by?.name ?? "Someone"}</span> <span>{plainText(c.rich_text)}</span>
          </li>
        ))}
      </ul>
      {reply && open && <Composer label="Reply" autoFocus submit={async (t) => (await reply(t), setOpen(false))} cancel={() => setOpen(false)} />}
      {!open && (reply || resolve) && (
        <div className="thread-actions">
          {reply && (
            <button type="button" onClick={() => setOpen(true)}>
              Reply
            </button>
          )}
          {resolve && (
            <button type="button" onClick={() => resolve().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))}>
              Resolve
            </button>
          )}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

export function Composer({ label, submit, cancel, autoFocus }: { label: string; submit: (text: string) => Promise<void>; cancel?: () => void; autoFocus?: boolean }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="composer"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        setBusy(true);
        try {
          await submit(text.trim());
          setText("");
          setError(null);
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        } finally {
          setBusy(false);
        }
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && cancel) {
          e.stopPropagation();
          cancel();
        }
      }}
    >
      <label>
        <span className="visually-hidden">{label}</span>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- opened by the person's own action */}
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder={`${label}…`} autoFocus={autoFocus} />
      </label>
      <button type="submit" disabled={busy}>
        {label === "Reply" ? "Reply" : "Comment"}
      </button>
      {cancel && (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      )}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
