/**
 * SAML sign-in's numbers and fixed names in one place (docs/decisions/0007-saml-node-saml.md):
 * how long an AuthnRequest may be answered, the clock skew tolerated, where a workspace's
 * service-provider endpoints live.
 */
import type { Deps } from "../context.js";

/** An AuthnRequest may be answered this long after it was sent (10 minutes). */
export const REQUEST_TTL_MS = 10 * 60 * 1000;
/** Skew tolerated between the IdP's clock and Quire's on NotBefore / NotOnOrAfter (2 minutes). */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;
/** Expired request and assertion ids removed per sign-in, of each kind. */
export const SWEEP_LIMIT = 100;
/** The NameID format Quire asks for and reads emails from. */
export const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** The assertion consumer's route pattern: its URL-encoded body is parsed (src/routes/signin.ts FORM_ROUTES). */
export const SAML_ACS_ROUTE = "/sso/saml/:workspace_id/acs";
/** The largest assertion-consumer form accepted (responses with many attributes pass 16 KB). */
export const SAML_FORM_BYTES = 512 * 1024;

/** The service provider's own addresses for workspace `ws` (its entity id is its metadata URL). */
export interface SpUrls {
  entity_id: string;
  metadata_url: string;
  acs_url: string;
  login_url: string;
}

/** Workspace `ws`'s service-provider URLs on this server's public origin. */
export function spUrls(deps: Pick<Deps, "publicUrl">, ws: string): SpUrls {
  const base = `${deps.publicUrl()}/sso/saml/${ws}`;
  return { entity_id: `${base}/metadata`, metadata_url: `${base}/metadata`, acs_url: `${base}/acs`, login_url: `${base}/login` };
}
