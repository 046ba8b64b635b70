/**
 * /_quire/v1/saml — a workspace's SAML single sign-on (registered inside the admin scope: unscoped
 * for the first workspace, and under /_quire/v1/workspaces/{id}): `PUT` sets the identity provider
 * from `{idp_metadata_xml}` or `{entry_point, idp_cert, idp_issuer}` (with `allow_jit?`,
 * `enforce_sso?`), `GET` shows it with the service provider's URLs (404 without one), `DELETE`
 * removes it; `GET /saml/status` answers 200 whether or not it is set (what the console reads).
 */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import type { ControlScope } from "./admin-scope.js";
import { errors } from "../api/errors.js";
import { array, boolean, check, object, optional, string, union } from "../api/validate.js";
import { deleteSamlConfig, putSamlConfig, samlConfigOr404, samlStatus, viewSamlConfig, type SamlConfigInput } from "../domain/saml/config.js";
import { bodyOf } from "./helpers.js";

const flags = { allow_jit: optional(boolean()), enforce_sso: optional(boolean()) };
const pem = string({ minLength: 1, maxLength: 16 * 1024 });
const metadataBody = object({ idp_metadata_xml: string({ minLength: 1, maxLength: 512 * 1024 }), ...flags });
const fieldsBody = object({
  entry_point: string({ minLength: 1, maxLength: 2000 }),
  idp_cert: union<string | string[]>(pem, array(pem, { minLength: 1, maxLength: 5 })),
  idp_issuer: string({ minLength: 1, maxLength: 1000 }),
  ...flags,
});

/** The PUT body: metadata, or the three fields — never both. */
function putBody(body: unknown): SamlConfigInput {
  const given = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  if (given.idp_metadata_xml === undefined) return check("body", fieldsBody, body);
  if (["entry_point", "idp_cert", "idp_issuer"].some((k) => given[k] !== undefined))
    throw errors.validation("body failed validation: give either body.idp_metadata_xml or body.entry_point, body.idp_cert and body.idp_issuer, not both.");
  return check("body", metadataBody, body);
}

/** Registers the SAML configuration routes under the plugin's prefix (admin-scope.ts). */
export function adminSamlRoutes(admin: FastifyInstance, deps: Deps, scope: ControlScope) {
  admin.put("/saml", async (req) => {
    const body = putBody(bodyOf(req));
    return scope.write(req, (tx, ws) => putSamlConfig(deps, tx, ws, body));
  });
  admin.get("/saml", async (req) => scope.read(req, async (tx, ws) => viewSamlConfig(deps, await samlConfigOr404(tx, ws))));
  admin.get("/saml/status", async (req) => scope.read(req, (tx, ws) => samlStatus(deps, tx, ws)));
  admin.delete("/saml", async (req) => scope.write(req, (tx, ws) => deleteSamlConfig(tx, ws)));
}
