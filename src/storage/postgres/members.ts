/** `Tx.members` and `Tx.allWorkspaces` on PostgreSQL (src/storage/members.ts, workspace-set.ts). */
import type { MemberStore } from "../members.js";
import type { WorkspaceSetStore } from "../workspace-set.js";
import type { Page, UserRow, WorkspaceRole, WorkspaceRow } from "../records.js";
import { pageOf } from "./json.js";
import { pageUsers } from "./users.js";
import { GLOBAL_LOCK, type PgSession } from "./session.js";

const COLUMNS = `u.workspace_id, u.id, u.type, u.name, u.avatar_url, u.email, u.integration_id, u.created_time, u.role`;
const LISTED = `(u.type = 'bot' OR u.role IN ('owner', 'membership_admin', 'member'))`;
const MEMBER = `(u.type = 'person' AND u.role IS NOT NULL)`;

/** Membership over the `users` table's `role` column (migration 6). */
export class PgMembers implements MemberStore {
  constructor(private readonly s: PgSession) {}

  listListed(ws: string, from: string | null, limit: number) {
    return pageUsers(this.s, ws, from, limit, LISTED);
  }
  listMembers(ws: string, from: string | null, limit: number) {
    return pageUsers(this.s, ws, from, limit, MEMBER);
  }
  async setRole(ws: string, userId: string, role: WorkspaceRole | null) {
    await this.s.lock(ws);
    return (await this.s.exec(`UPDATE users SET role = $3 WHERE workspace_id = $1 AND id = $2 AND type = 'person'`, [ws, userId, role])) > 0;
  }
  async countOwners(ws: string) {
    await this.s.lock(ws);
    const r = await this.s.one<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE workspace_id = $1 AND type = 'person' AND role = 'owner'`, [ws]);
    return r?.n ?? 0;
  }
  /** Across workspaces: a control-plane question (on Citus, a query over every shard). */
  async membershipsOf(userId: string) {
    return this.s.query<UserRow>(
      `SELECT ${COLUMNS} FROM users u JOIN workspaces w ON w.id = u.workspace_id WHERE u.id = $1 AND u.type = 'person' ORDER BY w.created_time, w.id`,
      [userId],
    );
  }
}

/** The set of workspaces, and deleting one with everything in it. */
export class PgWorkspaceSet implements WorkspaceSetStore {
  constructor(private readonly s: PgSession) {}

  async list(from: string | null, limit: number): Promise<Page<WorkspaceRow> | null> {
    const cols = `id, name, created_time, time_zone`;
    if (from === null) return pageOf(await this.s.query<WorkspaceRow>(`SELECT ${cols} FROM workspaces ORDER BY created_time, id LIMIT $1`, [limit + 1]), limit);
    const start = await this.s.one<{ created_time: number }>(`SELECT created_time FROM workspaces WHERE id = $1`, [from]);
    if (!start) return null;
    const rows = await this.s.query<WorkspaceRow>(`SELECT ${cols} FROM workspaces WHERE (created_time, id) >= ($1, $2) ORDER BY created_time, id LIMIT $3`, [
      start.created_time,
      from,
      limit + 1,
    ]);
    return pageOf(rows, limit);
  }
  /** Under the set's lock in a write unit, so two units never both delete "one of two". */
  async count() {
    await this.s.lock(GLOBAL_LOCK.workspaces);
    return (await this.s.one<{ n: number }>(`SELECT count(*)::int AS n FROM workspaces`))?.n ?? 0;
  }
  async remove(id: string) {
    await this.s.lock(GLOBAL_LOCK.workspaces);
    await this.s.lock(id);
    const uploads = (await this.s.query<{ id: string }>(`SELECT id FROM file_uploads WHERE workspace_id = $1`, [id])).map((r) => r.id);
    const tables = await this.s.query<{ t: string }>(
      `SELECT c.table_name AS t FROM information_schema.columns c
         JOIN information_schema.tables b ON b.table_schema = c.table_schema AND b.table_name = c.table_name AND b.table_type = 'BASE TABLE'
        WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id' ORDER BY c.table_name`,
    );
    for (const { t } of tables) await this.s.exec(`DELETE FROM "${t}" WHERE workspace_id = $1`, [id]);
    await this.s.exec(`DELETE FROM workspaces WHERE id = $1`, [id]);
    return { uploads };
  }
}
