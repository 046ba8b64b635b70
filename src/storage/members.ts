import type { Page, UserRow, WorkspaceRole } from "./records.js";

/**
 * Workspace membership (`Tx.members`): a person is one user id across the workspaces of a Quire,
 * with a `users` row (type `person`) in each workspace they belong to, carrying that workspace's
 * role (docs/ARCHITECTURE.md, "Workspaces and people"). A row whose role is null is a former
 * member: kept so pages, comments and people values still name them, never listed.
 */
export interface MemberStore {
  /**
   * What `GET /v1/users` lists: the workspace's bots and its members who are not guests, in
   * creation order from the user `from` (a cursor; any user row of the workspace); null if
   * `from` is not one.
   */
  listListed(workspaceId: string, from: string | null, limit: number): Promise<Page<UserRow> | null>;
  /** The workspace's members (people with a role, guests included) in creation order from `from`, as `listListed`. */
  listMembers(workspaceId: string, from: string | null, limit: number): Promise<Page<UserRow> | null>;
  /** Sets a person's role in the workspace (null ends the membership); false when no such person row. */
  setRole(workspaceId: string, userId: string, role: WorkspaceRole | null): Promise<boolean>;
  /** How many owners the workspace has. */
  countOwners(workspaceId: string): Promise<number>;
  /** The person's rows in every workspace (current and former memberships), oldest workspace first. */
  membershipsOf(userId: string): Promise<UserRow[]>;
}
