/** `IntegrationPort` on PostgreSQL: integrations and their hashed tokens. */
import type { IntegrationPort } from "../integrations.js";
import type { IntegrationRow } from "../records.js";
import { json, parse } from "./json.js";
import { TOKEN_OWNER_COLUMNS, tokenOwnerOf } from "../token-owner.js";
import type { PgSession, Row } from "./session.js";

const COLUMNS = `workspace_id, id, name, token_hash, bot_id, capabilities, created_time, oauth_client_id, installed_by`;

const toIntegration = (r: Row): IntegrationRow => ({ ...(r as unknown as IntegrationRow), capabilities: parse(r.capabilities) });

/** Integrations of a workspace; a token's lookup names no workspace (it finds it). */
export class PgIntegrations implements IntegrationPort {
  constructor(private readonly s: PgSession) {}

  async getIntegrationByTokenHash(hash: string) {
    const r = await this.s.one(`SELECT ${COLUMNS} FROM integrations WHERE token_hash = $1 ORDER BY workspace_id, id LIMIT 1`, [hash]);
    return r ? toIntegration(r) : null;
  }
  async getTokenOwner(hash: string) {
    // The joins stay inside the integration's workspace (Citus: co-located on workspace_id).
    const r = await this.s.one(
      `SELECT ${TOKEN_OWNER_COLUMNS} FROM integrations i
         JOIN workspaces w ON w.id = i.workspace_id
         JOIN users u ON u.workspace_id = i.workspace_id AND u.id = i.bot_id
        WHERE i.token_hash = $1 ORDER BY i.workspace_id, i.id LIMIT 1`,
      [hash],
      "quire_token_owner", // every request runs it: prepared once per connection
    );
    return r ? tokenOwnerOf(r, parse) : null;
  }
  async getIntegration(ws: string, id: string) {
    await this.s.lock(ws);
    const r = await this.s.one(`SELECT ${COLUMNS} FROM integrations WHERE workspace_id = $1 AND id = $2`, [ws, id]);
    return r ? toIntegration(r) : null;
  }
  async listIntegrations(ws: string) {
    await this.s.lock(ws);
    return (await this.s.query(`SELECT ${COLUMNS} FROM integrations WHERE workspace_id = $1 ORDER BY created_time, id`, [ws])).map(toIntegration);
  }
  async insertIntegration(row: IntegrationRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(
      `INSERT INTO integrations (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [row.workspace_id, row.id, row.name, row.token_hash, row.bot_id, json(row.capabilities), row.created_time, row.oauth_client_id ?? null, row.installed_by ?? null],
    );
  }
  async updateIntegration(row: IntegrationRow) {
    await this.s.lock(row.workspace_id);
    await this.s.exec(`UPDATE integrations SET name = $3, token_hash = $4, capabilities = $5 WHERE workspace_id = $1 AND id = $2`, [
      row.workspace_id,
      row.id,
      row.name,
      row.token_hash,
      json(row.capabilities),
    ]);
  }
  /** Removes the integration and what was shared with it. */
  async deleteIntegration(ws: string, id: string) {
    await this.s.lock(ws);
    await this.s.exec(`DELETE FROM shares WHERE workspace_id = $1 AND integration_id = $2`, [ws, id]);
    await this.s.exec(`DELETE FROM integrations WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  }
}
