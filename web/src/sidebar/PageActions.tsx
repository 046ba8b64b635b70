/** The top bar over a page: Share (the sharing dialog) and the favourite star (h16-page may move them into its header). */
import { useEffect, useState } from "react";
import type { Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import { titleOf } from "../notion";
import { FavoriteButton } from "./favorites";
import { ShareDialog } from "./ShareDialog";
import { changes } from "./tree-model";
import "./sidebar.css";

export function PageActions({ pageId }: { pageId: string }) {
  const api = useApi();
  const [sharing, setSharing] = useState(false);
  const page = useLoad(() => api.v1<Json>("GET", `/pages/${pageId}?filter_properties=title`), [api, pageId]);
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
