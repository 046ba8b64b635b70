/**
 * The one guarded client for requests the server makes to other hosts (external_url file
 * imports, link previews' token exchanges and unfurl callbacks). Every request has:
 *
 * - timeouts that always fire: connecting (DNS, TCP, TLS), the response headers, and the whole
 *   exchange including the body (a server that trickles bytes forever is cut off) — plain
 *   `setTimeout`s held until the request ends, which nothing can collect or forget;
 * - a size cap on the body (announced or streamed);
 * - no private, loopback or link-local addresses unless allowed, checked in the socket's own DNS
 *   lookup (no DNS rebinding) and on every redirect hop, redirects being followed by hand;
 * - no connection reuse (a fresh socket per hop), and cancellation from the caller's signal.
 *
 * Failures are OutboundRefused (before connecting) or OutboundError with a kind.
 */
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkTarget, guardedLookup, OutboundRefused, type TargetPolicy } from "./addresses.js";

export { isPrivateAddress, OutboundRefused, type TargetPolicy } from "./addresses.js";

export interface OutboundOptions extends TargetPolicy {
  method?: "GET" | "HEAD" | "POST" | "DELETE";
  /** Sent as the request's body (with its length); a request with a body follows no redirect. */
  body?: string;
  /** From the start of each hop until its connection is up (DNS, TCP and TLS). */
  connectTimeoutMs: number;
  /** From the start of each hop until its response headers arrive. */
  headersTimeoutMs: number;
  /** From the start until the whole body has been read: the exchange's deadline. */
  totalTimeoutMs: number;
  /** Body bytes accepted; a larger body (announced or streamed) fails with `too_large`. */
  maxBytes?: number;
  /** Redirects followed (default 5). */
  maxRedirects?: number;
  /** Answer a redirect as it came, following none (webhook deliveries: a 3xx is not a 2xx). */
  keepRedirects?: boolean;
  headers?: Record<string, string>;
  /** Cancels the request (server shutdown). */
  signal?: AbortSignal;
}

/** Why an outbound request failed after it started. */
export type OutboundFailure = "timeout" | "too_large" | "aborted" | "failed";

export class OutboundError extends Error {
  override name = "OutboundError";
  constructor(
    readonly kind: OutboundFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, chunk by chunk, within the size cap and the deadline (throws OutboundError). */
  chunks(): AsyncGenerator<Buffer>;
  /** Drops the body and ends the exchange. */
  discard(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends `url` and resolves with the final response's status and headers once they arrive. */
export async function outboundRequest(url: string, opts: OutboundOptions): Promise<OutboundResponse> {
  const guard = new Guard(opts);
  try {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      checkTarget(current, opts);
      const res = await guard.send(current);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location || opts.keepRedirects) return respond(res, guard);
      res.destroy();
      // A body is not re-sent to another place the server did not choose (a token exchange, a callback).
      if (opts.body !== undefined) throw new OutboundRefused("The answer was a redirect; requests with a body follow none.");
      if (hop >= (opts.maxRedirects ?? 5)) throw new OutboundRefused("Too many redirects.");
      current = new URL(location, current);
    }
  } catch (e) {
    guard.finish();
    throw e instanceof OutboundRefused || e instanceof OutboundError ? e : new OutboundError("failed", (e as Error).message);
  }
}

function respond(res: IncomingMessage, guard: Guard): OutboundResponse {
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    chunks: () => guard.body(res),
    discard() {
      res.destroy();
      guard.finish();
    },
  };
}

/** The timers and the live request of one exchange; `fail` ends it from anywhere. */
class Guard {
  private readonly timers = new Set<NodeJS.Timeout>();
  private req: ClientRequest | null = null;
  private res: IncomingMessage | null = null;
  private error: OutboundError | null = null;
  private readonly onAbort = () => this.fail(new OutboundError("aborted", "The request was cancelled."));

  constructor(private readonly opts: OutboundOptions) {
    this.timer(opts.totalTimeoutMs, `No complete answer within ${opts.totalTimeoutMs} ms.`);
    if (opts.signal?.aborted) this.onAbort();
    else opts.signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  /** One hop: resolves with its response once the headers are in. */
  send(url: URL): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      if (this.error) return reject(this.error);
      const secure = url.protocol === "https:";
      const connect = this.timer(this.opts.connectTimeoutMs, `No connection within ${this.opts.connectTimeoutMs} ms.`);
      const headers = this.timer(this.opts.headersTimeoutMs, `No answer within ${this.opts.headersTimeoutMs} ms.`);
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: this.opts.method ?? "GET", agent: false, lookup: this.opts.allowPrivate ? undefined : guardedLookup(this.opts), headers: this.headers() },
        (res) => {
          this.clear(connect);
          this.clear(headers);
          // Destroyed with an error before anyone reads it (a deadline), it must not crash the process.
          res.on("error", () => undefined);
          this.res = res;
          resolve(res);
        },
      );
      this.req = req;
      req.on("socket", (socket) => socket.once(secure ? "secureConnect" : "connect", () => this.clear(connect)));
      req.on("error", (e) => reject(this.error ?? (e instanceof OutboundRefused ? e : new OutboundError("failed", e.message))));
      req.end(this.opts.body);
    });
  }

  private headers(): Record<string, string> {
    const body = this.opts.body;
    return { "user-agent": "Quire", ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...this.opts.headers };
  }

  /** The body within the size cap; ends the exchange when done, failed or abandoned. */
  async *body(res: IncomingMessage): AsyncGenerator<Buffer> {
    const max = this.opts.maxBytes;
    const announced = Number(res.headers["content-length"]);
    let bytes = 0;
    try {
      if (max !== undefined && Number.isFinite(announced) && announced > max) throw this.fail(tooLarge(max));
      for await (const chunk of res) {
        bytes += (chunk as Buffer).length;
        if (max !== undefined && bytes > max) throw this.fail(tooLarge(max));
        yield chunk as Buffer;
      }
      if (this.error) throw this.error;
    } catch (e) {
      throw this.error ?? new OutboundError("failed", (e as Error).message);
    } finally {
      if (!res.complete) res.destroy();
      this.finish();
    }
  }

  /** Ends the exchange with `error`: the live request and response are destroyed with it. */
  fail(error: OutboundError): OutboundError {
    if (this.error) return this.error;
    this.error = error;
    this.req?.destroy(error);
    this.res?.destroy(error);
    this.finish();
    return error;
  }

  /** Stops every timer and listener (the exchange is over). */
  finish(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.opts.signal?.removeEventListener("abort", this.onAbort);
  }

  private timer(ms: number, message: string): NodeJS.Timeout {
    const t = setTimeout(() => this.fail(new OutboundError("timeout", message)), ms);
    this.timers.add(t);
    return t;
  }

  private clear(t: NodeJS.Timeout): void {
    clearTimeout(t);
    this.timers.delete(t);
  }
}

const tooLarge = (max: number) => new OutboundError("too_large", `The body is larger than ${max} bytes.`);
