/** SQLite side of favourites: the `favorites` table (migration slot 24; src/storage/favorites.ts). */
import type Database from "better-sqlite3";
import type { FavoriteRow, FavoriteStore } from "./favorites.js";

export class SqliteFavoriteStore implements FavoriteStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      list: p(`SELECT workspace_id, user_id, page_id, created_time FROM favorites WHERE workspace_id = ? AND user_id = ? ORDER BY created_time, page_id LIMIT ?`),
      count: p(`SELECT COUNT(*) AS n FROM favorites WHERE workspace_id = ? AND user_id = ?`),
      add: p(
        `INSERT INTO favorites (workspace_id, user_id, page_id, created_time) VALUES (@workspace_id, @user_id, @page_id, @created_time)
         ON CONFLICT (workspace_id, user_id, page_id) DO NOTHING`,
      ),
      remove: p(`DELETE FROM favorites WHERE workspace_id = ? AND user_id = ? AND page_id = ?`),
      removePerson: p(`DELETE FROM favorites WHERE workspace_id = ? AND user_id = ?`),
    };
  }

  async list(ws: string, userId: string, limit: number) {
    return this.s.list.all(ws, userId, limit) as FavoriteRow[];
  }
  async count(ws: string, userId: string) {
    return (this.s.count.get(ws, userId) as { n: number }).n;
  }
  async add(row: FavoriteRow) {
    return this.s.add.run(row).changes > 0;
  }
  async remove(ws: string, userId: string, pageId: string) {
    return this.s.remove.run(ws, userId, pageId).changes > 0;
  }
  async removePerson(ws: string, userId: string) {
    return this.s.removePerson.run(ws, userId).changes;
  }
}
