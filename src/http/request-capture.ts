/**
 * Feeds the request log (domain/toolkit/requests.ts): each `/v1` request becomes one entry when
 * its response closes — after the answer, so nothing here runs inside the request's store unit
 * or delays its bytes. Bodies are kept as JSON text, a request's at most BODY_CHARS, an answer's at
 * most RESPONSE_BODY_CHARS (each cut with a marker; an answer's names its whole size in bytes),
 * with secrets taken out by name: tokens, client secrets, passwords, verification tokens, an
 * OAuth `code`/`state`, and the query of signed file URLs (the rules of http/request-log.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../domain/clock.js";
import { iso } from "../domain/clock.js";
import type { RequestAuth, RequestEntry, RequestLogView } from "../domain/toolkit/requests.js";
import type { Actor } from "../domain/context.js";
import { loggableUrl } from "./request-log.js";

/** The most characters of a request body an entry keeps. */
export const BODY_CHARS = 64 * 1024;
/**
 * The most characters of an answer an entry keeps: a page of 100 rows is ~270 KB, and on
 * PostgreSQL every entry is JSON-encoded and sent to the database (docs/design/request-log.md).
 */
export const RESPONSE_BODY_CHARS = 16 * 1024;
/** Ends a request body that was cut. */
export const TRUNCATED = "…[truncated]";
/** Ends an answer that was cut: the answer's whole size, in bytes as sent. */
export const truncatedAnswer = (bytes: number): string => `…[truncated, ${bytes} bytes]`;
export const REDACTED = "[redacted]";

declare module "fastify" {
  interface FastifyRequest {
    /** The serialized answer (text, or the bytes of a list encoded result by result), kept by `captureResponse` for the request log. */
    loggedPayload?: string | Buffer | null;
    /** Set when the answer is a list encoded result by result (http/encode-once.ts): its bytes are JSON text, logged as such. */
    answeredByResult?: boolean;
    /** The answer's size in bytes when it was encoded before sending (http/encode-once.ts). */
    sentBytes?: number;
    /** Who an answer served from the response cache was for (the cache skips auth): its integration and bot user. */
    loggedIntegration?: { id: string; name: string; user_id: string };
  }
}

// Keys whose string values grant access, wherever they appear in a JSON body.
const SECRET_KEYS = /("(?:access_token|refresh_token|client_secret|password|verification_token|token|secret|api_key|private_key)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
// In a request to the OAuth endpoints `code` and `state` are credentials too (elsewhere, and in
// any answer, `code` is a block type or an error code).
const OAUTH_KEYS = /("(?:code|state|code_verifier)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
// A signed download URL works for an hour: its query goes.
const SIGNED_URLS = /(\/_quire\/files\/[^"?\\\s]*)\?[^"\\\s]*/g;

/** A body's text as the log keeps it: secrets out, then cut to BODY_CHARS. */
export function redactBody(text: string, path: string, isRequest: boolean): string {
  return bounded(redactSecrets(text, path, isRequest));
}

/**
 * An answer's text as the log keeps it: secrets out (of the whole text: a cut could end inside a
 * secret's value, which the expressions would then miss), then cut to RESPONSE_BODY_CHARS with a
 * marker naming its size (`bytes`, or counted here when the answer went out as a string).
 */
export function redactAnswer(answer: string | Buffer, path: string, bytes?: number): string {
  if (typeof answer !== "string") return redactAnswerBytes(answer, path);
  const text = answer;
  const out = redactSecrets(text, path, false);
  if (out.length <= RESPONSE_BODY_CHARS) return out;
  return cut(out, RESPONSE_BODY_CHARS, truncatedAnswer(bytes ?? Buffer.byteLength(text)));
}

// The substrings that make redactSecrets look further; any one of them in an answer's bytes sends it down the whole-text path.
const SECRET_HINTS = ["token", "secret", "password", "_key"];

/**
 * `redactAnswer` of an answer sent as bytes (http/encode-once.ts, `encodeList`), the same text,
 * without decoding all of it: when the bytes name no secret key, only the first 3 ×
 * RESPONSE_BODY_CHARS bytes are decoded (at least RESPONSE_BODY_CHARS characters) and their signed
 * URLs cut — a URL that runs past that prefix is cut there as it would be in the whole text.
 */
function redactAnswerBytes(bytes: Buffer, path: string): string {
  const prefixBytes = 3 * RESPONSE_BODY_CHARS;
  if (bytes.length <= prefixBytes || SECRET_HINTS.some((hint) => bytes.includes(hint))) return redactAnswer(bytes.toString("utf8"), path, bytes.length);
  const head = redactSecrets(bytes.toString("utf8", 0, prefixBytes), path, false);
  // The prefix may end inside a character (decoded as up to 3 U+FFFD), and its URLs' cuts shorten it.
  if (head.length < RESPONSE_BODY_CHARS + 3) return redactAnswer(bytes.toString("utf8"), path, bytes.length);
  return cut(head, RESPONSE_BODY_CHARS, truncatedAnswer(bytes.length));
}

/** `text` cut to BODY_CHARS, with the marker. */
function bounded(text: string): string {
  return text.length > BODY_CHARS ? cut(text, BODY_CHARS, TRUNCATED) : text;
}

/**
 * The first `chars` of `text` and `marker`, as a string of their own. V8 makes a long `slice` a
 * view into the text it was cut from, so a kept slice of a 270 KB answer kept all 270 KB alive
 * (a 1000-entry ring of query answers held ~270 MB, not ~16 MB); joining the two parts of an
 * array copies them into a new string. docs/PERFORMANCE.md, "The SQLite server's RSS peak".
 */
function cut(text: string, chars: number, marker: string): string {
  return [text.slice(0, chars), marker].join("");
}

/** A body's text with its secrets taken out (the same string when it names none: most bodies). */
function redactSecrets(text: string, path: string, isRequest: boolean): string {
  let out = text;
  // Most bodies hold none of the keys: a substring check is far cheaper than the regular expressions.
  if (out.includes("token") || out.includes("secret") || out.includes("password") || out.includes("_key")) out = out.replace(SECRET_KEYS, `$1"${REDACTED}"`);
  if (out.includes("/_quire/files/")) out = out.replace(SIGNED_URLS, "$1?…");
  if (isRequest && path.startsWith("/v1/oauth/")) out = out.replace(OAUTH_KEYS, `$1"${REDACTED}"`);
  return out;
}

/** The request's body as text for the log: JSON, a marker for a streamed upload, null when none. */
function requestText(req: FastifyRequest): string | null {
  const body = req.body;
  if (body === undefined || body === null) return null;
  if (typeof body === "object" && typeof (body as { pipe?: unknown }).pipe === "function") return "[multipart body not kept]";
  try {
    return JSON.stringify(body) ?? null;
  } catch {
    return "[body not serializable]";
  }
}

/** Keeps the serialized answer (an onSend hook's payload) for the entry. */
export function captureResponse(req: FastifyRequest, payload: unknown): void {
  req.loggedPayload = typeof payload === "string" || (Buffer.isBuffer(payload) && req.answeredByResult) ? payload : payload == null ? null : "[binary or streamed body not kept]";
}

/** Records `req` in `log` when its response closes. */
export function recordOnClose(req: FastifyRequest, reply: FastifyReply, log: RequestLogView, clock: Clock): void {
  const arrived = clock.now();
  const started = performance.now();
  reply.raw.once("close", () => log.record(new CapturedEntry(req, reply.raw.statusCode, arrived, performance.now() - started, log.node)));
}

/**
 * One request's entry. What could hold a secret is taken out as it is recorded — the URL's
 * credential parameters, secrets in either body (a substring check first: most bodies name no
 * secret key and are kept as they are) — so memory never holds one — and bodies are cut to
 * BODY_CHARS and RESPONSE_BODY_CHARS (a length check when short), so an unread entry never holds a whole answer; the
 * arrival time as text is made when something reads the entry (a list, the stream, a lookup),
 * once: most entries are pushed out of the ring unread.
 */
class CapturedEntry implements RequestEntry {
  readonly object = "request" as const;
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly route: string | null;
  readonly status: number;
  readonly duration_ms: number;
  readonly node: RequestEntry["node"];
  readonly integration: { id: string; name: string } | null;
  readonly user_id: string | null;
  readonly auth: RequestAuth | null;
  readonly headers: RequestEntry["headers"];
  private readonly arrived: number;
  readonly request_body: string | null;
  readonly response_body: string | null;
  private iso?: string;
  /** Set by app.ts's preSerialization hook when an entry is itself an answer (GET …/requests/{id}). */
  request_id?: string;

  constructor(req: FastifyRequest, status: number, arrived: number, duration: number, node: RequestEntry["node"]) {
    this.id = String(req.id);
    this.method = req.method;
    this.path = loggableUrl(req.url);
    this.route = req.routeOptions?.url ?? null;
    this.status = status;
    this.duration_ms = Math.round(duration * 10) / 10;
    this.node = node;
    const actor = req.ctx?.actor;
    const kept = req.loggedIntegration;
    this.integration = actor ? { id: actor.integration.id, name: actor.integration.name } : kept ? { id: kept.id, name: kept.name } : null;
    // Who acted, never how they proved it: no cookie, CSRF header or token is kept.
    this.user_id = actor ? actor.bot.id : (kept?.user_id ?? null);
    this.auth = actor ? authOf(actor) : kept ? "integration" : null;
    const h = req.headers;
    this.headers = { notion_version: one(h["notion-version"]), user_agent: one(h["user-agent"]), content_type: one(h["content-type"]) };
    this.arrived = arrived;
    const bare = this.path.split("?", 1)[0];
    const reqText = requestText(req);
    // Cut at once (a length check when short): an entry left unread must not hold a whole answer.
    this.request_body = reqText === null ? null : redactBody(reqText, bare, true);
    const resText = req.loggedPayload ?? null;
    this.response_body = resText === null ? null : redactAnswer(resText, bare, req.sentBytes);
  }

  get time(): string {
    return (this.iso ??= iso(this.arrived));
  }

  /** The entry as the control API shows it (field order as RequestEntry lists them). */
  toJSON(): RequestEntry & { request_id?: string } {
    const { object, id, time, method, path, route, status, duration_ms, node, integration, user_id, auth, headers, request_body, response_body } = this;
    return { object, id, time, method, path, route, status, duration_ms, node, integration, user_id, auth, headers, request_body, response_body, ...(this.request_id !== undefined ? { request_id: this.request_id } : {}) };
  }
}

/** How `actor` authenticated. */
function authOf(actor: Actor): RequestAuth {
  return actor.person?.session ? "session" : actor.person ? "personal_access_token" : "integration";
}

function one(v: string | string[] | undefined): string | null {
  return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
}
