/**
 * Where a top-level page lives, as the sections of Notion's sidebar: `workspace` (every member
 * has access: the workspace-wide entry) or `private` (its creator alone, with full access). Notion
 * gives "Everyone at <workspace>" full access on a page of the Workspace section, and a new page of
 * the Private section is "Invite only", its creator with full access (Notion's help, "Sharing &
 * permissions"). Pages below inherit; nothing here applies below the top level.
 */
import type { Tx } from "../storage/types.js";
import type { PermissionLevel } from "../storage/permissions.js";

/** A top-level page's section. */
export type PageSection = "workspace" | "private";

/** The level the workspace-wide entry of a Workspace-section page gives members (Notion's default). */
export const WORKSPACE_SECTION_LEVEL: PermissionLevel = "full_access";

/**
 * Gives a new top-level page the entries of its section: the workspace-wide entry, or full access
 * for `personId` alone. Notion's API creates workspace-level pages only for public integrations,
 * in the private section of the person who authorized it (developers.notion.com, "Create a page":
 * internal integrations "aren't owned by a single user"): that call passes `private` and that person.
 */
export async function startTopLevelPage(tx: Tx, workspaceId: string, pageId: string, section: PageSection, personId: string): Promise<void> {
  if (section === "workspace") await tx.permissions.set({ workspace_id: workspaceId, node_id: pageId, principal_type: "workspace", principal_id: workspaceId, level: WORKSPACE_SECTION_LEVEL });
  else await tx.permissions.set({ workspace_id: workspaceId, node_id: pageId, principal_type: "user", principal_id: personId, level: "full_access" });
}

/** The section of a top-level page: `workspace` when it has a workspace-wide entry, else `private`. */
export async function sectionOf(tx: Tx, workspaceId: string, pageId: string): Promise<PageSection> {
  const entries = await tx.permissions.listOn(workspaceId, pageId);
  return entries.some((e) => e.principal_type === "workspace") ? "workspace" : "private";
}

/**
 * Moves a top-level page between sections: to `workspace` adds the workspace-wide entry (people
 * and groups it was shared with keep theirs); to `private` removes it and gives `personId` full
 * access, keeping the entries of people and groups (Quire's choice: a narrowing move takes away
 * the workspace only).
 */
export async function moveToSection(tx: Tx, workspaceId: string, pageId: string, section: PageSection, personId: string): Promise<void> {
  if (section === "private") await tx.permissions.remove(workspaceId, pageId, { type: "workspace", id: workspaceId });
  await startTopLevelPage(tx, workspaceId, pageId, section, personId);
}
