/**
 * A public integration's link-preview settings (PUT/GET/DELETE
 * /_quire/v1/integrations/{id}/link_preview): what Notion's integration dashboard holds for a
 * link-preview integration (Notion's "Build a Link Preview integration": External Authorization
 * Setup — OAuth authorize URL, token URL, client id and secret, scopes, deleted token callback
 * URL — and Unfurling Domain & Patterns — unfurl callback URL, domains, rules with a regex and
 * "Unfurl Regex Attributes"). The partner's client secret is sealed (Quire sends it again at
 * every token exchange) and never shown back.
 */
import type { Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { array, fail, object, optional, record, string, type V } from "../../api/validate.js";
import { seal, unseal } from "../admin/sealed.js";
import { getClient, type OAuthClient } from "../oauth/clients.js";
import { MAX_URL_LENGTH, patternProblem, type UrlPattern } from "./patterns.js";

/** The settings without the partner's secret (what GET shows). */
export interface LinkPreviewSettings {
  unfurl_callback_url: string;
  domains: string[];
  url_patterns: UrlPattern[];
  authorization: { authorize_url: string; token_url: string; client_id: string; scopes: string[] };
  deleted_token_callback_url: string | null;
}

/** The settings with the partner's client secret unsealed (what the outbound calls need). */
export interface ActiveSettings extends LinkPreviewSettings {
  client: OAuthClient;
  client_secret: string;
}

const webUrl = (): V<string> =>
  string({
    maxLength: MAX_URL_LENGTH,
    check: { test: (s) => URL.canParse(s) && ["https:", "http:"].includes(new URL(s).protocol), expectation: "should be an http or https URL" },
  });
// A host name as DNS has them: labels of letters, digits and inner hyphens, dot-separated.
const domain: V<string> = string({
  maxLength: 253,
  check: { test: (s) => /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i.test(s), expectation: "should be a domain name such as `example.com`" },
});
const pattern: V<string> = (value, path) => {
  const source = string({ minLength: 1 })(value, path);
  const problem = patternProblem(source);
  if (problem) fail(path, problem, value);
  return source;
};
const urlPattern = object({ name: string({ minLength: 1, maxLength: 100 }), pattern, attributes: optional(record(string({ maxLength: 500 }))) });

/** The PUT body's validator. */
export const settingsBody = object({
  unfurl_callback_url: webUrl(),
  domains: array(domain, { minLength: 1, maxLength: 20 }),
  url_patterns: array(urlPattern, { minLength: 1, maxLength: 50 }),
  authorization: object({
    authorize_url: webUrl(),
    token_url: webUrl(),
    client_id: string({ minLength: 1, maxLength: 500 }),
    client_secret: string({ minLength: 1, maxLength: 500 }),
    scopes: optional(array(string({ minLength: 1, maxLength: 100, check: { test: (s) => !/\s/.test(s), expectation: "should have no spaces" } }), { maxLength: 20 })),
  }),
  deleted_token_callback_url: optional(webUrl()),
});
type SettingsBody = ReturnType<typeof settingsBody>;

const sealName = (clientId: string) => `link_preview_secret:${clientId}`;

/** The public integration `id` registered by workspace `ws`; 404 otherwise (an internal one included). */
export async function publicIntegrationOr404(tx: Tx, ws: string, id: string): Promise<OAuthClient> {
  const client = await getClient(tx, id);
  if (!client || client.workspace_id !== ws) throw errors.notFound("integration", id);
  return client;
}

/** Writes (or replaces) the settings of public integration `id`. */
export async function putLinkPreviewSettings(deps: Deps, tx: Tx, ws: string, id: string, body: SettingsBody) {
  const client = await publicIntegrationOr404(tx, ws, id);
  if (!deps.sealKey) throw errors.validation("Link previews need the server's secret key (QUIRE_SECRET_KEY or --secret-key-file): the partner's client secret is kept sealed.");
  const { client_secret, ...auth } = body.authorization;
  const settings: LinkPreviewSettings = {
    unfurl_callback_url: body.unfurl_callback_url,
    domains: [...new Set(body.domains.map((d) => d.toLowerCase()))],
    url_patterns: body.url_patterns,
    authorization: { ...auth, scopes: auth.scopes ?? [] },
    deleted_token_callback_url: body.deleted_token_callback_url ?? null,
  };
  const now = deps.clock.now();
  await tx.linkPreviews.putSettings({ client_id: client.id, workspace_id: ws, settings: JSON.stringify(settings), secret_sealed: seal(deps.sealKey, sealName(client.id), client_secret), created_time: now, updated_time: now });
  return viewSettings(client, settings);
}

/** GET: the settings without the secret; 404 when none are set. */
export async function getLinkPreviewSettings(tx: Tx, ws: string, id: string) {
  const client = await publicIntegrationOr404(tx, ws, id);
  const row = await tx.linkPreviews.getSettings(client.id);
  if (!row) throw errors.notFound("integration", id);
  return viewSettings(client, JSON.parse(row.settings) as LinkPreviewSettings);
}

/** DELETE: removes the settings (previews already made stay as they are). */
export async function deleteLinkPreviewSettings(tx: Tx, ws: string, id: string) {
  const client = await publicIntegrationOr404(tx, ws, id);
  if (!(await tx.linkPreviews.removeSettings(client.id))) throw errors.notFound("integration", id);
  return { object: "link_preview_settings", integration_id: client.id, deleted: true };
}

/** Every integration's settings usable now (their secret unsealable), for matching a pasted URL. */
export async function allActiveSettings(deps: Deps, tx: Tx): Promise<ActiveSettings[]> {
  const out: ActiveSettings[] = [];
  for (const row of await tx.linkPreviews.listSettings(1000)) {
    const active = await activeOf(deps, tx, row.client_id, row.settings, row.secret_sealed);
    if (active) out.push(active);
  }
  return out;
}

/** One integration's usable settings, or null. */
export async function activeSettings(deps: Deps, tx: Tx, clientId: string): Promise<ActiveSettings | null> {
  const row = await tx.linkPreviews.getSettings(clientId);
  return row && activeOf(deps, tx, row.client_id, row.settings, row.secret_sealed);
}

async function activeOf(deps: Deps, tx: Tx, clientId: string, json: string, sealed: string): Promise<ActiveSettings | null> {
  const client = await getClient(tx, clientId);
  const secret = deps.sealKey ? unseal(deps.sealKey, sealName(clientId), sealed) : null;
  if (!client || secret === null) return null;
  return { ...(JSON.parse(json) as LinkPreviewSettings), client, client_secret: secret };
}

function viewSettings(client: OAuthClient, s: LinkPreviewSettings) {
  return { object: "link_preview_settings", integration_id: client.id, integration_name: client.name, ...s };
}
