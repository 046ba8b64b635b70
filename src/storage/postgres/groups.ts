/** `Tx.groups` on PostgreSQL: groups (`groups`) and their members (`group_members`). */
import type { GroupMemberRow, GroupRow, GroupStore } from "../groups.js";
import type { Page } from "../records.js";
import { pageOf } from "./json.js";
import type { PgSession } from "./session.js";

const COLUMNS = `workspace_id, id, name, external_id, created_time`;

/** Groups and their members (src/storage/groups.ts). */
export class PgGroups implements GroupStore {
  constructor(readonly s: PgSession) {}

  async insert(row: GroupRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`INSERT INTO groups (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [row.workspace_id, row.id, row.name, row.external_id, row.created_time]);
  }
  async update(row: GroupRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`UPDATE groups SET name = $3, external_id = $4 WHERE workspace_id = $1 AND id = $2`, [row.workspace_id, row.id, row.name, row.external_id]);
  }
  async get(ws: string, id: string) {
    await this.s.lock(ws);
    return this.s.one<GroupRow>(`SELECT ${COLUMNS} FROM groups WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  }
  async byExternalId(ws: string, externalId: string) {
    await this.s.lock(ws);
    return this.s.one<GroupRow>(`SELECT ${COLUMNS} FROM groups WHERE workspace_id = $1 AND external_id = $2`, [ws, externalId]);
  }
  async list(ws: string, from: string | null, limit: number): Promise<Page<GroupRow> | null> {
    await this.s.lock(ws);
    if (from === null)
      return pageOf(await this.s.query<GroupRow>(`SELECT ${COLUMNS} FROM groups WHERE workspace_id = $1 ORDER BY created_time, id LIMIT $2`, [ws, limit + 1]), limit);
    const start = await this.get(ws, from);
    if (!start) return null;
    const rows = await this.s.query<GroupRow>(
      `SELECT ${COLUMNS} FROM groups WHERE workspace_id = $1 AND (created_time, id) >= ($2, $3) ORDER BY created_time, id LIMIT $4`,
      [ws, start.created_time, start.id, limit + 1],
    );
    return pageOf(rows, limit);
  }
  async delete(ws: string, id: string) {
    await this.s.lock(ws);
    await this.s.exec(`DELETE FROM group_members WHERE workspace_id = $1 AND group_id = $2`, [ws, id]);
    return (await this.s.exec(`DELETE FROM groups WHERE workspace_id = $1 AND id = $2`, [ws, id])) > 0;
  }
  async addMembers(ws: string, groupId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return;
    await this.s.lock(ws);
    await this.s.exec(
      `INSERT INTO group_members (workspace_id, group_id, user_id) SELECT $1, $2, u FROM unnest($3::text[]) AS u ON CONFLICT DO NOTHING`,
      [ws, groupId, [...userIds]],
    );
  }
  async removeMember(ws: string, groupId: string, userId: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM group_members WHERE workspace_id = $1 AND group_id = $2 AND user_id = $3`, [ws, groupId, userId])) > 0;
  }
  async membersOf(ws: string, groupIds: readonly string[]) {
    if (groupIds.length === 0) return [];
    await this.s.lock(ws);
    return this.s.query<GroupMemberRow>(
      `SELECT group_id, user_id FROM group_members WHERE workspace_id = $1 AND group_id = ANY($2::text[]) ORDER BY group_id, user_id`,
      [ws, [...groupIds]],
    );
  }
  async groupsOf(ws: string, userId: string) {
    await this.s.lock(ws);
    const rows = await this.s.query<{ group_id: string }>(`SELECT group_id FROM group_members WHERE workspace_id = $1 AND user_id = $2 ORDER BY group_id`, [ws, userId]);
    return rows.map((r) => r.group_id);
  }
  async removeUser(ws: string, userId: string) {
    await this.s.lock(ws);
    return this.s.exec(`DELETE FROM group_members WHERE workspace_id = $1 AND user_id = $2`, [ws, userId]);
  }
}
