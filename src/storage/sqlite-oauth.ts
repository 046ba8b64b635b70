/** SQLite side of public integrations (src/storage/oauth.ts): `oauth_clients`, `oauth_codes`, `oauth_grants`. */
import type Database from "better-sqlite3";
import type { OAuthClientRow, OAuthCodeRow, OAuthGrantRow, OAuthStore } from "./oauth.js";
import { CLIENT_COLUMNS, CODE_COLUMNS, GRANT_COLUMNS, clientOf, codeOf, grantOf, valuesOf } from "./oauth-rows.js";

type Row = Record<string, unknown>;
const bool = (b: boolean) => (b ? 1 : 0);
const marks = (n: number) => Array(n).fill("?").join(", ");

/** `Tx.oauth` on SQLite. */
export class SqliteOAuthStore implements OAuthStore {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertClient: p(`INSERT INTO oauth_clients (${CLIENT_COLUMNS.join(", ")}) VALUES (${marks(CLIENT_COLUMNS.length)})`),
      updateClient: p(
        `UPDATE oauth_clients SET name = ?, secret_hash = ?, redirect_uris = ?, capabilities = ?, icon = ?, template_page_id = ? WHERE id = ?`,
      ),
      getClient: p(`SELECT * FROM oauth_clients WHERE id = ?`),
      byClientId: p(`SELECT * FROM oauth_clients WHERE client_id = ?`),
      listClients: p(`SELECT * FROM oauth_clients WHERE workspace_id = ? ORDER BY created_time, id`),
      deleteClient: p(`DELETE FROM oauth_clients WHERE id = ?`),
      insertCode: p(`INSERT INTO oauth_codes (${CODE_COLUMNS.join(", ")}) VALUES (${marks(CODE_COLUMNS.length)})`),
      codeByHash: p(`SELECT * FROM oauth_codes WHERE code_hash = ?`),
      useCode: p(`UPDATE oauth_codes SET used_time = ? WHERE workspace_id = ? AND code_hash = ? AND used_time IS NULL`),
      putGrant: p(`INSERT OR REPLACE INTO oauth_grants (${GRANT_COLUMNS.join(", ")}) VALUES (${marks(GRANT_COLUMNS.length)})`),
      grantOf: p(`SELECT * FROM oauth_grants WHERE workspace_id = ? AND integration_id = ?`),
      grantFor: p(`SELECT * FROM oauth_grants WHERE workspace_id = ? AND client_id = ? AND user_id = ?`),
      byRefresh: p(`SELECT * FROM oauth_grants WHERE refresh_hash = ?`),
      ofClient: p(`SELECT * FROM oauth_grants WHERE client_id = ? ORDER BY workspace_id, created_time`),
      grantsIn: p(`SELECT * FROM oauth_grants WHERE workspace_id = ? ORDER BY created_time, integration_id`),
      deleteGrant: p(`DELETE FROM oauth_grants WHERE workspace_id = ? AND integration_id = ?`),
    };
  }

  async insertClient(row: OAuthClientRow) {
    this.s.insertClient.run(...valuesOf(row, CLIENT_COLUMNS, bool));
  }
  async updateClient(row: OAuthClientRow) {
    this.s.updateClient.run(row.name, row.secret_hash, JSON.stringify(row.redirect_uris), JSON.stringify(row.capabilities), row.icon, row.template_page_id, row.id);
  }
  async getClient(id: string) {
    const r = this.s.getClient.get(id) as Row | undefined;
    return r ? clientOf(r) : null;
  }
  async clientByClientId(clientId: string) {
    const r = this.s.byClientId.get(clientId) as Row | undefined;
    return r ? clientOf(r) : null;
  }
  async listClients(ws: string) {
    return (this.s.listClients.all(ws) as Row[]).map(clientOf);
  }
  async deleteClient(id: string) {
    this.s.deleteClient.run(id);
  }
  async insertCode(row: OAuthCodeRow) {
    this.s.insertCode.run(...valuesOf(row, CODE_COLUMNS, bool));
  }
  async codeByHash(hash: string) {
    const r = this.s.codeByHash.get(hash) as Row | undefined;
    return r ? codeOf(r) : null;
  }
  async useCode(ws: string, hash: string, at: number) {
    return this.s.useCode.run(at, ws, hash).changes > 0;
  }
  async putGrant(row: OAuthGrantRow) {
    this.s.putGrant.run(...valuesOf(row, GRANT_COLUMNS, bool));
  }
  async grantOf(ws: string, integrationId: string) {
    const r = this.s.grantOf.get(ws, integrationId) as Row | undefined;
    return r ? grantOf(r) : null;
  }
  async grantFor(ws: string, clientId: string, userId: string) {
    const r = this.s.grantFor.get(ws, clientId, userId) as Row | undefined;
    return r ? grantOf(r) : null;
  }
  async grantByRefreshHash(hash: string) {
    const r = this.s.byRefresh.get(hash) as Row | undefined;
    return r ? grantOf(r) : null;
  }
  async grantsOfClient(clientId: string) {
    return (this.s.ofClient.all(clientId) as Row[]).map(grantOf);
  }
  async grantsIn(ws: string) {
    return (this.s.grantsIn.all(ws) as Row[]).map(grantOf);
  }
  async deleteGrant(ws: string, integrationId: string) {
    this.s.deleteGrant.run(ws, integrationId);
  }
}
