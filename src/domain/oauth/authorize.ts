/**
 * The authorization request and its answer (RFC 6749 §4.1.1–4.1.2; Notion's "Authorization"
 * guide, developers.notion.com/docs/authorization): validating `GET /v1/oauth/authorize`'s query
 * (the consent page, routes owned by the consent work, calls `authorizeTarget`), and issuing the
 * code the person's Allow produces (`grantAuthorization`; `POST /_quire/v1/oauth/grants` too).
 */
import type { Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { errors } from "../../api/errors.js";
import { normalizeId } from "../../api/ids.js";
import { levelsOf, type WorkspaceRole } from "../permissions.js";
import { findClientByClientId, type OAuthClient } from "./clients.js";
import { withParams } from "./redirect-uris.js";
import { newCode, secretHash } from "./secrets.js";
import { CODE_LIFETIME_MS, MAX_PICKED_PAGES } from "./policy.js";

/** The authorize request's query string as received. */
export interface AuthorizeRequest {
  client_id?: string;
  redirect_uri?: string;
  response_type?: string;
  owner?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

/** A valid client and redirect URI: where every answer, error or code, goes. */
export interface AuthorizeTarget {
  client: OAuthClient;
  /** The redirect URI answers go to (the request's, or the client's only one). */
  redirectUri: string;
  /** The request named `redirect_uri` (then the token request must name it too). */
  redirectUriGiven: boolean;
  state: string | null;
  pkce: { challenge: string; method: "S256" } | null;
}

/**
 * A request that cannot be answered by redirecting (unknown client, a redirect URI not registered
 * exactly): RFC 6749 §4.1.2.1 says the server "MUST NOT automatically redirect"; the consent
 * routes show `message` on an error page.
 */
export class OAuthPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OAuthPageError";
  }
}

/** PKCE S256 challenge: the base64url SHA-256 of a verifier, 43 characters (RFC 7636 §4.2). */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The client and redirect URI of an authorize request, or `OAuthPageError` when either is wrong.
 * The rest of the request is checked by `checkAuthorizeRequest` (its problems go to the redirect URI).
 */
export async function authorizeTarget(deps: Deps, q: AuthorizeRequest): Promise<AuthorizeTarget> {
  const clientId = typeof q.client_id === "string" ? q.client_id : "";
  const client = clientId ? await deps.store.read((tx) => findClientByClientId(tx, clientId)) : null;
  if (!client) throw new OAuthPageError(clientId ? "This integration does not exist (unknown client_id)." : "The request is missing client_id.");
  const given = typeof q.redirect_uri === "string" && q.redirect_uri !== "";
  if (!given && client.redirect_uris.length !== 1) throw new OAuthPageError("The request is missing redirect_uri, which this integration needs (it has several).");
  const redirectUri = given ? q.redirect_uri! : client.redirect_uris[0];
  if (!client.redirect_uris.includes(redirectUri)) throw new OAuthPageError("The redirect_uri is not one of this integration's registered redirect URIs.");
  const pkce = q.code_challenge ? { challenge: q.code_challenge, method: "S256" as const } : null;
  return { client, redirectUri, redirectUriGiven: given, state: typeof q.state === "string" ? q.state : null, pkce };
}

/**
 * The problem with an authorize request whose target is valid, or null: `response_type` must be
 * `code`, `owner` (when given) `user`, and a PKCE challenge S256 and well formed. Send the
 * person to `redirectError(target, error, description)` when there is one.
 */
export function checkAuthorizeRequest(q: AuthorizeRequest): { error: "invalid_request" | "unsupported_response_type"; description: string } | null {
  if (q.response_type !== "code") return q.response_type ? { error: "unsupported_response_type", description: "response_type must be code." } : { error: "invalid_request", description: "response_type is missing." };
  if (q.owner !== undefined && q.owner !== "user") return { error: "invalid_request", description: "owner must be user." };
  if (q.code_challenge !== undefined || q.code_challenge_method !== undefined) {
    if (!q.code_challenge) return { error: "invalid_request", description: "code_challenge_method without code_challenge." };
    if ((q.code_challenge_method ?? "plain") !== "S256") return { error: "invalid_request", description: "code_challenge_method must be S256 (plain is not supported)." };
    if (!CHALLENGE.test(q.code_challenge)) return { error: "invalid_request", description: "code_challenge must be 43 base64url characters (RFC 7636)." };
  }
  return null;
}

/** The redirect URI with an RFC 6749 §4.1.2.1 error (and the request's state). */
export function redirectError(target: AuthorizeTarget, error: "invalid_request" | "unsupported_response_type" | "access_denied" | "server_error", description: string): string {
  return withParams(target.redirectUri, { error, error_description: description, state: target.state });
}

/** Where Cancel sends the person: `error=access_denied` and the state (Notion's "Authorization" guide). */
export function deniedRedirect(target: AuthorizeTarget): string {
  return withParams(target.redirectUri, { error: "access_denied", state: target.state });
}

/** What the person chose on the consent page. */
export interface GrantInput {
  target: AuthorizeTarget;
  userId: string;
  workspaceId: string;
  pageIds: string[];
  useTemplate: boolean;
}

/**
 * The person's Allow: checks they may install into the workspace and have full access to every
 * page picked, then issues a code (single use, 10 minutes) and answers the redirect carrying it.
 */
export async function grantAuthorization(deps: Deps, input: GrantInput): Promise<{ code: string; redirect: string }> {
  const { target } = input;
  const pageIds = normalizedIds(input.pageIds);
  const code = await deps.store.write(async (tx) => {
    await checkInstaller(tx, input.workspaceId, input.userId, pageIds);
    return issueCode(deps, tx, {
      client: target.client,
      workspaceId: input.workspaceId,
      userId: input.userId,
      pageIds,
      useTemplate: input.useTemplate,
      redirectUri: target.redirectUriGiven ? target.redirectUri : null,
      pkce: target.pkce,
    });
  });
  return { code, redirect: withParams(target.redirectUri, { code, state: target.state }) };
}

/** Page ids in their dashed form, each once (ids that are not UUIDs kept as given: they match nothing). */
export const normalizedIds = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => normalizeId(id) ?? id))];

/** Roles that may install an integration (guests may not: Notion's "Sharing & permissions", guests cannot add connections). */
const INSTALLERS: ReadonlySet<WorkspaceRole> = new Set(["owner", "membership_admin", "member"]);

/**
 * The person is a member (not a guest) of the workspace and has full access to each page
 * (a page or database of the workspace, not in the trash); else 404 / validation errors naming it.
 */
export async function checkInstaller(tx: Tx, workspaceId: string, userId: string, pageIds: readonly string[]): Promise<void> {
  if (pageIds.length > MAX_PICKED_PAGES) throw errors.validation(`body failed validation: body.page_ids should have at most ${MAX_PICKED_PAGES} items, instead had ${pageIds.length}.`);
  const ws = await tx.getWorkspace(workspaceId);
  if (!ws) throw errors.notFound("workspace", workspaceId);
  const person = await tx.getUser(workspaceId, userId);
  if (!person || person.type !== "person" || !person.role || !INSTALLERS.has(person.role))
    throw errors.validation(`The person ${userId} is not a member of workspace ${workspaceId} who may add connections (guests may not).`);
  const levels = await levelsOf(tx, workspaceId, { userId, role: person.role }, pageIds);
  for (const id of pageIds) {
    const node = await tx.getNode(workspaceId, id);
    if (!node || (node.type !== "page" && node.type !== "database") || node.in_trash) throw errors.validation(`Page ${id} is not a page or database of this workspace.`);
    if (levels.get(id) !== "full_access") throw errors.validation(`The person needs full access to page ${id} to share it with an integration.`);
  }
}

/** The fields of a new code. */
export interface IssueCodeInput {
  client: OAuthClient;
  workspaceId: string;
  userId: string;
  pageIds: string[];
  useTemplate: boolean;
  /** The redirect URI the authorize request named (the exchange must repeat it), or null. */
  redirectUri: string | null;
  pkce: AuthorizeTarget["pkce"];
}

/** A new code, stored as its hash in the caller's write unit; the code itself is answered once. */
export async function issueCode(deps: Deps, tx: Tx, input: IssueCodeInput): Promise<string> {
  const code = newCode();
  const now = deps.clock.now();
  const pageIds = normalizedIds(input.pageIds);
  await tx.oauth.insertCode({
    workspace_id: input.workspaceId,
    code_hash: secretHash(code),
    client_id: input.client.id,
    user_id: input.userId,
    page_ids: pageIds,
    use_template: input.useTemplate && input.client.template_page_id !== null,
    redirect_uri: input.redirectUri,
    pkce_challenge: input.pkce?.challenge ?? null,
    created_time: now,
    expires_time: now + CODE_LIFETIME_MS,
    used_time: null,
  });
  return code;
}
