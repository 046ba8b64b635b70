/**
 * Control-API verbs for page permissions: the explicit entries on a page or database, the level
 * each principal ends up with there (src/domain/permissions.ts), setting and removing entries,
 * and a top-level page's section (src/domain/page-sections.ts).
 */
import type { StoredNode, Tx } from "../../storage/types.js";
import type { PermissionLevel, Principal } from "../../storage/permissions.js";
import { ApiError, errors } from "../../api/errors.js";
import { effectiveEntries, levelOf, type EffectiveEntry } from "../permissions.js";
import { moveToSection, sectionOf, type PageSection } from "../page-sections.js";
import { checkPeople, getGroupOr404 } from "./groups.js";
import type { PersonInWorkspace } from "../permissions.js";
import { checkPageSharing, maySharePage } from "./page-sharer.js";

/** A principal as a request names it: the workspace's id may be left out. */
export interface PrincipalRequest {
  type: Principal["type"];
  id?: string;
}

/** What `GET /_quire/v1/pages/{id}/permissions` answers. */
export interface PagePermissionsView {
  object: "page_permissions";
  page_id: string;
  /** Top-level pages only: the sidebar section they are in; null below the top level. */
  section: PageSection | null;
  /** The entries set on this page itself. */
  explicit: { principal: Principal; level: PermissionLevel }[];
  /** Every principal's level here, explicit or inherited, and the node it comes from. */
  effective: EffectiveEntry[];
  /** Whether the caller may change these entries and the page's connections (page-sharer.ts). */
  can_share: boolean;
}

/** The page or database, or 404; permissions live on pages and databases only (blocks inherit). */
export async function permissionTarget(tx: Tx, workspaceId: string, id: string): Promise<StoredNode> {
  const node = await tx.getNode(workspaceId, id);
  if (!node) throw errors.notFound("page", id);
  if (node.type !== "page" && node.type !== "database")
    throw errors.validation(`${id} is a ${node.type === "data_source" ? "data source" : "block"}: permissions are set on pages and databases, and everything inside them inherits.`);
  return node;
}

/** The principal a request names, checked against the workspace: a person of it, one of its groups, or itself. */
export async function resolvePrincipal(tx: Tx, workspaceId: string, p: PrincipalRequest): Promise<Principal> {
  if (p.type === "workspace") {
    if (p.id !== undefined && p.id !== workspaceId) throw errors.validation(`body.principal.id should be this workspace's id \`${workspaceId}\` or absent for a workspace principal, instead was \`"${p.id}"\`.`);
    return { type: "workspace", id: workspaceId };
  }
  if (p.id === undefined) throw errors.validation(`body.principal.id should be defined for a ${p.type} principal, instead was \`undefined\`.`);
  if (p.type === "group") await getGroupOr404(tx, workspaceId, p.id);
  else await checkPeople(tx, workspaceId, [p.id], "body.principal.id");
  return { type: p.type, id: p.id };
}

/**
 * The permissions of a page or database: its own entries, everyone's effective level, its section.
 * `sharer`: a person held to their level (they must see the page), or null for the admin key or an owner.
 */
export async function viewPagePermissions(tx: Tx, workspaceId: string, id: string, sharer: PersonInWorkspace | null = null): Promise<PagePermissionsView> {
  const level = await checkPageSharing(tx, workspaceId, id, sharer, "read");
  const node = await permissionTarget(tx, workspaceId, id);
  const explicit = (await tx.permissions.listOn(workspaceId, id)).map((e) => ({ principal: { type: e.principal_type, id: e.principal_id }, level: e.level }));
  return {
    object: "page_permissions",
    page_id: id,
    section: node.parent_type === "workspace" ? await sectionOf(tx, workspaceId, id) : null,
    explicit,
    effective: await effectiveEntries(tx, workspaceId, id),
    can_share: maySharePage(sharer, level),
  };
}

/** Sets (or, with `level: null`, removes) a principal's explicit entry on a page or database; a `sharer` needs full access there. */
export async function setPagePermission(
  tx: Tx,
  workspaceId: string,
  id: string,
  principal: PrincipalRequest,
  level: PermissionLevel | null,
  sharer: PersonInWorkspace | null = null,
): Promise<PagePermissionsView> {
  await checkPageSharing(tx, workspaceId, id, sharer, "share");
  await permissionTarget(tx, workspaceId, id);
  const p = await resolvePrincipal(tx, workspaceId, principal);
  if (level === null) await tx.permissions.remove(workspaceId, id, p);
  else await tx.permissions.set({ workspace_id: workspaceId, node_id: id, principal_type: p.type, principal_id: p.id, level });
  return viewAfter(tx, workspaceId, id, sharer);
}

/** Removes a principal's explicit entry; 404 when the page has none for it; a `sharer` needs full access there. */
export async function removePagePermission(tx: Tx, workspaceId: string, id: string, principal: Principal, sharer: PersonInWorkspace | null = null): Promise<PagePermissionsView> {
  await checkPageSharing(tx, workspaceId, id, sharer, "share");
  await permissionTarget(tx, workspaceId, id);
  if (!(await tx.permissions.remove(workspaceId, id, principal)))
    throw new ApiError(404, "object_not_found", `Could not find a permission of ${principal.type} ${principal.id} on ${id}: inherited access is changed where it is set, or overridden here with PUT.`);
  return viewAfter(tx, workspaceId, id, sharer);
}

/**
 * The page's permissions after a change. A person who just took away their own access (or full
 * access) still gets the answer — what the change left — with `can_share` saying what they may now do.
 */
async function viewAfter(tx: Tx, workspaceId: string, id: string, sharer: PersonInWorkspace | null): Promise<PagePermissionsView> {
  const view = await viewPagePermissions(tx, workspaceId, id);
  if (sharer === null) return view;
  const level = await levelOf(tx, workspaceId, sharer, id);
  return { ...view, can_share: maySharePage(sharer, level) };
}

/**
 * Moves a top-level page to the Workspace or the Private section; `private` needs a person to
 * own it: `userId`, else the page's creator when that is a person of the workspace.
 */
export async function setPageSection(tx: Tx, workspaceId: string, id: string, section: PageSection, userId?: string): Promise<PagePermissionsView> {
  const node = await permissionTarget(tx, workspaceId, id);
  if (node.parent_type !== "workspace") throw errors.validation(`Page ${id} is not at the top level of the workspace: only top-level pages are in a section; pages below inherit.`);
  if (section === "private" && userId !== undefined) await checkPeople(tx, workspaceId, [userId], "body.user_id");
  else if (section === "private" && (await tx.getUser(workspaceId, node.created_by))?.type !== "person")
    throw errors.validation(`body.user_id should be defined: page ${id} was not created by a person, so say whose private page it becomes.`);
  await moveToSection(tx, workspaceId, id, section, userId ?? node.created_by);
  return viewPagePermissions(tx, workspaceId, id);
}
