/**
 * A page's connections: the integrations of the workspace and whether each reaches the page —
 * shared with it, or with a page above it (everything inside a shared page is shared: Notion,
 * notion.com/help/add-and-manage-connections-with-the-api) — and connecting or disconnecting one
 * here. The same shares as `POST/DELETE …/integrations/{id}/shares`, seen from the page.
 */
import { ApiError } from "../../api/errors.js";
import type { Deps } from "../context.js";
import type { Tx } from "../../storage/types.js";
import type { PersonInWorkspace } from "../permissions.js";
import { permissionTarget } from "./page-permissions.js";
import { checkPageSharing, maySharePage } from "./page-sharer.js";
import { getIntegrationOr404, shareObject } from "./integrations.js";

/** One integration as a page's connections list shows it (`type` as `GET …/integrations/{id}` says it: an internal one, or a public one's installation). */
export interface PageConnection {
  object: "page_connection";
  integration: { id: string; name: string; type: "internal" | "installation" };
  /** True when the integration reaches the page (shared here or above). */
  connected: boolean;
  /** The page or database whose share reaches this one (nearest first); null when not connected. */
  shared_on: string | null;
  /** True when that share is on a page above; disconnected there, not here. */
  inherited: boolean;
}

/** What `GET …/pages/{id}/integrations` answers. */
export interface PageConnectionsView {
  object: "list";
  page_id: string;
  /** Every integration of the workspace, connected ones first, then in the order they were made. */
  results: PageConnection[];
  has_more: false;
  next_cursor: null;
  /** Whether the caller may connect and disconnect here (page-sharer.ts). */
  can_share: boolean;
}

/** The workspace's integrations and which reach the page; a `sharer` must see the page. */
export async function listPageConnections(tx: Tx, workspaceId: string, pageId: string, sharer: PersonInWorkspace | null = null): Promise<PageConnectionsView> {
  const level = await checkPageSharing(tx, workspaceId, pageId, sharer, "read");
  await permissionTarget(tx, workspaceId, pageId);
  const chain = (await tx.getAncestry(workspaceId, pageId)).map((a) => a.id);
  const depth = new Map(chain.map((id, i) => [id, i]));
  const nearest = new Map<string, string>();
  for (const s of await tx.sharesOn(workspaceId, chain)) {
    const seen = nearest.get(s.integration_id);
    if (seen === undefined || depth.get(s.object_id)! < depth.get(seen)!) nearest.set(s.integration_id, s.object_id);
  }
  const results = (await tx.listIntegrations(workspaceId)).map((row): PageConnection => {
    const on = nearest.get(row.id) ?? null;
    return {
      object: "page_connection",
      integration: { id: row.id, name: row.name, type: row.oauth_client_id ? "installation" : "internal" },
      connected: on !== null,
      shared_on: on,
      inherited: on !== null && on !== pageId,
    };
  });
  results.sort((a, b) => Number(b.connected) - Number(a.connected));
  const canShare = maySharePage(sharer, level) && sharer?.role !== "guest";
  return { object: "list", page_id: pageId, results, has_more: false, next_cursor: null, can_share: canShare };
}

/** Shares the page with the integration; a `sharer` needs full access and to be a member. */
export async function connectPage(deps: Deps, tx: Tx, workspaceId: string, pageId: string, integrationId: string, sharer: PersonInWorkspace | null = null) {
  await checkPageSharing(tx, workspaceId, pageId, sharer, "connect");
  await permissionTarget(tx, workspaceId, pageId);
  await shareObject(deps, tx, workspaceId, integrationId, pageId);
  return listPageConnections(tx, workspaceId, pageId, sharer);
}

/** Stops sharing the page itself with the integration; 404 when it is not shared here (an inherited share is removed where it is set). */
export async function disconnectPage(tx: Tx, workspaceId: string, pageId: string, integrationId: string, sharer: PersonInWorkspace | null = null) {
  await checkPageSharing(tx, workspaceId, pageId, sharer, "connect");
  await permissionTarget(tx, workspaceId, pageId);
  await getIntegrationOr404(tx, workspaceId, integrationId);
  if (!(await tx.removeShare(workspaceId, integrationId, pageId)))
    throw new ApiError(404, "object_not_found", `Page ${pageId} is not shared with integration ${integrationId} itself: a connection inherited from a page above is disconnected there.`);
  return listPageConnections(tx, workspaceId, pageId, sharer);
}
