/**
 * Quire's calls to a link-preview partner, all through the guarded client (src/outbound/): the
 * token exchange and refresh at the partner's token URL (form-urlencoded, as Notion's "Build a
 * Link Preview integration" describes), the unfurl callback (`POST {uri}` with the partner's
 * bearer token), the `DELETE` when the last preview of a URL goes, and the deleted-token callback.
 * Answers must be JSON within a size cap; a request with a body follows no redirect. Nothing here
 * logs a token.
 */
import type { Deps } from "../context.js";
import { outboundRequest, OutboundError, OutboundRefused } from "../../outbound/http-client.js";

/** Connecting, first byte, whole exchange (ms) and body cap of every partner call. */
export const PARTNER_LIMITS = { connectMs: 5_000, headersMs: 10_000, totalMs: 15_000, maxBytes: 256 * 1024 } as const;

/** A partner call that did not give a usable answer: why, in words for the error message. */
export class PartnerError extends Error {
  override name = "PartnerError";
}

/** What a partner's token URL answered. */
export interface PartnerTokens {
  access_token: string;
  refresh_token: string | null;
  /** Seconds, when the partner said. */
  expires_in: number | null;
}

interface Answer {
  status: number;
  json: unknown;
}

/** Sends one request to the partner; its JSON answer (null for an empty body), or a PartnerError. */
export async function partnerCall(deps: Deps, url: string, init: { method: "POST" | "DELETE"; body?: string; contentType?: string; bearer?: string }): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.contentType) headers["content-type"] = init.contentType;
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  const total = deps.linkPreviewTimeoutMs ?? PARTNER_LIMITS.totalMs;
  try {
    const res = await outboundRequest(url, {
      method: init.method,
      body: init.body,
      headers,
      allowPrivate: deps.files.allowPrivateUrls,
      connectTimeoutMs: Math.min(PARTNER_LIMITS.connectMs, total),
      headersTimeoutMs: Math.min(PARTNER_LIMITS.headersMs, total),
      totalTimeoutMs: total,
      maxBytes: PARTNER_LIMITS.maxBytes,
      signal: deps.files.imports.controller.signal,
    });
    const chunks: Buffer[] = [];
    for await (const c of res.chunks()) chunks.push(c);
    const text = Buffer.concat(chunks).toString("utf8");
    if (text.trim() === "") return { status: res.status, json: null };
    const type = String(res.headers["content-type"] ?? "");
    if (!/\bjson\b/i.test(type)) throw new PartnerError(`answered ${res.status} with ${type || "no content type"}, not JSON`);
    try {
      return { status: res.status, json: JSON.parse(text) };
    } catch {
      throw new PartnerError(`answered ${res.status} with a body that is not valid JSON`);
    }
  } catch (e) {
    if (e instanceof PartnerError) throw e;
    const why = (e as Error).message.replace(/\.$/, "");
    if (e instanceof OutboundRefused) throw new PartnerError(`was refused (${why})`);
    if (e instanceof OutboundError) throw new PartnerError(e.kind === "timeout" ? `did not answer in time (${why})` : e.kind === "too_large" ? `answered more than ${PARTNER_LIMITS.maxBytes} bytes` : `could not be reached (${why})`);
    throw new PartnerError(`could not be reached (${why})`);
  }
}

/** POSTs a grant to the partner's token URL (form-urlencoded) and reads its tokens. */
export async function partnerToken(deps: Deps, tokenUrl: string, form: Record<string, string>): Promise<PartnerTokens> {
  const { status, json } = await partnerCall(deps, tokenUrl, { method: "POST", body: new URLSearchParams(form).toString(), contentType: "application/x-www-form-urlencoded" });
  const o = json as Record<string, unknown> | null;
  if (status < 200 || status > 299) throw new PartnerError(`token URL answered ${status}${o && typeof o.error === "string" ? ` (${o.error})` : ""}`);
  if (!o || typeof o.access_token !== "string" || o.access_token === "") throw new PartnerError("token URL answered without an access_token");
  const refresh = typeof o.refresh_token === "string" && o.refresh_token !== "" ? o.refresh_token : null;
  const expires = typeof o.expires_in === "number" && Number.isFinite(o.expires_in) && o.expires_in > 0 ? o.expires_in : null;
  return { access_token: o.access_token, refresh_token: refresh, expires_in: expires };
}
