/**
 * The assertion consumer: a SAML response posted by the browser becomes a session. node-saml
 * verifies the signature and audience (./service-provider.ts); ./assertion.ts checks issuer,
 * recipient, destination and times; then, in one write unit, the request it answers is taken
 * (single use), the assertion id recorded (a replay is refused), the person found or created
 * just in time, and the session opened. Every refusal is a `SamlRefusal`; nothing of the
 * assertion is logged.
 */
import type { SamlConfigRow, Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { addPerson } from "../admin/people.js";
import { openSession } from "../signin/sessions.js";
import { checkAssertion, SamlRefusal, type CheckedAssertion } from "./assertion.js";
import { serviceProvider } from "./service-provider.js";
import { SWEEP_LIMIT, spUrls } from "./policy.js";

/** A SAMLResponse this large or larger is refused unread (base64 of the XML). */
const MAX_RESPONSE_CHARS = 256 * 1024;

/** A sign-in the assertion consumer completed: the new session's id (for the cookie) and where to go. */
export interface SamlSignedIn {
  sessionId: string;
  next: string | null;
}

/** Consumes `samlResponse` posted to workspace `ws`'s ACS; `previous` is the session the request came with. */
export async function consumeSamlResponse(deps: Deps, ws: string, samlResponse: string | undefined, previous: string | null): Promise<SamlSignedIn> {
  if (!samlResponse || samlResponse.length >= MAX_RESPONSE_CHARS || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) throw new SamlRefusal(400, "The sign-in response is missing or malformed.");
  const config = await deps.store.read((tx) => tx.saml.get(ws));
  if (!config) throw new SamlRefusal(404, "Single sign-on is not set up for this workspace.");
  const checked = await verified(deps, config, samlResponse);
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await tx.saml.sweep(ws, now, SWEEP_LIMIT);
    const request = await tx.saml.takeRequest(ws, checked.inResponseTo, now);
    if (!request) throw new SamlRefusal(403, "The response answers no sign-in request that is still open (unknown, already used or expired).");
    if (!(await tx.saml.recordAssertion(ws, checked.id, checked.keepUntil))) throw new SamlRefusal(403, "This assertion was already used.");
    const userId = await personFor(deps, tx, config, checked);
    const { id } = await openSession(deps, tx, userId, previous);
    return { sessionId: id, next: request.next };
  });
}

/** The assertion after node-saml's signature and audience checks and Quire's own. */
async function verified(deps: Deps, config: SamlConfigRow, samlResponse: string): Promise<CheckedAssertion> {
  let profile;
  try {
    ({ profile } = await serviceProvider(deps, config).validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch {
    // The library's message may quote the response; the page says what kinds of check failed.
    throw new SamlRefusal(403, "The identity provider's response could not be verified (signature, audience or format).");
  }
  if (!profile?.getAssertion || !profile.getSamlResponseXml) throw new SamlRefusal(400, "The response carries no assertion.");
  return checkAssertion(profile.getAssertion(), profile.getSamlResponseXml(), { issuer: config.idp_entity_id, acsUrl: spUrls(deps, config.workspace_id).acs_url, now: deps.clock.now() });
}

/**
 * The person the assertion names, a member of the workspace: an existing member; someone with
 * an account who is not in the workspace yet, or someone unknown, added as a member when the
 * workspace allows just-in-time people. Refused: guests (Notion: "Only workspace members can
 * use SAML SSO to log in", help center "SAML SSO configuration") and people whose membership
 * ended (removed or deprovisioned: an admin's decision an IdP sign-in does not undo).
 */
async function personFor(deps: Deps, tx: Tx, config: SamlConfigRow, a: CheckedAssertion): Promise<string> {
  const ws = config.workspace_id;
  const account = await tx.accounts.findByEmail(a.email);
  const row = account ? await tx.getUser(ws, account.user_id) : await tx.findPersonByEmail(ws, a.email);
  if (row?.role === "guest") throw new SamlRefusal(403, "Guests cannot sign in with single sign-on; sign in with your password.");
  if (row?.role) return row.id;
  if (row) throw new SamlRefusal(403, "Your membership of this workspace has ended; ask a workspace admin.");
  if (!config.allow_jit) throw new SamlRefusal(403, "You are not a member of this workspace, and it does not add people at their first sign-in; ask a workspace admin.");
  const person = await addPerson(deps, tx, ws, { name: a.name ?? a.email.split("@")[0], email: a.email, passwordHash: null, role: "member" });
  return person.id;
}
