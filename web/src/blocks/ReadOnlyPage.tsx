/**
 * A page shown read-only with Quire's renderer: cover, icon, title and every block. The app
 * shows it at `/w/<ws>/p/<page id>?view=read`; page/ may mount it for a person who can only read,
 * or when its editor cannot load.
 */
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { fileUrl, titleOf } from "../notion";
import { NotionBlocks } from "./NotionBlock";
import { NotionIcon } from "./Icon";
import { safeUrl } from "./links";
import "./blocks.css";

export function ReadOnlyPage({ pageId }: { pageId: string }) {
  const api = useApi();
  const page = useLoad(() => api.v1<Json>("GET", `/pages/${pageId}`), [api, pageId]);
  const blocks = useLoad(() => api.all<Json>("GET", `/blocks/${pageId}/children`), [api, pageId]);
  if (page.error) {
    return (
      <div className="empty-state" role="alert">
        <h1>{(page.error as { status?: number }).status === 404 ? "This page does not exist or is not shared with you" : "Something went wrong"}</h1>
        <p>{page.error.message}</p>
      </div>
    );
  }
  if (!page.data) return <p aria-busy="true">Loading…</p>;
  const cover = safeUrl(fileUrl(page.data.cover));
  return (
    <article className="nt-page">
      {cover && <img className="nt-page-cover" src={cover} alt="" />}
      <div className="page-body">
        {page.data.icon && <NotionIcon icon={page.data.icon} className="page-icon" />}
        <h1 className="page-title">{titleOf(page.data)}</h1>
        {blocks.error && <p role="alert">{blocks.error.message}</p>}
        {blocks.loading && !blocks.data && <p aria-busy="true">Loading…</p>}
        <div className="nt-blocks">{blocks.data && <NotionBlocks blocks={blocks.data} pageId={pageId} />}</div>
      </div>
    </article>
  );
}
