/** `MetaPort` on PostgreSQL: the `meta` key-value table. */
import type { MetaPort } from "../meta.js";
import { GLOBAL_LOCK, type PgSession } from "./session.js";

/** Key-value settings; in a write unit the table is locked first, so read-decide-write (a secret created once) holds across nodes. */
export class PgMeta implements MetaPort {
  constructor(private readonly s: PgSession) {}

  async getMeta(key: string) {
    await this.s.lock(GLOBAL_LOCK.meta);
    const r = await this.s.one<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, [key]);
    return r ? r.value : null;
  }
  async setMeta(key: string, value: string) {
    await this.s.lock(GLOBAL_LOCK.meta);
    await this.s.exec(`INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
  }
  async deleteMeta(key: string) {
    await this.s.lock(GLOBAL_LOCK.meta);
    await this.s.exec(`DELETE FROM meta WHERE key = $1`, [key]);
  }
}
