/** `Tx.saml` on PostgreSQL: SAML single sign-on state per workspace (src/storage/saml.ts). */
import type { SamlConfigRow, SamlStore } from "../saml.js";
import type { PgSession } from "./session.js";

const CONFIG = `workspace_id, idp_entity_id, entry_point, idp_certs, allow_jit, enforce_sso, created_time, updated_time`;

/** A workspace's identity provider, its outstanding requests and consumed assertion ids. */
export class PgSaml implements SamlStore {
  constructor(private readonly s: PgSession) {}

  async get(ws: string) {
    await this.s.lock(ws);
    const row = await this.s.one<SamlConfigRow & { idp_certs: string }>(`SELECT ${CONFIG} FROM saml_configs WHERE workspace_id = $1`, [ws]);
    return row ? { ...row, idp_certs: JSON.parse(row.idp_certs as unknown as string) as string[] } : null;
  }
  async put(row: SamlConfigRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO saml_configs (${CONFIG}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workspace_id) DO UPDATE SET idp_entity_id = excluded.idp_entity_id, entry_point = excluded.entry_point, idp_certs = excluded.idp_certs,
         allow_jit = excluded.allow_jit, enforce_sso = excluded.enforce_sso, updated_time = excluded.updated_time`,
      [row.workspace_id, row.idp_entity_id, row.entry_point, JSON.stringify(row.idp_certs), row.allow_jit, row.enforce_sso, row.created_time, row.updated_time],
    );
  }
  async remove(ws: string) {
    await this.s.lock(ws);
    await this.s.exec(`DELETE FROM saml_requests WHERE workspace_id = $1`, [ws]);
    await this.s.exec(`DELETE FROM saml_assertions WHERE workspace_id = $1`, [ws]);
    return (await this.s.exec(`DELETE FROM saml_configs WHERE workspace_id = $1`, [ws])) > 0;
  }
  async anyConfigured() {
    return (await this.s.one(`SELECT 1 AS one FROM saml_configs LIMIT 1`)) !== null;
  }
  async addRequest(ws: string, id: string, expiresTime: number, next: string | null) {
    await this.s.lock(ws);
    await this.s.exec(`INSERT INTO saml_requests (workspace_id, id, expires_time, next) VALUES ($1, $2, $3, $4)`, [ws, id, expiresTime, next]);
  }
  async takeRequest(ws: string, id: string, now: number) {
    await this.s.lock(ws);
    const row = await this.s.one<{ expires_time: number; next: string | null }>(`DELETE FROM saml_requests WHERE workspace_id = $1 AND id = $2 RETURNING expires_time, next`, [ws, id]);
    return row !== null && Number(row.expires_time) > now ? { next: row.next } : null;
  }
  async recordAssertion(ws: string, id: string, expiresTime: number) {
    await this.s.lock(ws);
    return (await this.s.exec(`INSERT INTO saml_assertions (workspace_id, id, expires_time) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [ws, id, expiresTime])) > 0;
  }
  async sweep(ws: string, now: number, limit: number) {
    await this.s.lock(ws);
    const requests = await this.s.exec(
      `DELETE FROM saml_requests WHERE workspace_id = $1 AND id IN (SELECT id FROM saml_requests WHERE workspace_id = $1 AND expires_time <= $2 LIMIT $3)`,
      [ws, now, limit],
    );
    const assertions = await this.s.exec(
      `DELETE FROM saml_assertions WHERE workspace_id = $1 AND id IN (SELECT id FROM saml_assertions WHERE workspace_id = $1 AND expires_time <= $2 LIMIT $3)`,
      [ws, now, limit],
    );
    return requests + assertions;
  }
}
