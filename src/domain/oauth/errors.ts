/**
 * The OAuth endpoints' errors (api/errors.ts `OAuthError`). Statuses as RFC 6749 §5.2 and Notion's
 * reference give them: 400 for the grant and the request, 401 for the client's authentication.
 * Notion's own wording is published for one case only ("Invalid code: this code has been revoked.",
 * docs/design/oauth.md); the other messages are Quire's, in that style (unconfirmed).
 */
import { OAuthError } from "../../api/errors.js";

export const oauthErrors = {
  /** The client's credentials are missing or wrong (RFC 6749 §5.2: 401 with `WWW-Authenticate` when Basic was used). */
  invalidClient: (message = "Invalid client: client authentication failed.") => new OAuthError(401, "invalid_client", message, { "www-authenticate": 'Basic realm="notion"' }),
  invalidGrant: (message: string) => new OAuthError(400, "invalid_grant", message),
  invalidRequest: (message: string) => new OAuthError(400, "invalid_request", message),
  unsupportedGrantType: (given: string) => new OAuthError(400, "unsupported_grant_type", `Unsupported grant_type: ${JSON.stringify(given)}. Use authorization_code or refresh_token.`),
};
