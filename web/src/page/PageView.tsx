/** A page: its icon, title and blocks (read through /v1 as the signed-in person). */
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { iconEmoji, plainText, titleOf } from "../notion";

export function PageView({ pageId }: { pageId: string }) {
  const api = useApi();
  const page = useLoad(() => api.v1<Json>("GET", `/pages/${pageId}`), [api, pageId]);
  const blocks = useLoad(() => api.all<Json>("GET", `/blocks/${pageId}/children`), [api, pageId]);
  if (page.error) return <ErrorState error={page.error} />;
  if (!page.data) return <p aria-busy="true">Loading…</p>;
  return (
    <article className="page-body">
      {iconEmoji(page.data) && (
        <div className="page-icon" aria-hidden="true">
          {iconEmoji(page.data)}
        </div>
      )}
      <h1 className="page-title">{titleOf(page.data)}</h1>
      {blocks.error && <p role="alert">{blocks.error.message}</p>}
      <div className="blocks">
        {(blocks.data ?? []).map((b) => (
          <BlockText key={b.id} block={b} />
        ))}
      </div>
    </article>
  );
}

function BlockText({ block }: { block: Json }) {
  const value = block[block.type] ?? {};
  const text = plainText(value.rich_text);
  if (block.type === "heading_1") return <h2>{text}</h2>;
  if (block.type === "heading_2") return <h3>{text}</h3>;
  if (block.type === "heading_3") return <h4>{text}</h4>;
  return <p data-block-type={block.type}>{text}</p>;
}

export function ErrorState({ error }: { error: Error }) {
  return (
    <div className="empty-state" role="alert">
      <h1>{(error as { status?: number }).status === 404 ? "This page does not exist or is not shared with you" : "Something went wrong"}</h1>
      <p>{error.message}</p>
    </div>
  );
}
