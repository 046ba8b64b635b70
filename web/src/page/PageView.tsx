/**
 * A page, viewed and edited as in Notion: the header (breadcrumbs, cover, icon, title), the body
 * in a BlockNote editor (the `/` menu, markdown shortcuts, Tab nesting, drag and
 * Ctrl/Cmd+Shift+↑↓ to reorder, pasted markdown and files), saved and kept live through /v1 by
 * `PageSync`, the page's discussions under the header and the blocks' beside them. Read-only for a guest, or once the server refuses an edit (403).
 */
import { Suspense, lazy, useEffect, useRef, useState } from "react";
import "./page.css";
import { ApiError, type Json } from "../api";
import { useApi } from "../context";
import { useLoad } from "../use-load";
import type { PageEditor } from "./schema";
import type { PageSync } from "./sync";
import { loadTree } from "./tree";
import { Header } from "./Header";
import { PageComments } from "./Comments";

/** The editor's chunk (preloaded by the server on a page's address): asked for when the page opens, not once its blocks are read. */
const loadBody = () => import("./Editor");
const Body = lazy(loadBody);

/** How often the header is read again while the page is open. */
const LIVE_MS = 2000;

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
  useEffect(() => void loadBody().catch(() => undefined), []); // a failure is the lazy Body's to report
  // Live header: the title, icon and cover as another browser changes them (the blocks: PageSync).
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.hidden) return;
      api.v1<Json>("GET", `/pages/${pageId}`).then(
        // Compared whole: last_edited_time is rounded to the minute, as in Notion.
        (p) => setShown((old) => (old && headOf(old) === headOf(p) ? old : p)),
        () => undefined, // offline for a moment: the next poll tries again
      );
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [api, pageId]);

  if (page.error) return <ErrorState error={page.error} />;
  if (!shown) return <p aria-busy="true">Loading…</p>;
  const trashed = !!(shown.in_trash ?? shown.archived);
  const canEdit = role !== "guest" && !refused && !trashed;
  return (
    <article className="page-body page-view">
      <Header page={shown} canEdit={canEdit} onPage={setShown} focusBody={() => editorRef.current?.focus()} />
      {trashed && <p className="page-banner">This page is in the trash.</p>}
      {refused && <p className="page-banner">You can view this page but not edit it.</p>}
      <PageComments pageId={pageId} canComment={!trashed} />
      {tree.error && <p role="alert">{tree.error.message}</p>}
      {tree.loading && !tree.data && <p aria-busy="true">Loading…</p>}
      {tree.data && (
        <Suspense fallback={<p aria-busy="true">Loading the editor…</p>}>
        <Body
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
        />
        </Suspense>
      )}
    </article>
  );
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
