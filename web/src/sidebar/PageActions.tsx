/** The top bar over a page: Share (the sharing dialog) and the favourite star (h16-page may move them into its header). */
import { useEffect, useState } from "react";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { titleOf } from "../notion";
import { FavoriteButton } from "./favorites";
import { ShareDialog } from "./ShareDialog";
import { changes } from "./tree-model";
import { readPage } from "../page/read";
import "./sidebar.css";

export function PageActions({ pageId }: { pageId: string }) {
  const api = useApi();
  const [sharing, setSharing] = useState(false);
  // The page view's own read when the page opens (page/read.ts), not a second one.
  const page = useLoad(() => readPage(api, pageId), [api, pageId]);
  useEffect(() => changes.on(page.reload), [page.reload]);
  return (
    <div className="page-actions" role="toolbar" aria-label="Page">
      <button type="button" className="text-button" onClick={() => setSharing(true)}>
        Share
      </button>
      <FavoriteButton pageId={pageId} />
      {sharing && <ShareDialog pageId={pageId} title={page.data ? titleOf(page.data) : "this page"} onClose={() => setSharing(false)} />}
    </div>
  );
}
