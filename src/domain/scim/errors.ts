/**
 * SCIM's error vocabulary (RFC 7644 §3.12): `{schemas: [Error URN], status: "400", scimType,
 * detail}` — `status` a string, `scimType` only on 400s and 409s. The SCIM routes turn every
 * error into this shape in one place (src/routes/scim.ts); the control API's `ApiError`s the
 * domain verbs throw (validation, not found) are mapped there too.
 */
import { ApiError } from "../../api/errors.js";

/** The error message schema URN. */
export const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

/** RFC 7644 Table 9's detail error keywords Quire answers. */
export type ScimType = "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue" | "invalidVers" | "sensitive";

/** A SCIM error: an HTTP status, an optional `scimType`, a human-readable detail. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | null,
    detail: string,
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

/** The SCIM errors, one factory per kind. */
export const scimErrors = {
  unauthorized: () => new ScimError(401, null, "Authorization failed: send `Authorization: Bearer <SCIM token>` with a SCIM token of this workspace."),
  notFound: (kind: "User" | "Group" | "Resource", id: string) => new ScimError(404, null, `${kind} ${JSON.stringify(id)} not found.`),
  invalidFilter: (detail: string) => new ScimError(400, "invalidFilter", detail),
  invalidSyntax: (detail: string) => new ScimError(400, "invalidSyntax", detail),
  invalidValue: (detail: string) => new ScimError(400, "invalidValue", detail),
  invalidPath: (detail: string) => new ScimError(400, "invalidPath", detail),
  noTarget: (detail: string) => new ScimError(400, "noTarget", detail),
  mutability: (detail: string) => new ScimError(400, "mutability", detail),
  uniqueness: (detail: string) => new ScimError(409, "uniqueness", detail),
  tooLarge: (detail: string) => new ScimError(413, null, detail),
};

/** Any error as a SCIM error: SCIM's own as they are, the domain's `ApiError`s by status, the rest a 500. */
export function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  if (err instanceof ApiError) {
    if (err.status === 401) return scimErrors.unauthorized();
    if (err.status === 413) return scimErrors.tooLarge(err.message);
    if (err.code === "invalid_json") return scimErrors.invalidSyntax(err.message);
    if (err.status === 404) return new ScimError(404, null, err.message);
    if (err.status === 409) return scimErrors.uniqueness(err.message);
    if (err.status >= 400 && err.status < 500) return scimErrors.invalidValue(err.message);
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) return scimErrors.invalidSyntax((err as Error).message);
  return new ScimError(500, null, "Something went wrong on Quire's side.");
}

/** The body of a SCIM error answer. */
export function scimErrorBody(e: ScimError) {
  const body: Record<string, unknown> = { schemas: [SCIM_ERROR], status: String(e.status) };
  if (e.scimType) body.scimType = e.scimType;
  body.detail = e.message;
  return body;
}
