/**
 * Comments (/v1/comments): the page's discussions at the bottom, and — once shown — each block's
 * discussions with the block's text and a count; reply to a discussion, start one on the page or
 * on the block holding the cursor.
 */
import { useState } from "react";
import type { Api, Json } from "../api";
import { useApi } from "../context";
import { plainText } from "../notion";
import { useLoad } from "../use-load";

interface Discussion {
  id: string;
  blockId: string;
  comments: Json[];
}

function group(comments: Json[], blockId: string): Discussion[] {
  const by = new Map<string, Discussion>();
  for (const c of comments) {
    const d: Discussion = by.get(c.discussion_id) ?? { id: c.discussion_id, blockId, comments: [] };
    d.comments.push(c);
    by.set(c.discussion_id, d);
  }
  return [...by.values()];
}

async function loadComments(api: Api, pageId: string, blockIds: string[] | null): Promise<{ page: Discussion[]; blocks: Discussion[] }> {
  const page = group(await api.all<Json>("GET", `/comments?block_id=${pageId}`), pageId);
  const blocks: Discussion[] = [];
  for (let i = 0; blockIds && i < blockIds.length; i += 4) {
    const lists = await Promise.all(blockIds.slice(i, i + 4).map(async (id) => group(await api.all<Json>("GET", `/comments?block_id=${id}`).catch(() => []), id)));
    blocks.push(...lists.flat());
  }
  return { page, blocks };
}

export function Comments({ pageId, blocks, cursorBlock, canComment }: { pageId: string; blocks: () => { id: string; text: string }[]; cursorBlock: () => { id: string; text: string } | null; canComment: boolean }) {
  const api = useApi();
  const [showBlocks, setShowBlocks] = useState(false);
  const [target, setTarget] = useState<{ id: string; text: string } | null>(null);
  const data = useLoad(() => loadComments(api, pageId, showBlocks ? blocks().map((b) => b.id) : null), [api, pageId, showBlocks]);
  const texts = new Map(blocks().map((b) => [b.id, b.text]));
  const post = async (body: Json) => {
    await api.v1("POST", "/comments", body);
    data.reload();
  };
  const pageDiscussions = data.data?.page ?? [];
  const blockDiscussions = data.data?.blocks ?? [];
  return (
    <section className="comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading" className="section-heading">
        Comments
      </h2>
      {data.error && <p role="alert">{data.error.message}</p>}
      {pageDiscussions.map((d) => (
        <Thread key={d.id} d={d} reply={canComment ? (text) => post({ discussion_id: d.id, rich_text: rich(text) }) : undefined} />
      ))}
      {canComment && <Composer label="Add a comment" submit={(text) => post({ parent: { page_id: pageId }, rich_text: rich(text) })} />}
      <div className="comments-blocks">
        {!showBlocks ? (
          <button type="button" onClick={() => setShowBlocks(true)}>
            Show comments on blocks
          </button>
        ) : (
          <>
            <h3 className="section-heading">On blocks ({blockDiscussions.reduce((n, d) => n + d.comments.length, 0)})</h3>
            {blockDiscussions.map((d) => (
              <div key={d.id} className="comment-block">
                <blockquote>{texts.get(d.blockId) || "A block"}</blockquote>
                <Thread d={d} reply={canComment ? (text) => post({ discussion_id: d.id, rich_text: rich(text) }) : undefined} />
              </div>
            ))}
          </>
        )}
        {canComment && !target && (
          <button type="button" onClick={() => setTarget(cursorBlock())}>
            Comment on the current block
          </button>
        )}
        {target && (
          <div className="comment-block">
            <blockquote>{target.text || "A block"}</blockquote>
            <Composer
              label="Comment on this block"
              submit={async (text) => {
                await post({ parent: { block_id: target.id }, rich_text: rich(text) });
                setTarget(null);
                setShowBlocks(true);
              }}
              cancel={() => setTarget(null)}
            />
          </div>
        )}
      </div>
    </section>
  );
}

function rich(text: string): Json[] {
  return [{ type: "text", text: { content: text } }];
}

function Thread({ d, reply }: { d: Discussion; reply?: (text: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="thread">
      <ul>
        {d.comments.map((c) => (
          <li key={c.id}>
            <span className="comment-author">{c.display_name?.resolved_name ?? c.created_by?.name ?? "Someone"}</span> <span>{plainText(c.rich_text)}</span>
          </li>
        ))}
      </ul>
      {reply && (open ? <Composer label="Reply" submit={async (t) => (await reply(t), setOpen(false))} cancel={() => setOpen(false)} /> : <button type="button" onClick={() => setOpen(true)}>Reply</button>)}
    </div>
  );
}

function Composer({ label, submit, cancel }: { label: string; submit: (text: string) => Promise<void>; cancel?: () => void }) {
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
      onKeyDown={(e) => e.key === "Escape" && cancel?.()}
    >
      <label>
        <span className="visually-hidden">{label}</span>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder={`${label}…`} />
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
