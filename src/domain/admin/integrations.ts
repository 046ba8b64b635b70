/**
 * Control-API verbs for integrations and their shares (people: ./people.ts). These act for the
 * server operator (admin key), not for an integration.
 */
import type { IntegrationRow, Tx, UserRow, WorkspaceRole } from "../../storage/types.js";
import type { Capability } from "../../api/capabilities.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { keepDevToken } from "./kept-credentials.js";
import { hashToken, newToken } from "./tokens.js";

export const CONTENT_CAPABILITIES: Capability[] = ["read_content", "update_content", "insert_content", "read_comments", "insert_comments"];
export const USER_CAPABILITIES: Capability[] = ["user_info_none", "user_info_without_email", "user_info_with_email"];
export const DEFAULT_CAPABILITIES: Capability[] = [...CONTENT_CAPABILITIES, "user_info_with_email"];

export interface IntegrationView {
  id: string;
  name: string;
  /**
   * `internal`, or `installation`: a public integration's installation in this workspace (also
   * listed as a connection; the public integration itself is src/domain/oauth/clients.ts's view).
   */
  type: "internal" | "installation";
  bot_id: string;
  capabilities: Capability[];
  created_time: string;
  token?: string;
}

export function viewIntegration(row: IntegrationRow, token?: string): IntegrationView {
  const view: IntegrationView = { id: row.id, name: row.name, type: row.oauth_client_id ? "installation" : "internal", bot_id: row.bot_id, capabilities: row.capabilities, created_time: new Date(row.created_time).toISOString() };
  if (token) view.token = token;
  return view;
}

/** Exactly one user-information level; an explicit list without one means none. */
export function normalizeCapabilities(caps: Capability[] | undefined): Capability[] {
  if (caps === undefined) return [...DEFAULT_CAPABILITIES];
  const set = new Set(caps);
  const userLevels = USER_CAPABILITIES.filter((c) => set.has(c));
  if (userLevels.length > 1) throw errors.validation(`body.capabilities should contain at most one of ${USER_CAPABILITIES.join(", ")}.`);
  if (userLevels.length === 0) set.add("user_info_none");
  return [...CONTENT_CAPABILITIES, ...USER_CAPABILITIES].filter((c) => set.has(c));
}

export async function createIntegration(
  deps: Deps,
  tx: Tx,
  workspaceId: string,
  input: { name: string; capabilities?: Capability[]; token?: string },
): Promise<IntegrationView> {
  const now = deps.clock.now();
  const token = input.token ?? newToken();
  if (await tx.getIntegrationByTokenHash(hashToken(token))) throw errors.validation("body.token is already in use by another integration.");
  // The integration and its bot user share one id, as in Notion: `additional_data.integration_id`
  // of a 404 is the id `users/me` returns.
  const id = deps.ids();
  const bot: UserRow = {
    workspace_id: workspaceId,
    id,
    type: "bot",
    name: input.name,
    avatar_url: null,
    email: null,
    integration_id: null,
    created_time: now,
    role: null,
  };
  const row: IntegrationRow = {
    workspace_id: workspaceId,
    id,
    name: input.name,
    token_hash: hashToken(token),
    bot_id: bot.id,
    capabilities: normalizeCapabilities(input.capabilities),
    created_time: now,
  };
  bot.integration_id = id;
  await tx.insertUser(bot);
  await tx.insertIntegration(row);
  return viewIntegration(row, token);
}

export async function getIntegrationOr404(tx: Tx, workspaceId: string, id: string): Promise<IntegrationRow> {
  const row = await tx.getIntegration(workspaceId, id);
  if (!row) throw errors.notFound("integration", id);
  return row;
}

export async function updateIntegration(
  tx: Tx,
  workspaceId: string,
  id: string,
  input: { name?: string; capabilities?: Capability[]; rotate_token?: boolean; token?: string },
  sealKey: Buffer | null = null,
): Promise<IntegrationView> {
  const row = await getIntegrationOr404(tx, workspaceId, id);
  if (input.name !== undefined) {
    row.name = input.name;
    const bot = await tx.getUser(workspaceId, row.bot_id);
    if (bot) await tx.updateUser({ ...bot, name: input.name });
  }
  if (input.capabilities !== undefined) row.capabilities = normalizeCapabilities(input.capabilities);
  let token: string | undefined;
  if (input.rotate_token || input.token) {
    token = input.token ?? newToken();
    const other = await tx.getIntegrationByTokenHash(hashToken(token));
    if (other && other.id !== row.id) throw errors.validation("body.token is already in use by another integration.");
    row.token_hash = hashToken(token);
    // The start banner prints the dev integration's token: its sealed copy must be the one that works.
    if ((await tx.getMeta("dev_integration_id")) === row.id) await keepDevToken(tx, sealKey, token);
  }
  await tx.updateIntegration(row);
  return viewIntegration(row, token);
}

/** Shares a page or a database (and so everything below it) with an integration. */
export async function shareObject(deps: Deps, tx: Tx, workspaceId: string, integrationId: string, objectId: string) {
  await getIntegrationOr404(tx, workspaceId, integrationId);
  const node = await tx.getNode(workspaceId, objectId);
  if (!node || (node.type !== "page" && node.type !== "database")) throw errors.notFound("page", objectId);
  await tx.addShare(workspaceId, integrationId, objectId, deps.clock.now());
  return { integration_id: integrationId, object_id: objectId, shared: true };
}

export async function unshareObject(tx: Tx, workspaceId: string, integrationId: string, objectId: string) {
  await getIntegrationOr404(tx, workspaceId, integrationId);
  if (!(await tx.removeShare(workspaceId, integrationId, objectId))) throw errors.notFound("page", objectId);
  return { integration_id: integrationId, object_id: objectId, shared: false };
}
