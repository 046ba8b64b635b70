/** SQLite side of SAML single sign-on state (src/storage/saml.ts; migration 18). */
import type Database from "better-sqlite3";
import type { SamlConfigRow, SamlStore } from "./saml.js";

const CONFIG = `workspace_id, idp_entity_id, entry_point, idp_certs, allow_jit, enforce_sso, created_time, updated_time`;

interface StoredConfig extends Omit<SamlConfigRow, "idp_certs" | "allow_jit" | "enforce_sso"> {
  idp_certs: string;
  allow_jit: number;
  enforce_sso: number;
}

/** `Tx.saml` on SQLite. */
export class SqliteSamlStore implements SamlStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT ${CONFIG} FROM saml_configs WHERE workspace_id = ?`),
      put: p(
        `INSERT INTO saml_configs (${CONFIG}) VALUES (@workspace_id, @idp_entity_id, @entry_point, @idp_certs, @allow_jit, @enforce_sso, @created_time, @updated_time)
         ON CONFLICT (workspace_id) DO UPDATE SET idp_entity_id = excluded.idp_entity_id, entry_point = excluded.entry_point, idp_certs = excluded.idp_certs,
           allow_jit = excluded.allow_jit, enforce_sso = excluded.enforce_sso, updated_time = excluded.updated_time`,
      ),
      remove: p(`DELETE FROM saml_configs WHERE workspace_id = ?`),
      removeRequests: p(`DELETE FROM saml_requests WHERE workspace_id = ?`),
      removeAssertions: p(`DELETE FROM saml_assertions WHERE workspace_id = ?`),
      any: p(`SELECT 1 AS one FROM saml_configs LIMIT 1`),
      addRequest: p(`INSERT INTO saml_requests (workspace_id, id, expires_time, next) VALUES (?, ?, ?, ?)`),
      takeRequest: p(`DELETE FROM saml_requests WHERE workspace_id = ? AND id = ? RETURNING expires_time, next`),
      recordAssertion: p(`INSERT INTO saml_assertions (workspace_id, id, expires_time) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
      sweepRequests: p(`DELETE FROM saml_requests WHERE workspace_id = @ws AND id IN (SELECT id FROM saml_requests WHERE workspace_id = @ws AND expires_time <= @now LIMIT @limit)`),
      sweepAssertions: p(`DELETE FROM saml_assertions WHERE workspace_id = @ws AND id IN (SELECT id FROM saml_assertions WHERE workspace_id = @ws AND expires_time <= @now LIMIT @limit)`),
    };
  }

  async get(ws: string) {
    const row = this.s.get.get(ws) as StoredConfig | undefined;
    return row ? { ...row, idp_certs: JSON.parse(row.idp_certs) as string[], allow_jit: row.allow_jit === 1, enforce_sso: row.enforce_sso === 1 } : null;
  }
  async put(row: SamlConfigRow) {
    this.s.put.run({ ...row, idp_certs: JSON.stringify(row.idp_certs), allow_jit: row.allow_jit ? 1 : 0, enforce_sso: row.enforce_sso ? 1 : 0 });
  }
  async remove(ws: string) {
    this.s.removeRequests.run(ws);
    this.s.removeAssertions.run(ws);
    return this.s.remove.run(ws).changes > 0;
  }
  async anyConfigured() {
    return this.s.any.get() !== undefined;
  }
  async addRequest(ws: string, id: string, expiresTime: number, next: string | null) {
    this.s.addRequest.run(ws, id, expiresTime, next);
  }
  async takeRequest(ws: string, id: string, now: number) {
    const row = this.s.takeRequest.get(ws, id) as { expires_time: number; next: string | null } | undefined;
    return row !== undefined && row.expires_time > now ? { next: row.next } : null;
  }
  async recordAssertion(ws: string, id: string, expiresTime: number) {
    return this.s.recordAssertion.run(ws, id, expiresTime).changes > 0;
  }
  async sweep(ws: string, now: number, limit: number) {
    return this.s.sweepRequests.run({ ws, now, limit }).changes + this.s.sweepAssertions.run({ ws, now, limit }).changes;
  }
}
