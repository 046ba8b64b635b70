/** `Tx.emojis` on PostgreSQL: a workspace's custom emojis, in creation order (`seq`). */
import type { CustomEmojiStore } from "../emojis.js";
import type { CustomEmojiRow, Page } from "../records.js";
import { pageOf } from "./json.js";
import type { PgSession } from "./session.js";

const COLUMNS = `workspace_id, id, name, url, created_time, created_by`;

/** Custom emojis; names are unique in a workspace and compared exactly. */
export class PgEmojis implements CustomEmojiStore {
  constructor(private readonly s: PgSession) {}

  async get(ws: string, id: string) {
    await this.s.lock(ws);
    return this.s.one<CustomEmojiRow>(`SELECT ${COLUMNS} FROM custom_emojis WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  }
  async getByName(ws: string, name: string) {
    await this.s.lock(ws);
    return this.s.one<CustomEmojiRow>(`SELECT ${COLUMNS} FROM custom_emojis WHERE workspace_id = $1 AND name = $2`, [ws, name]);
  }
  async list(ws: string, from: string | null, limit: number, name?: string): Promise<Page<CustomEmojiRow> | null> {
    await this.s.lock(ws);
    let seq = 0;
    if (from !== null) {
      const r = await this.s.one<{ seq: number }>(`SELECT seq FROM custom_emojis WHERE workspace_id = $1 AND id = $2`, [ws, from]);
      if (!r) return null;
      seq = r.seq;
    }
    const rows =
      name === undefined
        ? await this.s.query<CustomEmojiRow>(`SELECT ${COLUMNS} FROM custom_emojis WHERE workspace_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`, [ws, seq, limit + 1])
        : await this.s.query<CustomEmojiRow>(
            `SELECT ${COLUMNS} FROM custom_emojis WHERE workspace_id = $1 AND seq >= $2 AND name = $3 ORDER BY seq LIMIT $4`,
            [ws, seq, name, limit + 1],
          );
    return pageOf(rows, limit);
  }
  async insert(row: CustomEmojiRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`INSERT INTO custom_emojis (workspace_id, id, name, url, created_time, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.workspace_id, row.id, row.name, row.url, row.created_time, row.created_by,
    ]);
  }
  async remove(ws: string, id: string) {
    await this.s.lock(ws);
    return (await this.s.exec(`DELETE FROM custom_emojis WHERE workspace_id = $1 AND id = $2`, [ws, id])) > 0;
  }
}
