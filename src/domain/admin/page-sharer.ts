/**
 * Who may read and change a page's sharing through the control API (docs/design/web-session.md,
 * "A page's sharing"). The admin key and a workspace's owners: any page, as before (`null` here).
 * Anyone else signed in (control-access.ts `PAGE_SHARING`): held to their own level on the page —
 * Notion's Share menu, where full access "can edit and share with others"
 * (notion.com/help/sharing-and-permissions) and the rest see who has access without changing it.
 */
import { errors } from "../../api/errors.js";
import type { Tx } from "../../storage/types.js";
import { allows, levelOf, type PermissionLevel, type PersonInWorkspace } from "../permissions.js";

const YOUR_LEVEL: Readonly<Record<PermissionLevel, string>> = { full_access: "have full access", can_edit: "can edit it", can_comment: "can comment on it", can_view: "can view it" };

/** What the caller wants to do with the page's sharing. */
export type SharingUse = "read" | "share" | "connect";

/**
 * Throws unless `sharer` may `use` the page's sharing: 404 for a page they cannot see (as on
 * /v1: an unseen page is not there), 403 `restricted_resource` to change it without full access,
 * and 403 for a guest's connection (Notion: members and owners add connections). Null `sharer`
 * (the admin key, an owner) may do everything. Returns the person's level (null for `sharer` null).
 */
export async function checkPageSharing(tx: Tx, workspaceId: string, pageId: string, sharer: PersonInWorkspace | null, use: SharingUse): Promise<PermissionLevel | null> {
  if (sharer === null) return null;
  const level = await levelOf(tx, workspaceId, sharer, pageId);
  if (level === null) throw errors.notFound("page", pageId);
  if (use === "read") return level;
  if (use === "connect" && sharer.role === "guest") throw errors.restricted("Guests cannot connect integrations to pages: a member or owner of the workspace adds connections.");
  if (!allows(level, "full_access")) throw errors.restricted(`Only people with full access to page ${pageId} can change its sharing; you ${YOUR_LEVEL[level]}.`);
  return level;
}

/** Whether the caller may change the page's sharing: the admin key and owners always; a person with full access. */
export function maySharePage(sharer: PersonInWorkspace | null, level: PermissionLevel | null): boolean {
  return sharer === null || allows(level, "full_access");
}
