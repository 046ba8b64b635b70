/**
 * Installations of public integrations (docs/design/oauth.md): one per (client, workspace, person),
 * an `integrations` row of that workspace with its own bot user (its id = the bot's, as internal
 * integrations), `oauth_client_id` and `installed_by` set; its access token's hash is the row's
 * `token_hash`, so /v1 authenticates it as any integration (one statement). Its refresh token and
 * where its tokens came from are its grant (`Tx.oauth`, `oauth_grants`).
 */
import type { IntegrationRow, Tx, UserRow } from "../../storage/types.js";
import type { OAuthCodeRow, OAuthGrantRow } from "../../storage/oauth.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import type { OAuthClient } from "./clients.js";
import { newAccessToken, newRefreshToken, revokedHash, secretHash } from "./secrets.js";
import { duplicateTemplate } from "./template.js";

/** The installation of `clientId` (`OAuthClient.id`) by person `userId` in the workspace, or null. */
export async function installationOf(tx: Tx, workspaceId: string, clientId: string, userId: string): Promise<IntegrationRow | null> {
  const grant = await tx.oauth.grantFor(workspaceId, clientId, userId);
  return grant ? tx.getIntegration(workspaceId, grant.integration_id) : null;
}

/** Tokens just issued, with the installation they belong to. */
export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
  integration: IntegrationRow;
  grant: OAuthGrantRow;
}

/** What an exchanged code installs. */
export interface InstallInput {
  client: OAuthClient;
  code: OAuthCodeRow;
  externalAccount: { key: string; name: string } | null;
}

/**
 * Installs the client for the code's person (or adds to their installation: re-running the flow
 * adds the newly picked pages), shares the pages picked, duplicates the template when asked, and
 * issues new tokens (the installation's previous ones stop working).
 */
export async function install(deps: Deps, tx: Tx, input: InstallInput): Promise<IssuedTokens & { duplicated_template_id: string | null }> {
  const { client, code } = input;
  const ws = code.workspace_id;
  const now = deps.clock.now();
  const integration = (await installationOf(tx, ws, client.id, code.user_id)) ?? (await newInstallation(deps, tx, client, ws, code.user_id));
  for (const id of code.page_ids) {
    const node = await tx.getNode(ws, id);
    // A page trashed or deleted since the consent is skipped; the rest install.
    if (node && !node.in_trash) await tx.addShare(ws, integration.id, id, now);
  }
  const duplicated = code.use_template && client.template_page_id ? await duplicateTemplate(deps, tx, client, ws, code.user_id) : null;
  if (duplicated) await tx.addShare(ws, integration.id, duplicated, now);
  const previous = await tx.oauth.grantOf(ws, integration.id);
  const grant: OAuthGrantRow = {
    workspace_id: ws,
    integration_id: integration.id,
    client_id: client.id,
    user_id: code.user_id,
    refresh_hash: null,
    token_time: null,
    refresh_time: null,
    code_hash: code.code_hash,
    external_account: input.externalAccount ?? previous?.external_account ?? null,
    duplicated_template_id: duplicated ?? previous?.duplicated_template_id ?? null,
    created_time: previous?.created_time ?? now,
  };
  return { ...(await issueTokens(tx, integration, grant, now)), duplicated_template_id: duplicated };
}

/** A new installation: its bot user (named and pictured as the client) and its integration row. */
async function newInstallation(deps: Deps, tx: Tx, client: OAuthClient, ws: string, userId: string): Promise<IntegrationRow> {
  const id = deps.ids();
  const now = deps.clock.now();
  const bot: UserRow = {
    workspace_id: ws,
    id,
    type: "bot",
    name: client.name,
    avatar_url: client.icon && /^https?:\/\//i.test(client.icon) ? client.icon : null,
    email: null,
    integration_id: id,
    created_time: now,
    role: null,
  };
  const row: IntegrationRow = {
    workspace_id: ws,
    id,
    name: client.name,
    token_hash: revokedHash(),
    bot_id: id,
    capabilities: client.capabilities,
    created_time: now,
    oauth_client_id: client.id,
    installed_by: userId,
  };
  await tx.insertUser(bot);
  await tx.insertIntegration(row);
  return row;
}

/** New access and refresh tokens for an installation; the ones it had stop working in the same unit. */
export async function issueTokens(tx: Tx, integration: IntegrationRow, grant: OAuthGrantRow, now: number): Promise<IssuedTokens> {
  const access_token = newAccessToken();
  const refresh_token = newRefreshToken();
  const updated = { ...integration, token_hash: secretHash(access_token) };
  await tx.updateIntegration(updated);
  const next = { ...grant, refresh_hash: secretHash(refresh_token), token_time: now, refresh_time: now };
  await tx.oauth.putGrant(next);
  return { access_token, refresh_token, integration: updated, grant: next };
}

/** Revokes an installation's tokens (access and refresh) at once; the installation and its shares stay. */
export async function revokeTokens(tx: Tx, grant: OAuthGrantRow): Promise<void> {
  const integration = await tx.getIntegration(grant.workspace_id, grant.integration_id);
  if (integration) await tx.updateIntegration({ ...integration, token_hash: revokedHash() });
  await tx.oauth.putGrant({ ...grant, refresh_hash: null, token_time: null, refresh_time: null });
}

/**
 * Removes a connection (an installation) from a workspace: its token stops working, its shares
 * go; its bot user stays, so pages and comments it wrote still name it.
 */
export async function removeConnection(tx: Tx, workspaceId: string, botId: string): Promise<{ id: string; deleted: true }> {
  const integration = await tx.getIntegration(workspaceId, botId);
  if (!integration?.oauth_client_id) throw errors.notFound("integration", botId);
  await tx.deleteIntegration(workspaceId, botId);
  await tx.oauth.deleteGrant(workspaceId, botId);
  return { id: botId, deleted: true };
}

/** A workspace's connection to a public integration, as the control API lists it. */
export interface ConnectionView {
  object: "connection";
  bot_id: string;
  name: string;
  client_id: string | null;
  installed_by: string;
  /** Link previews' Notion-side account (`external_account` of the exchange), or null. */
  external_account: { key: string; name: string } | null;
  shares: string[];
  created_time: string;
}

/** The workspace's connections (installations of public integrations), oldest first. */
export async function listConnections(tx: Tx, workspaceId: string): Promise<ConnectionView[]> {
  const out: ConnectionView[] = [];
  for (const g of await tx.oauth.grantsIn(workspaceId)) {
    const integration = await tx.getIntegration(workspaceId, g.integration_id);
    if (!integration) continue;
    const client = await tx.oauth.getClient(g.client_id);
    const shares = await tx.listShares(workspaceId, g.integration_id);
    out.push({ object: "connection", bot_id: g.integration_id, name: integration.name, client_id: client?.client_id ?? null, installed_by: g.user_id, external_account: g.external_account, shares, created_time: new Date(g.created_time).toISOString() });
  }
  return out;
}

/** Deletes a public integration: every installation in every workspace first (their tokens stop working at once). */
export async function deleteClientEverywhere(tx: Tx, clientId: string): Promise<void> {
  // Its webhook subscriptions, with their events in every installing workspace.
  const client = await tx.oauth.getClient(clientId);
  if (client) await tx.webhooks.deleteSubscriptionsOf(client.workspace_id, clientId);
  for (const g of await tx.oauth.grantsOfClient(clientId)) {
    if (await tx.getIntegration(g.workspace_id, g.integration_id)) await tx.deleteIntegration(g.workspace_id, g.integration_id);
    await tx.oauth.deleteGrant(g.workspace_id, g.integration_id);
  }
  await tx.oauth.deleteClient(clientId);
}
