/**
 * Control-API verbs for a workspace's SAML single sign-on: set the identity provider (from its
 * metadata XML, or its entity id, sign-on URL and certificate), show it with the service
 * provider's own URLs to give the IdP, remove it. `allow_jit` (default on) and `enforce_sso`
 * (default off) keep their current value when a request leaves them out.
 */
import { X509Certificate } from "node:crypto";
import type { SamlConfigRow, Tx } from "../../storage/types.js";
import type { Deps } from "../context.js";
import { ApiError, errors } from "../../api/errors.js";
import { certificatePem, checkEntryPoint, parseIdpMetadata, SamlSetupError, type IdpDetails } from "./idp-metadata.js";
import { spUrls, type SpUrls } from "./policy.js";

/** What `PUT …/saml` takes once validated: metadata, or the three fields. */
export type SamlConfigInput =
  | { idp_metadata_xml: string; allow_jit?: boolean; enforce_sso?: boolean }
  | { entry_point: string; idp_cert: string | string[]; idp_issuer: string; allow_jit?: boolean; enforce_sso?: boolean };

/** A certificate as the control API shows it: the PEM and what an admin checks it by. */
interface CertificateView {
  pem: string;
  subject: string;
  not_after: string;
  fingerprint_sha256: string;
}

/** A workspace's SAML configuration as the control API answers it. */
export interface SamlConfigView {
  object: "saml_configuration";
  workspace_id: string;
  idp_issuer: string;
  entry_point: string;
  idp_certificates: CertificateView[];
  allow_jit: boolean;
  enforce_sso: boolean;
  service_provider: SpUrls;
  created_time: string;
  updated_time: string;
}

/** The 404 for a workspace without SAML. */
export const noSamlConfig = (ws: string) => new ApiError(404, "object_not_found", `Workspace ${ws} has no SAML configuration: PUT its /saml to set one.`);

/** The configuration of workspace `ws`, or the 404. */
export async function samlConfigOr404(tx: Tx, ws: string): Promise<SamlConfigRow> {
  const row = await tx.saml.get(ws);
  if (!row) throw noSamlConfig(ws);
  return row;
}

/** Sets workspace `ws`'s identity provider (replacing any), answering the view. */
export async function putSamlConfig(deps: Deps, tx: Tx, ws: string, input: SamlConfigInput): Promise<SamlConfigView> {
  const idp = idpOf(input);
  const now = deps.clock.now();
  const prior = await tx.saml.get(ws);
  const row: SamlConfigRow = {
    workspace_id: ws,
    ...idp,
    allow_jit: input.allow_jit ?? prior?.allow_jit ?? true,
    enforce_sso: input.enforce_sso ?? prior?.enforce_sso ?? false,
    created_time: prior?.created_time ?? now,
    updated_time: now,
  };
  await tx.saml.put(row);
  return viewSamlConfig(deps, row);
}

/** Removes workspace `ws`'s SAML configuration (404 when it has none). */
export async function deleteSamlConfig(tx: Tx, ws: string): Promise<{ object: "saml_configuration"; workspace_id: string; deleted: true }> {
  if (!(await tx.saml.remove(ws))) throw noSamlConfig(ws);
  return { object: "saml_configuration", workspace_id: ws, deleted: true };
}

/** Whether workspace `ws` has SAML, as the control API answers it (`GET …/saml/status`): 200 either way, with the SP's URLs to give an IdP. */
export async function samlStatus(deps: Pick<Deps, "publicUrl">, tx: Tx, ws: string) {
  const row = await tx.saml.get(ws);
  return { object: "saml_status" as const, workspace_id: ws, configured: row !== null, enforce_sso: row?.enforce_sso ?? false, service_provider: spUrls(deps, ws) };
}

/** A stored configuration as the control API shows it. */
export function viewSamlConfig(deps: Pick<Deps, "publicUrl">, row: SamlConfigRow): SamlConfigView {
  return {
    object: "saml_configuration",
    workspace_id: row.workspace_id,
    idp_issuer: row.idp_entity_id,
    entry_point: row.entry_point,
    idp_certificates: row.idp_certs.map(viewCertificate),
    allow_jit: row.allow_jit,
    enforce_sso: row.enforce_sso,
    service_provider: spUrls(deps, row.workspace_id),
    created_time: new Date(row.created_time).toISOString(),
    updated_time: new Date(row.updated_time).toISOString(),
  };
}

function viewCertificate(pem: string): CertificateView {
  const cert = new X509Certificate(pem);
  return { pem, subject: cert.subject, not_after: new Date(cert.validTo).toISOString(), fingerprint_sha256: cert.fingerprint256 };
}

/** The IdP's details from either form of the request; a problem is a validation error naming the field. */
function idpOf(input: SamlConfigInput): IdpDetails {
  const field = "idp_metadata_xml" in input ? "body.idp_metadata_xml" : "body";
  try {
    if ("idp_metadata_xml" in input) return parseIdpMetadata(input.idp_metadata_xml);
    const certs = [input.idp_cert].flat().map((c, i) => withField(`body.idp_cert${Array.isArray(input.idp_cert) ? `[${i}]` : ""}`, () => certificatePem(c)));
    return { idp_entity_id: input.idp_issuer.trim(), entry_point: withField("body.entry_point", () => checkEntryPoint(input.entry_point)), idp_certs: [...new Set(certs)] };
  } catch (e) {
    if (e instanceof FieldError) throw errors.validation(`${e.field} is not valid: ${e.message}`);
    if (e instanceof SamlSetupError) throw errors.validation(`${field} is not valid: ${e.message}`);
    throw e;
  }
}

class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function withField<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SamlSetupError) throw new FieldError(field, e.message);
    throw e;
  }
}
