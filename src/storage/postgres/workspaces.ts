/** `WorkspacePort` on PostgreSQL. */
import type { WorkspacePort } from "../workspaces.js";
import type { WorkspaceRow } from "../records.js";
import { GLOBAL_LOCK, type PgSession } from "./session.js";

const COLUMNS = `id, name, created_time, time_zone`;

/** Workspaces; the first-start seed (firstWorkspace, then insert) is serialized across nodes by the set's lock. */
export class PgWorkspaces implements WorkspacePort {
  constructor(private readonly s: PgSession) {}

  async getWorkspace(id: string) {
    await this.s.lock(id);
    return this.s.one<WorkspaceRow>(`SELECT ${COLUMNS} FROM workspaces WHERE id = $1`, [id]);
  }
  async firstWorkspace() {
    await this.s.lock(GLOBAL_LOCK.workspaces);
    return this.s.one<WorkspaceRow>(`SELECT ${COLUMNS} FROM workspaces ORDER BY created_time, id LIMIT 1`);
  }
  async insertWorkspace(row: WorkspaceRow) {
    await this.s.lock(GLOBAL_LOCK.workspaces);
    await this.s.lock(row.id);
    await this.s.exec(`INSERT INTO workspaces (id, name, created_time, time_zone) VALUES ($1, $2, $3, $4)`, [row.id, row.name, row.created_time, row.time_zone]);
  }
  async updateWorkspace(row: WorkspaceRow) {
    await this.s.lock(row.id);
    await this.s.exec(`UPDATE workspaces SET name = $2, time_zone = $3 WHERE id = $1`, [row.id, row.name, row.time_zone]);
  }
}
