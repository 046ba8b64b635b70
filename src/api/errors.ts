/**
 * The error catalog: one factory per Notion error code. Every failure a client can see is an
 * ApiError, turned into `{object:"error", status, code, message, request_id}` in exactly one
 * place (http/error-handler.ts). Wording follows developers.notion.com/reference/status-codes.
 */
import { LIMITS } from "./limits.js";

export type ErrorCode =
  | "invalid_json"
  | "invalid_request_url"
  | "invalid_request"
  | "validation_error"
  | "missing_version"
  | "invalid_beta"
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "conflict_error"
  | "rate_limited"
  | "internal_server_error"
  | "service_unavailable"
  | "gateway_timeout"
  // Notion is overloaded (status codes page; the SDK retries it like 429). Only fault injection answers it.
  | "service_overload"
  // A partner of a link-preview integration failed (Notion's status codes: 502 `bad_gateway`).
  | "bad_gateway"
  | OAuthErrorCode;

/** The token endpoint's codes (RFC 6749 §5.2), which Notion's OAuth endpoints answer in `code`. */
export type OAuthErrorCode = "invalid_grant" | "invalid_client" | "unsupported_grant_type" | "invalid_request";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly additionalData?: Record<string, string | string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * An error of the OAuth endpoints (/v1/oauth/token, introspect, revoke): Notion's error body
 * (developers.notion.com/reference/create-a-token shows `{object, status, code, message}` there)
 * plus RFC 6749 §5.2's `error` and `error_description`, which OAuth client libraries read and which
 * third-party reports show Notion answering (`{"error": "invalid_client"}` on a bad secret). The
 * SDK knows none of these codes but `invalid_request`: it raises `UnknownHTTPResponseError` for the
 * others, with this body.
 */
export class OAuthError extends ApiError {
  constructor(status: number, code: OAuthErrorCode, message: string, headers?: Record<string, string>) {
    super(status, code, message, undefined, headers);
    this.name = "OAuthError";
  }
}

export type ObjectKind = "page" | "block" | "database" | "data_source" | "user" | "comment" | "discussion" | "integration" | "property" | "custom_emoji" | "file_upload" | "view" | "view_query" | "workspace" | "member" | "group" | "personal_access_token" | "scim_token" | "link_preview" | "webhook" | "webhook_delivery";

export const errors = {
  invalidJson: () => new ApiError(400, "invalid_json", "Error parsing JSON body."),
  bodyTooLarge: () => new ApiError(400, "validation_error", `body failed validation: the request body should be ≤ \`${LIMITS.PAYLOAD_BYTES}\` bytes.`),
  invalidRequestUrl: () => new ApiError(400, "invalid_request_url", "Invalid request URL."),
  invalidRequest: (message: string) => new ApiError(400, "invalid_request", message),
  validation: (message: string) => new ApiError(400, "validation_error", message),
  missingVersion: () =>
    new ApiError(
      400,
      "missing_version",
      "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
    ),
  unauthorized: () => new ApiError(401, "unauthorized", "API token is invalid."),
  restricted: (message = "Insufficient permissions for this endpoint.") =>
    new ApiError(403, "restricted_resource", message),
  notFound: (kind: ObjectKind, id: string, integration?: { id: string; name: string }) =>
    new ApiError(
      404,
      "object_not_found",
      integration
        ? `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${integration.name}".`
        : `Could not find ${kind} with ID: ${id}.`,
      integration ? { integration_id: integration.id } : undefined,
    ),
  conflict: () => new ApiError(409, "conflict_error", "Conflict occurred while saving. Please try again."),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(
      429,
      "rate_limited",
      "You have been rate limited. Please try again in a few minutes.",
      { retry_after: String(retryAfterSeconds), rate_limit_reason: "public_api_request_rate_limit" },
      { "retry-after": String(retryAfterSeconds) },
    ),
  /** A server Quire called for the request (a link-preview partner) failed; `message` says how. */
  badGateway: (message: string) => new ApiError(502, "bad_gateway", message),
  internal: () => new ApiError(500, "internal_server_error", "Unexpected error occurred."),
  // The status-codes page's description of gateway_timeout; Notion's exact message is unconfirmed.
  gatewayTimeout: () => new ApiError(504, "gateway_timeout", "Notion timed out while attempting to complete this request. Please try again later."),
};
