/**
 * `OAuthStore` on PostgreSQL (src/storage/oauth.ts). `oauth_clients` is global (a Citus reference
 * table: a client is found by its client id before any workspace is known); codes and grants are
 * keyed by the workspace they install into, their writes under that workspace's lock. A code or a
 * refresh token is found by its hash alone (a plain index beside the workspace's key), as tokens are.
 */
import type { OAuthClientRow, OAuthCodeRow, OAuthGrantRow, OAuthStore } from "../oauth.js";
import { CLIENT_COLUMNS, CODE_COLUMNS, GRANT_COLUMNS, clientOf, codeOf, grantOf, valuesOf } from "../oauth-rows.js";
import type { PgSession } from "./session.js";

const marks = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");
const bool = (b: boolean) => b;

/** `Tx.oauth` on PostgreSQL. */
export class PgOAuth implements OAuthStore {
  constructor(private readonly s: PgSession) {}

  async insertClient(row: OAuthClientRow) {
    await this.s.exec(`INSERT INTO oauth_clients (${CLIENT_COLUMNS.join(", ")}) VALUES (${marks(CLIENT_COLUMNS.length)})`, valuesOf(row, CLIENT_COLUMNS, bool));
  }
  async updateClient(row: OAuthClientRow) {
    await this.s.exec(`UPDATE oauth_clients SET name = $2, secret_hash = $3, redirect_uris = $4, capabilities = $5, icon = $6, template_page_id = $7 WHERE id = $1`, [
      row.id,
      row.name,
      row.secret_hash,
      JSON.stringify(row.redirect_uris),
      JSON.stringify(row.capabilities),
      row.icon,
      row.template_page_id,
    ]);
  }
  async getClient(id: string) {
    const r = await this.s.one(`SELECT * FROM oauth_clients WHERE id = $1`, [id]);
    return r ? clientOf(r) : null;
  }
  async clientByClientId(clientId: string) {
    const r = await this.s.one(`SELECT * FROM oauth_clients WHERE client_id = $1`, [clientId]);
    return r ? clientOf(r) : null;
  }
  async listClients(ws: string) {
    return (await this.s.query(`SELECT * FROM oauth_clients WHERE workspace_id = $1 ORDER BY created_time, id`, [ws])).map(clientOf);
  }
  async deleteClient(id: string) {
    await this.s.exec(`DELETE FROM oauth_clients WHERE id = $1`, [id]);
  }
  async insertCode(row: OAuthCodeRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`INSERT INTO oauth_codes (${CODE_COLUMNS.join(", ")}) VALUES (${marks(CODE_COLUMNS.length)})`, valuesOf(row, CODE_COLUMNS, bool));
  }
  async codeByHash(hash: string) {
    const r = await this.s.one(`SELECT * FROM oauth_codes WHERE code_hash = $1`, [hash]);
    return r ? codeOf(r) : null;
  }
  async useCode(ws: string, hash: string, at: number) {
    await this.s.lock(ws);
    return (await this.s.exec(`UPDATE oauth_codes SET used_time = $3 WHERE workspace_id = $1 AND code_hash = $2 AND used_time IS NULL`, [ws, hash, at])) > 0;
  }
  async putGrant(row: OAuthGrantRow) {
    await this.s.lock(row.workspace_id);
    const sets = GRANT_COLUMNS.slice(2)
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(", ");
    await this.s.exec(
      `INSERT INTO oauth_grants (${GRANT_COLUMNS.join(", ")}) VALUES (${marks(GRANT_COLUMNS.length)}) ON CONFLICT (workspace_id, integration_id) DO UPDATE SET ${sets}`,
      valuesOf(row, GRANT_COLUMNS, bool),
    );
  }
  async grantOf(ws: string, integrationId: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT * FROM oauth_grants WHERE workspace_id = $1 AND integration_id = $2`, [ws, integrationId]);
    return r ? grantOf(r) : null;
  }
  async grantFor(ws: string, clientId: string, userId: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT * FROM oauth_grants WHERE workspace_id = $1 AND client_id = $2 AND user_id = $3`, [ws, clientId, userId]);
    return r ? grantOf(r) : null;
  }
  async grantByRefreshHash(hash: string) {
    const r = await this.s.one(`SELECT * FROM oauth_grants WHERE refresh_hash = $1`, [hash]);
    return r ? grantOf(r) : null;
  }
  async grantsOfClient(clientId: string) {
    return (await this.s.query(`SELECT * FROM oauth_grants WHERE client_id = $1 ORDER BY workspace_id, created_time`, [clientId])).map(grantOf);
  }
  async grantsIn(ws: string) {
    await this.s.lock(ws);
    return (await this.s.query(`SELECT * FROM oauth_grants WHERE workspace_id = $1 ORDER BY created_time, integration_id`, [ws])).map(grantOf);
  }
  async deleteGrant(ws: string, integrationId: string) {
    await this.s.lock(ws);
    await this.s.exec(`DELETE FROM oauth_grants WHERE workspace_id = $1 AND integration_id = $2`, [ws, integrationId]);
  }
}
