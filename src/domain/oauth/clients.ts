/**
 * Public integrations' registry (docs/design/oauth.md): OAuth clients registered through the
 * control API by a workspace, usable in every workspace of the Quire. The client secret is shown
 * once and stored as its SHA-256; `authenticateClient` checks it in constant time.
 */
import type { Capability } from "../../api/capabilities.js";
import type { Tx } from "../../storage/types.js";
import type { OAuthClientRow } from "../../storage/oauth.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { matchesHash } from "../admin/tokens.js";
import { normalizeCapabilities } from "../admin/integrations.js";
import { checkRedirectUris } from "./redirect-uris.js";
import { newClientSecret, secretHash } from "./secrets.js";

/** A public integration as the OAuth verbs see it (the secret's hash stays in the store). */
export interface OAuthClient {
  id: string;
  /** The developer's workspace (the one that registered it). */
  workspace_id: string;
  name: string;
  client_id: string;
  redirect_uris: string[];
  capabilities: Capability[];
  icon: string | null;
  template_page_id: string | null;
  created_time: number;
}

/** What the control API answers for a public integration (`client_secret` only when just made or rotated). */
export interface PublicIntegrationView {
  object: "integration";
  id: string;
  name: string;
  type: "public";
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  capabilities: Capability[];
  icon: string | null;
  template_page_id: string | null;
  created_time: string;
}

/** The registry's input (validated by the route's schema). */
export interface PublicIntegrationInput {
  name?: string;
  redirect_uris?: string[];
  capabilities?: Capability[];
  icon?: string | null;
  template_page_id?: string | null;
  rotate_secret?: boolean;
}

/** The client without its secret's hash. */
export function clientOf(row: OAuthClientRow): OAuthClient {
  const { secret_hash: _hidden, ...client } = row;
  return client;
}

/** The client whose public id is `clientId`, or null. */
export async function findClientByClientId(tx: Tx, clientId: string): Promise<OAuthClient | null> {
  const row = await tx.oauth.clientByClientId(clientId);
  return row ? clientOf(row) : null;
}

/** The client whose registry id is `id`, or null. */
export async function getClient(tx: Tx, id: string): Promise<OAuthClient | null> {
  const row = await tx.oauth.getClient(id);
  return row ? clientOf(row) : null;
}

/** The client of `clientId` when `secret` is its secret (compared in constant time), else null. */
export async function authenticateClient(tx: Tx, clientId: string, secret: string): Promise<OAuthClient | null> {
  const row = await tx.oauth.clientByClientId(clientId);
  // Unknown clients cost a hash comparison too, so the answer's timing tells nothing.
  const ok = matchesHash(secret, row?.secret_hash ?? "0".repeat(64));
  return row && ok ? clientOf(row) : null;
}

/** The control API's view of a client. */
export function viewClient(c: OAuthClient, secret?: string): PublicIntegrationView {
  const view: PublicIntegrationView = {
    object: "integration",
    id: c.id,
    name: c.name,
    type: "public",
    client_id: c.client_id,
    redirect_uris: c.redirect_uris,
    capabilities: c.capabilities,
    icon: c.icon,
    template_page_id: c.template_page_id,
    created_time: new Date(c.created_time).toISOString(),
  };
  if (secret) view.client_secret = secret;
  return view;
}

/** A template page must be a page of the registering workspace. */
async function checkTemplate(tx: Tx, workspaceId: string, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const node = await tx.getNode(workspaceId, id);
  if (!node || node.type !== "page" || node.in_trash) throw errors.validation(`body failed validation: body.template_page_id should be a page of this workspace, instead was \`"${id}"\`.`);
}

/** Registers a public integration for workspace `workspaceId`; the answer carries its secret, once. */
export async function createPublicIntegration(deps: Deps, tx: Tx, workspaceId: string, input: PublicIntegrationInput & { name: string; redirect_uris: string[] }): Promise<PublicIntegrationView> {
  await checkTemplate(tx, workspaceId, input.template_page_id);
  const secret = newClientSecret();
  const row: OAuthClientRow = {
    id: deps.ids(),
    workspace_id: workspaceId,
    name: input.name,
    client_id: deps.ids(),
    secret_hash: secretHash(secret),
    redirect_uris: checkRedirectUris(input.redirect_uris),
    capabilities: normalizeCapabilities(input.capabilities),
    icon: input.icon ?? null,
    template_page_id: input.template_page_id ?? null,
    created_time: deps.clock.now(),
  };
  await tx.oauth.insertClient(row);
  return viewClient(clientOf(row), secret);
}

/** A client of workspace `workspaceId` by registry id, or 404 as for any integration. */
export async function publicIntegrationOr404(tx: Tx, workspaceId: string, id: string): Promise<OAuthClientRow> {
  const row = await tx.oauth.getClient(id);
  if (!row || row.workspace_id !== workspaceId) throw errors.notFound("integration", id);
  return row;
}

/**
 * Changes a client; `rotate_secret` answers a new secret (the old one stops working at once). A
 * new name or new capabilities reach every installation (their bots and tokens) in the same unit.
 */
export async function updatePublicIntegration(tx: Tx, workspaceId: string, id: string, input: PublicIntegrationInput): Promise<PublicIntegrationView> {
  const row = await publicIntegrationOr404(tx, workspaceId, id);
  if (input.template_page_id !== undefined) await checkTemplate(tx, workspaceId, input.template_page_id);
  if (input.name !== undefined) row.name = input.name;
  if (input.redirect_uris !== undefined) row.redirect_uris = checkRedirectUris(input.redirect_uris);
  if (input.capabilities !== undefined) row.capabilities = normalizeCapabilities(input.capabilities);
  if (input.icon !== undefined) row.icon = input.icon;
  if (input.template_page_id !== undefined) row.template_page_id = input.template_page_id;
  const secret = input.rotate_secret ? newClientSecret() : undefined;
  if (secret) row.secret_hash = secretHash(secret);
  await tx.oauth.updateClient(row);
  if (input.name !== undefined || input.capabilities !== undefined) await syncInstallations(tx, row);
  return viewClient(clientOf(row), secret);
}

/** Every installation's integration row and bot carry the client's name and capabilities. */
async function syncInstallations(tx: Tx, client: OAuthClientRow): Promise<void> {
  for (const g of await tx.oauth.grantsOfClient(client.id)) {
    const integration = await tx.getIntegration(g.workspace_id, g.integration_id);
    if (!integration) continue;
    await tx.updateIntegration({ ...integration, name: client.name, capabilities: client.capabilities });
    const bot = await tx.getUser(g.workspace_id, integration.bot_id);
    if (bot && bot.name !== client.name) await tx.updateUser({ ...bot, name: client.name });
  }
}
