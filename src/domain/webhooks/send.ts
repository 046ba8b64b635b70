/**
 * One delivery attempt over HTTP: a POST of the exact body bytes through the guarded outbound
 * client (src/outbound/http-client.ts) with a webhook's limits — timeouts that always fire, at
 * most `MAX_READ_BYTES` of the answer read and an excerpt kept, no redirect followed (a 3xx is not
 * a 2xx: a failed attempt), private and loopback addresses reachable unless the server denies them.
 * Never throws: every outcome is an `AttemptOutcome` for the delivery log.
 */
import { outboundRequest, OutboundError, OutboundRefused } from "../../outbound/http-client.js";
import { RESPONSE_EXCERPT_BYTES as EXCERPT_BYTES, RESPONSE_MAX_BYTES as MAX_READ_BYTES } from "./policy.js";


/** Why an attempt got no usable answer (null: it got one, `status_code` says which). */
export type AttemptError = "timeout" | "connection" | "refused" | "too_large" | "aborted" | "redirect" | "status";

/** What one attempt came to. */
export interface AttemptOutcome {
  /** A 2xx answer: the event is delivered. */
  ok: boolean;
  status_code: number | null;
  error: AttemptError | null;
  /** The error in words (never the token), for `last_error`. */
  message: string | null;
  response_excerpt: string | null;
  duration_ms: number;
}

/** The headers and limits of one attempt. */
export interface SendOptions {
  headers: Record<string, string>;
  /** The whole exchange's deadline; connecting and the headers get at most as long. */
  totalTimeoutMs: number;
  connectTimeoutMs: number;
  allowPrivate: boolean;
  /** Cancels the attempt (the server closing). */
  signal?: AbortSignal;
  now: () => number;
}

/** POSTs `body` to `url` once and reports what came of it. */
export async function sendAttempt(url: string, body: string, opts: SendOptions): Promise<AttemptOutcome> {
  const started = opts.now();
  const done = (o: Omit<AttemptOutcome, "duration_ms">): AttemptOutcome => ({ ...o, duration_ms: Math.max(0, opts.now() - started) });
  try {
    const res = await outboundRequest(url, {
      method: "POST",
      body,
      headers: opts.headers,
      allowPrivate: opts.allowPrivate,
      allowHttp: true,
      keepRedirects: true,
      connectTimeoutMs: Math.min(opts.connectTimeoutMs, opts.totalTimeoutMs),
      headersTimeoutMs: opts.totalTimeoutMs,
      totalTimeoutMs: opts.totalTimeoutMs,
      signal: opts.signal,
    });
    const excerpt = await readExcerpt(res.chunks());
    const ok = res.status >= 200 && res.status < 300;
    const redirect = res.status >= 300 && res.status < 400;
    return done({
      ok,
      status_code: res.status,
      error: ok ? null : redirect ? "redirect" : "status",
      message: ok ? null : redirect ? `The URL answered ${res.status} (redirects are not followed).` : `The URL answered ${res.status}.`,
      response_excerpt: excerpt,
    });
  } catch (e) {
    return done({ ok: false, status_code: null, ...failure(e), response_excerpt: null });
  }
}

/** The first EXCERPT_BYTES of the answer, having read at most MAX_READ_BYTES (then the exchange ends). */
async function readExcerpt(chunks: AsyncGenerator<Buffer>): Promise<string> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let read = 0;
  try {
    for await (const chunk of chunks) {
      read += chunk.length;
      if (keptBytes < EXCERPT_BYTES) {
        const part = chunk.subarray(0, EXCERPT_BYTES - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      if (read >= MAX_READ_BYTES) break; // leaving the loop ends the exchange (http-client.ts)
    }
  } catch {
    // The answer's status is what counts; a body cut short (deadline, reset) keeps what came.
  }
  return Buffer.concat(kept).toString("utf8").replace(/\uFFFD+$/, "");
}

function failure(e: unknown): { error: AttemptError; message: string } {
  if (e instanceof OutboundRefused) return { error: "refused", message: e.message };
  if (e instanceof OutboundError) {
    if (e.kind === "timeout") return { error: "timeout", message: e.message };
    if (e.kind === "too_large") return { error: "too_large", message: e.message };
    if (e.kind === "aborted") return { error: "aborted", message: e.message };
    return { error: "connection", message: e.message };
  }
  return { error: "connection", message: (e as Error).message };
}
