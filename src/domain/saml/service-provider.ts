/**
 * Quire as a SAML service provider for one workspace, through @node-saml/node-saml
 * (docs/decisions/0007-saml-node-saml.md). The library checks the XML signatures (a signed
 * Response or a signed Assertion, with the workspace's IdP certificates; one assertion only) and
 * the audience; Quire turns off the library's own clock checks and `InResponseTo` cache and does
 * those itself (./assertion.ts, ./consume.ts) with its injected clock and its store.
 */
import { SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import type { SamlConfigRow } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { EMAIL_FORMAT, spUrls } from "./policy.js";

/** The node-saml service provider of `row`'s workspace; `requestId` names the AuthnRequest it will make. */
export function serviceProvider(deps: Pick<Deps, "publicUrl">, row: SamlConfigRow, requestId?: string): SAML {
  const sp = spUrls(deps, row.workspace_id);
  return new SAML({
    issuer: sp.entity_id,
    callbackUrl: sp.acs_url,
    audience: sp.entity_id,
    entryPoint: row.entry_point,
    idpCert: row.idp_certs,
    idpIssuer: row.idp_entity_id,
    identifierFormat: EMAIL_FORMAT,
    // At least one signature is required either way: with both false, an unsigned Response
    // must carry a signed Assertion (node-saml's validatePostResponseAsync).
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    // Times are checked by ./assertion.ts with Quire's clock (-1 turns the library's off).
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.never,
    // IdPs with MFA or passwordless refuse a requested PasswordProtectedTransport context.
    disableRequestedAuthnContext: true,
    generateUniqueId: () => requestId ?? "_unused",
  });
}
