/**
 * The store port of groups: named sets of a workspace's people (Notion's groups, which SCIM
 * provisions), and who is in each. Their page permissions are `Tx.permissions` entries naming
 * the group (src/storage/permissions.ts).
 */
import type { Page } from "./records.js";

/** A group of a workspace. */
export interface GroupRow {
  workspace_id: string;
  id: string;
  name: string;
  /** The identity provider's id for it (SCIM `externalId`): unique in the workspace when set. */
  external_id: string | null;
  created_time: number;
}

/** A person's membership of a group. */
export interface GroupMemberRow {
  group_id: string;
  user_id: string;
}

/** Groups and their members: `Tx.groups` (src/storage/sqlite-groups.ts, src/storage/postgres/groups.ts). */
export interface GroupStore {
  /** Adds a group; an `external_id` already used in the workspace is a programming error (check `byExternalId` first). */
  insert(row: GroupRow): Promise<void>;
  /** Replaces the name and external id of an existing group. */
  update(row: GroupRow): Promise<void>;
  get(workspaceId: string, id: string): Promise<GroupRow | null>;
  /** The group whose `external_id` is exactly this (case-sensitive, as SCIM's `externalId`). */
  byExternalId(workspaceId: string, externalId: string): Promise<GroupRow | null>;
  /** Groups in (created_time, id) order, starting at the group `from` (a cursor) when given; null if `from` is not a group. */
  list(workspaceId: string, from: string | null, limit: number): Promise<Page<GroupRow> | null>;
  /** Removes the group and its memberships (its permission entries are `Tx.permissions`'); false when there was none. */
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** Makes each of `userIds` a member (already members are left as they are). */
  addMembers(workspaceId: string, groupId: string, userIds: readonly string[]): Promise<void>;
  /** Takes `userId` out of the group; false when it was not a member. */
  removeMember(workspaceId: string, groupId: string, userId: string): Promise<boolean>;
  /** The memberships of every one of `groupIds`, in one statement, in (group_id, user_id) order. */
  membersOf(workspaceId: string, groupIds: readonly string[]): Promise<GroupMemberRow[]>;
  /** The groups `userId` belongs to, in id order. */
  groupsOf(workspaceId: string, userId: string): Promise<string[]>;
  /** Takes `userId` out of every group (the person left the workspace); how many memberships went. */
  removeUser(workspaceId: string, userId: string): Promise<number>;
}
