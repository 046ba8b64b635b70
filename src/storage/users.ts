import type { UserRow, Page } from "./records.js";

/** People and bots of a workspace. A part of `Tx` (src/storage/types.ts). */
export interface UserPort {
  getUser(workspaceId: string, id: string): Promise<UserRow | null>;
  /** The users among `ids` that exist, in one statement (in no set order): a people value's users at once. */
  getUsers(workspaceId: string, ids: readonly string[]): Promise<UserRow[]>;
  /** Users in creation order, starting at the user `from` (a cursor) when given. */
  listUsers(workspaceId: string, from: string | null, limit: number): Promise<Page<UserRow> | null>;
  /** The person with this email, ignoring ASCII case (emails are unique among a workspace's people). */
  findPersonByEmail(workspaceId: string, email: string): Promise<UserRow | null>;
  insertUser(row: UserRow): Promise<void>;
  updateUser(row: UserRow): Promise<void>;
}
