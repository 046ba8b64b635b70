/** SQLite side of groups: the `groups` and `group_members` tables (migration slot 15). */
import type Database from "better-sqlite3";
import type { GroupMemberRow, GroupRow, GroupStore } from "./groups.js";
import type { Page } from "./records.js";

export class SqliteGroupStore implements GroupStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO groups (workspace_id, id, name, external_id, created_time) VALUES (@workspace_id, @id, @name, @external_id, @created_time)`),
      update: p(`UPDATE groups SET name = @name, external_id = @external_id WHERE workspace_id = @workspace_id AND id = @id`),
      get: p(`SELECT * FROM groups WHERE workspace_id = ? AND id = ?`),
      byExternalId: p(`SELECT * FROM groups WHERE workspace_id = ? AND external_id = ?`),
      first: p(`SELECT * FROM groups WHERE workspace_id = ? ORDER BY created_time, id LIMIT ?`),
      from: p(
        `SELECT g.* FROM groups g, groups f WHERE f.workspace_id = @ws AND f.id = @from AND g.workspace_id = @ws
           AND (g.created_time > f.created_time OR (g.created_time = f.created_time AND g.id >= f.id))
         ORDER BY g.created_time, g.id LIMIT @limit`,
      ),
      delete: p(`DELETE FROM groups WHERE workspace_id = ? AND id = ?`),
      deleteMembers: p(`DELETE FROM group_members WHERE workspace_id = ? AND group_id = ?`),
      addMember: p(`INSERT OR IGNORE INTO group_members (workspace_id, group_id, user_id) VALUES (?, ?, ?)`),
      removeMember: p(`DELETE FROM group_members WHERE workspace_id = ? AND group_id = ? AND user_id = ?`),
      membersOf: p(
        `SELECT group_id, user_id FROM group_members WHERE workspace_id = ? AND group_id IN (SELECT value FROM json_each(?)) ORDER BY group_id, user_id`,
      ),
      groupsOf: p(`SELECT group_id FROM group_members WHERE workspace_id = ? AND user_id = ? ORDER BY group_id`).pluck(),
      removeUser: p(`DELETE FROM group_members WHERE workspace_id = ? AND user_id = ?`),
    };
  }

  async insert(row: GroupRow) {
    this.s.insert.run(row);
  }
  async update(row: GroupRow) {
    this.s.update.run(row);
  }
  async get(ws: string, id: string) {
    return (this.s.get.get(ws, id) as GroupRow | undefined) ?? null;
  }
  async byExternalId(ws: string, externalId: string) {
    return (this.s.byExternalId.get(ws, externalId) as GroupRow | undefined) ?? null;
  }
  async list(ws: string, from: string | null, limit: number): Promise<Page<GroupRow> | null> {
    if (from !== null && !(await this.get(ws, from))) return null;
    const rows = (from === null ? this.s.first.all(ws, limit + 1) : this.s.from.all({ ws, from, limit: limit + 1 })) as GroupRow[];
    return { items: rows.slice(0, limit), next: rows.length > limit ? rows[limit].id : null };
  }
  async delete(ws: string, id: string) {
    this.s.deleteMembers.run(ws, id);
    return this.s.delete.run(ws, id).changes > 0;
  }
  async addMembers(ws: string, groupId: string, userIds: readonly string[]) {
    for (const u of userIds) this.s.addMember.run(ws, groupId, u);
  }
  async removeMember(ws: string, groupId: string, userId: string) {
    return this.s.removeMember.run(ws, groupId, userId).changes > 0;
  }
  async membersOf(ws: string, groupIds: readonly string[]) {
    if (groupIds.length === 0) return [];
    return this.s.membersOf.all(ws, JSON.stringify(groupIds)) as GroupMemberRow[];
  }
  async groupsOf(ws: string, userId: string) {
    return this.s.groupsOf.all(ws, userId) as string[];
  }
  async removeUser(ws: string, userId: string) {
    return this.s.removeUser.run(ws, userId).changes;
  }
}
