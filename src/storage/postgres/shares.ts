/** `SharePort` on PostgreSQL: what is shared with each integration. */
import type { SharePort } from "../shares.js";
import type { PgSession } from "./session.js";

/** Shares of a workspace, listed in the order they were made (ties by object id). */
export class PgShares implements SharePort {
  constructor(private readonly s: PgSession) {}

  async addShare(ws: string, integrationId: string, objectId: string, at: number) {
    await this.s.lock(ws);
    await this.s.exec(
      `INSERT INTO shares (workspace_id, integration_id, object_id, created_time) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [ws, integrationId, objectId, at],
    );
  }
  async removeShare(ws: string, integrationId: string, objectId: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM shares WHERE workspace_id = $1 AND integration_id = $2 AND object_id = $3`, [ws, integrationId, objectId])) > 0;
  }
  async listShares(ws: string, integrationId: string) {
    await this.s.lock(ws);
    const rows = await this.s.query<{ object_id: string }>(
      `SELECT object_id FROM shares WHERE workspace_id = $1 AND integration_id = $2 ORDER BY created_time, object_id`,
      [ws, integrationId],
    );
    return rows.map((r) => r.object_id);
  }
  async sharesOn(ws: string, ids: readonly string[]) {
    if (ids.length === 0) return [];
    await this.s.lock(ws);
    return this.s.query<{ integration_id: string; object_id: string }>(
      `SELECT integration_id, object_id FROM shares WHERE workspace_id = $1 AND object_id = ANY($2::text[]) ORDER BY created_time, integration_id, object_id`,
      [ws, [...ids]],
    );
  }
  async anyShared(ws: string, integrationId: string, ids: string[]) {
    if (ids.length === 0) return false;
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT 1 FROM shares WHERE workspace_id = $1 AND integration_id = $2 AND object_id = ANY($3::text[]) LIMIT 1`, [
      ws,
      integrationId,
      ids,
    ]);
    return r !== null;
  }
}
