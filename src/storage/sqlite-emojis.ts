/** SQLite side of custom emojis: the `custom_emojis` table (migration slot 8). */
import type Database from "better-sqlite3";
import type { CustomEmojiRow, CustomEmojiStore, Page } from "./types.js";

type Row = Record<string, unknown>;

function toEmoji(r: Row): CustomEmojiRow {
  return {
    workspace_id: r.workspace_id as string,
    id: r.id as string,
    name: r.name as string,
    url: r.url as string,
    created_time: r.created_time as number,
    created_by: (r.created_by as string | null) ?? null,
  };
}

export class SqliteEmojiStore implements CustomEmojiStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT * FROM custom_emojis WHERE workspace_id = ? AND id = ?`),
      byName: p(`SELECT * FROM custom_emojis WHERE workspace_id = ? AND name = ?`),
      seq: p(`SELECT seq FROM custom_emojis WHERE workspace_id = ? AND id = ?`),
      list: p(`SELECT * FROM custom_emojis WHERE workspace_id = ? AND seq >= ? ORDER BY seq LIMIT ?`),
      listNamed: p(`SELECT * FROM custom_emojis WHERE workspace_id = ? AND seq >= ? AND name = ? ORDER BY seq LIMIT ?`),
      insert: p(
        `INSERT INTO custom_emojis (workspace_id, id, name, url, created_time, created_by)
         VALUES (@workspace_id, @id, @name, @url, @created_time, @created_by)`,
      ),
      remove: p(`DELETE FROM custom_emojis WHERE workspace_id = ? AND id = ?`),
    };
  }

  async get(ws: string, id: string) {
    const r = this.s.get.get(ws, id) as Row | undefined;
    return r ? toEmoji(r) : null;
  }
  async getByName(ws: string, name: string) {
    const r = this.s.byName.get(ws, name) as Row | undefined;
    return r ? toEmoji(r) : null;
  }
  async list(ws: string, from: string | null, limit: number, name?: string): Promise<Page<CustomEmojiRow> | null> {
    let seq = 0;
    if (from !== null) {
      const r = this.s.seq.get(ws, from) as Row | undefined;
      if (!r) return null;
      seq = r.seq as number;
    }
    const rows = (name === undefined ? this.s.list.all(ws, seq, limit + 1) : this.s.listNamed.all(ws, seq, name, limit + 1)) as Row[];
    const items = rows.map(toEmoji);
    const next = items.length > limit ? items.pop()!.id : null;
    return { items, next };
  }
  async insert(row: CustomEmojiRow) {
    this.s.insert.run(row);
  }
  async remove(ws: string, id: string) {
    return this.s.remove.run(ws, id).changes > 0;
  }
}
