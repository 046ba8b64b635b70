/**
 * The two-way account link (Notion's "Build a Link Preview integration", "Two-way OAuth"): a
 * person pastes a URL an integration unfurls and has no linked account with it in that workspace.
 *
 * 1. Quire sends them to the partner's authorize URL with a Quire authorization code (no pages;
 *    the partner exchanges it at POST /v1/oauth/token with `external_account`, which installs the
 *    integration for that person), `redirect_uri=<public url>/externalIntegrationAuthCallback`,
 *    the partner's `client_id`, `scope`, `response_type=code` and a `state`.
 * 2. The partner sends the person back to that callback with its own `code` and the `state`;
 *    Quire exchanges the code at the partner's token URL (form-urlencoded: code, client_id,
 *    client_secret, redirect_uri, grant_type=authorization_code) and keeps the tokens sealed.
 *
 * A state is `<workspace id>.<32 random bytes, base64url>`: its workspace says where its row is,
 * the row keeps only the random part's SHA-256, the person and the integration; single use, ten
 * minutes (the life of Notion's own code in the same guide).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { issueCode } from "../oauth/authorize.js";
import { accountRow } from "./accounts.js";
import { partnerToken, PartnerError } from "./partner.js";
import { activeSettings, type ActiveSettings } from "./settings.js";

/** How long a person has to finish linking their account. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** Quire's own callback path (Notion's is https://www.notion.so/externalIntegrationAuthCallback). */
export const CALLBACK_PATH = "/externalIntegrationAuthCallback";

const hash = (s: string) => createHash("sha256").update(s).digest("hex");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Quire's callback URL the partner redirects to. */
export const callbackUrl = (deps: Deps) => `${deps.publicUrl()}${CALLBACK_PATH}`;

/** Starts a link in the caller's write unit: the partner's authorize URL to send the person to. */
export async function startAccountLink(deps: Deps, tx: Tx, ws: string, userId: string, settings: ActiveSettings): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await tx.linkPreviews.addState({ workspace_id: ws, state_hash: hash(secret), user_id: userId, client_id: settings.client.id, expires_time: deps.clock.now() + STATE_TTL_MS });
  // No redirect URI on the code: the guide's exchange (`grant_type`, `code`, `external_account`)
  // names none, and a code issued with one would require it (POST /v1/oauth/token).
  const code = await issueCode(deps, tx, { client: settings.client, workspaceId: ws, userId, pageIds: [], useTemplate: false, redirectUri: null, pkce: null });
  const url = new URL(settings.authorization.authorize_url);
  url.searchParams.set("code", code);
  url.searchParams.set("redirect_uri", callbackUrl(deps));
  url.searchParams.set("client_id", settings.authorization.client_id);
  if (settings.authorization.scopes.length) url.searchParams.set("scope", settings.authorization.scopes.join(" "));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", `${ws}.${secret}`);
  return url.toString();
}

/** A callback Quire cannot finish: what the page says. */
export class AccountLinkError extends Error {
  override name = "AccountLinkError";
}

/** The callback's query, as received. */
export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
}

/**
 * Finishes a link: takes the state (single use; `sessionUserId`, when the browser is signed in,
 * must be the person who started it), exchanges the partner's code, keeps the tokens. The
 * integration's name on success.
 */
export async function finishAccountLink(deps: Deps, q: CallbackQuery, sessionUserId: string | null): Promise<{ integrationName: string }> {
  const [ws, secret] = (q.state ?? "").split(".", 2);
  if (!ws || !secret || !UUID.test(ws)) throw new AccountLinkError("This link is missing its state or it is malformed. Paste the link again to start over.");
  const now = deps.clock.now();
  const state = await deps.store.write((tx) => tx.linkPreviews.takeState(ws, hash(secret), now));
  if (!state) throw new AccountLinkError("This link has expired or was already used. Paste the link again to start over.");
  if (sessionUserId !== null && sessionUserId !== state.user_id) throw new AccountLinkError("This link was started by someone else. Paste the link again while signed in as yourself.");
  const settings = await deps.store.read((tx) => activeSettings(deps, tx, state.client_id));
  if (!settings) throw new AccountLinkError("This integration no longer has link previews set up.");
  if (q.error !== undefined) throw new AccountLinkError(`${settings.client.name} did not connect your account (${q.error.slice(0, 100)}).`);
  if (!q.code) throw new AccountLinkError(`${settings.client.name} sent you back without a code.`);
  let tokens;
  try {
    tokens = await partnerToken(deps, settings.authorization.token_url, {
      code: q.code,
      client_id: settings.authorization.client_id,
      client_secret: settings.client_secret,
      redirect_uri: callbackUrl(deps),
      grant_type: "authorization_code",
    });
  } catch (e) {
    if (e instanceof PartnerError) throw new AccountLinkError(`${settings.client.name} could not be connected: its token URL ${e.message}.`);
    throw e;
  }
  await deps.store.write((tx) => tx.linkPreviews.putAccount(accountRow(deps, ws, state.user_id, state.client_id, tokens, deps.clock.now())));
  return { integrationName: settings.client.name };
}
