/** Redirect URIs of public integrations: what may be registered, and how a request's is matched. */
import { errors } from "../../api/errors.js";

/** Redirect URIs a client may register at most (Quire's bound; Notion's is unpublished). */
export const MAX_REDIRECT_URIS = 20;
const MAX_URI_LENGTH = 2000;

/**
 * Checks a redirect URI for registration: absolute http(s), no fragment (RFC 6749 §3.1.2: "MUST
 * NOT include a fragment component"); kept exactly as given, since requests must match it exactly.
 */
export function checkRedirectUri(uri: string, path: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(uri);
  } catch {
    /* not a URL */
  }
  if (!parsed || uri.length > MAX_URI_LENGTH || !/^https?:$/.test(parsed.protocol) || !/^https?:\/\//i.test(uri))
    throw errors.validation(`body failed validation: ${path} should be an absolute http or https URL, instead was \`${JSON.stringify(uri)}\`.`);
  if (uri.includes("#")) throw errors.validation(`body failed validation: ${path} should not contain a fragment (#), instead was \`${JSON.stringify(uri)}\`.`);
  return uri;
}

/** A list of redirect URIs: 1 to MAX_REDIRECT_URIS, each checked, none twice. */
export function checkRedirectUris(uris: string[]): string[] {
  if (uris.length === 0) throw errors.validation("body failed validation: body.redirect_uris should have at least 1 item, instead was `[]`.");
  if (uris.length > MAX_REDIRECT_URIS) throw errors.validation(`body failed validation: body.redirect_uris should have at most ${MAX_REDIRECT_URIS} items, instead had ${uris.length}.`);
  uris.forEach((u, i) => checkRedirectUri(u, `body.redirect_uris[${i}]`));
  return [...new Set(uris)];
}

/** A URI with query parameters added (its own kept; RFC 6749 §3.1.2: the query component is retained). */
export function withParams(uri: string, params: Record<string, string | null | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) url.searchParams.append(k, v);
  return url.toString();
}
