import type { IntegrationRow, TokenOwner } from "./records.js";

/** Integrations and their tokens (stored hashed). A part of `Tx` (src/storage/types.ts). */
export interface IntegrationPort {
  getIntegrationByTokenHash(hash: string): Promise<IntegrationRow | null>;
  /** The integration holding the token, with its workspace and bot user, in one statement; null if any is missing. */
  getTokenOwner(hash: string): Promise<TokenOwner | null>;
  getIntegration(workspaceId: string, id: string): Promise<IntegrationRow | null>;
  listIntegrations(workspaceId: string): Promise<IntegrationRow[]>;
  insertIntegration(row: IntegrationRow): Promise<void>;
  updateIntegration(row: IntegrationRow): Promise<void>;
  deleteIntegration(workspaceId: string, id: string): Promise<void>;
}
