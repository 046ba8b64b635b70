/**
 * Starting a SAML sign-in (SP-initiated, HTTP-Redirect binding): a new AuthnRequest id recorded
 * for the workspace (answerable for REQUEST_TTL_MS, once), with the local path to return to kept
 * beside it on the server; the browser is sent to the IdP with the deflated request. RelayState
 * carries `next` only when it fits SAML's 80 bytes (saml-bindings-2.0-os §3.4.3), and the
 * consumer never trusts it: it goes where the stored request says.
 */
import { randomBytes } from "node:crypto";
import type { Deps } from "../context.js";
import { SamlRefusal } from "./assertion.js";
import { serviceProvider } from "./service-provider.js";
import { REQUEST_TTL_MS, SWEEP_LIMIT } from "./policy.js";

/** The IdP URL to redirect the browser to, for a sign-in to workspace `ws` that ends at `next`. */
export async function startSamlSignIn(deps: Deps, ws: string, next: string | null): Promise<string> {
  // An xs:ID must not start with a digit: "_" and 160 random bits.
  const id = `_${randomBytes(20).toString("hex")}`;
  const config = await deps.store.write(async (tx) => {
    const row = await tx.saml.get(ws);
    if (!row) return null;
    const now = deps.clock.now();
    await tx.saml.sweep(ws, now, SWEEP_LIMIT);
    await tx.saml.addRequest(ws, id, now + REQUEST_TTL_MS, next);
    return row;
  });
  if (!config) throw new SamlRefusal(404, "Single sign-on is not set up for this workspace.");
  const relayState = next && Buffer.byteLength(next) <= 80 ? next : "";
  return serviceProvider(deps, config, id).getAuthorizeUrlAsync(relayState, undefined, {});
}

/** The first workspace of the person with `email` (oldest membership first) that has SAML: where "Sign in with SSO" goes; null when none. */
export async function ssoWorkspaceFor(deps: Deps, email: string): Promise<string | null> {
  return deps.store.read(async (tx) => {
    const account = await tx.accounts.findByEmail(email.trim());
    if (!account) return null;
    for (const m of await tx.accounts.memberships(account.user_id)) if (m.role !== "guest" && (await tx.saml.get(m.workspace_id))) return m.workspace_id;
    return null;
  });
}
