/** `Tx.favorites` on PostgreSQL: a person's favourite pages per workspace (src/storage/favorites.ts). */
import type { FavoriteRow, FavoriteStore } from "../favorites.js";
import type { PgSession } from "./session.js";

const COLUMNS = `workspace_id, user_id, page_id, created_time`;

/** Favourites, oldest first, ties by page id (`COLLATE "C"`, as SQLite orders). */
export class PgFavorites implements FavoriteStore {
  constructor(private readonly s: PgSession) {}

  async list(ws: string, userId: string, limit: number) {
    await this.s.lock(ws);
    const rows = await this.s.query<FavoriteRow>(
      `SELECT ${COLUMNS} FROM favorites WHERE workspace_id = $1 AND user_id = $2 ORDER BY created_time, page_id LIMIT $3`,
      [ws, userId, limit],
    );
    return rows.map((r) => ({ ...r, created_time: Number(r.created_time) }));
  }
  async count(ws: string, userId: string) {
    await this.s.lock(ws);
    const r = await this.s.one<{ n: string }>(`SELECT COUNT(*) AS n FROM favorites WHERE workspace_id = $1 AND user_id = $2`, [ws, userId]);
    return Number(r?.n ?? 0);
  }
  async add(row: FavoriteRow) {
    await this.s.lock(row.workspace_id);
    const n = await this.s.exec(
      `INSERT INTO favorites (${COLUMNS}) VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, user_id, page_id) DO NOTHING`,
      [row.workspace_id, row.user_id, row.page_id, row.created_time],
    );
    return n > 0;
  }
  async remove(ws: string, userId: string, pageId: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM favorites WHERE workspace_id = $1 AND user_id = $2 AND page_id = $3`, [ws, userId, pageId])) > 0;
  }
  async removePerson(ws: string, userId: string) {
    await this.s.lock(ws);
    return this.s.exec(`DELETE FROM favorites WHERE workspace_id = $1 AND user_id = $2`, [ws, userId]);
  }
}
