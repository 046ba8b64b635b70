/**
 * `enforce_sso`: a workspace that enforces SAML refuses password sign-in to its members. The rule
 * (docs/decisions/0007-saml-node-saml.md): a person is refused when any workspace they are a
 * member of enforces it — one account, one password, so a password that opened one workspace
 * would open the enforcing one too — except where they are that workspace's owner (a break-glass
 * sign-in when the IdP is down or misconfigured, as Notion lets workspace owners log in with
 * email whatever the SAML setting; help center "SAML SSO configuration", wording unconfirmed)
 * or a guest (guests cannot use SAML SSO in Notion, same page, so a guest is never locked out).
 */
import type { Membership, Tx } from "../../storage/types.js";

/** The first workspace among `memberships` whose SAML requires this person to sign in with SSO, or null. */
export async function ssoRequiredBy(tx: Tx, memberships: Membership[]): Promise<string | null> {
  for (const m of memberships) {
    if (m.role === "owner" || m.role === "guest") continue;
    if ((await tx.saml.get(m.workspace_id))?.enforce_sso) return m.workspace_id;
  }
  return null;
}
