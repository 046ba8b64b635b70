/** The invariants every answer must keep, whatever was sent. */
import type { FuzzRequest } from "./http.js";
import { matchKnownBug, recordKnownBug } from "./known-bugs.js";

/** The codes a client may see (src/api/errors.ts minus the 5xx ones). */
export const KNOWN_CODES = new Set([
  "invalid_json",
  "invalid_request_url",
  "invalid_request",
  "validation_error",
  "missing_version",
  "invalid_beta",
  "unauthorized",
  "restricted_resource",
  "object_not_found",
  "conflict_error",
  "rate_limited",
]);

const ERROR_KEYS = ["object", "status", "code", "message", "request_id"];

export class Violation extends Error {
  constructor(message: string, req: FuzzRequest | undefined, res: { status: number; text?: string; body?: string }) {
    const body = (res.text ?? res.body ?? "").slice(0, 600);
    const shown = req ? `${req.method} ${req.path.length > 300 ? req.path.slice(0, 300) + `…(${req.path.length} chars)` : req.path}\nheaders: ${JSON.stringify(req.headers).slice(0, 600)}\nbody: ${req.body === undefined ? "(none)" : JSON.stringify(req.body.length > 600 ? req.body.slice(0, 600) + "…" : req.body)}` : "";
    super(`${message}\n--- request\n${shown}\n--- response ${res.status}\n${body}`);
  }
}

/** True when strict mode refuses known-bug tolerance (FUZZ_STRICT=1). */
export const STRICT = process.env.FUZZ_STRICT === "1";

export interface Answer {
  status: number;
  /** The x-notion-request-id header, if any. */
  requestId: string | string[] | undefined;
  /** The body text and its parse (`undefined` = not JSON). */
  text: string;
  json: unknown;
  /** The stack the server logged for this answer, if it was a 5xx (known bugs may match it). */
  serverError?: string;
  /** The Location header, if any (the web app's redirect to sign-in). */
  location?: string | string[];
}

/**
 * Status < 500; a JSON body; errors shaped exactly `{object:"error", status, code, message,
 * request_id}` (+ optional `additional_data` of strings) with a known code and `request_id` equal
 * to the header; 2xx bodies carry `object`. HEAD and the CORS preflight may answer without a body.
 */
/** Whether `path` (query string included) is one of the web app's addresses rather than the API's. */
export function isWebAppPath(path: string): boolean {
  const pathname = path.split("?")[0].replace(/\/{2,}/g, "/");
  return /^\/(w(\/.*)?|assets\/[^/]*)?$/.test(pathname);
}

export function checkAnswer(req: FuzzRequest | undefined, res: Answer): void {
  const fail = (msg: string): never => {
    throw new Violation(msg, req, { status: res.status, text: res.text });
  };
  // A request that ran out of computing time answers 504 gateway_timeout (src/domain/budget.ts):
  // an answer, not a crash.
  const timedOut = res.status === 504 && (res.json as { code?: unknown } | undefined)?.code === "gateway_timeout";
  if (res.status >= 500 && !timedOut) {
    const bug = req && !STRICT ? matchKnownBug(req, "status", res.serverError) : undefined;
    if (!bug) fail(`status ${res.status} (≥ 500)`);
    recordKnownBug(bug!);
  }
  // The web app's addresses (`/`, `/w/…`, `/assets/…`: src/routes/web-app.ts; the router also
  // takes `//` and `*` for `/`) answer a browser — a redirect to /login, its HTML, a file — not
  // the API: only "no 5xx" holds for them. The API itself never redirects.
  if ((req && isWebAppPath(req.path)) || (res.status === 303 && typeof res.location === "string" && res.location.startsWith("/login?next="))) return;
  if (res.status < 200 || (res.status >= 300 && res.status < 400)) fail(`unexpected status ${res.status}`);
  if (typeof res.requestId !== "string" || res.requestId === "") fail("no x-notion-request-id header");
  const method = req?.method.toUpperCase();
  if (method === "HEAD") return;
  if (method === "OPTIONS" && res.status === 204 && res.text === "") return;
  if (res.json === undefined) fail("the body is not JSON");
  const body = res.json;
  if (typeof body !== "object" || body === null || Array.isArray(body)) fail("the body is not a JSON object");
  const b = body as Record<string, unknown>;
  if (res.status >= 400) {
    const keys = Object.keys(b).filter((k) => k !== "additional_data");
    if (keys.length !== ERROR_KEYS.length || !ERROR_KEYS.every((k) => keys.includes(k))) fail(`error keys are ${JSON.stringify(Object.keys(b))}`);
    if (b.object !== "error") fail("error body without object: \"error\"");
    if (b.status !== res.status) fail(`body.status ${String(b.status)} ≠ HTTP ${res.status}`);
    if (res.status < 500 && (typeof b.code !== "string" || !KNOWN_CODES.has(b.code))) fail(`unknown code ${JSON.stringify(b.code)}`);
    if (typeof b.message !== "string" || b.message === "") fail("message is not a non-empty string");
    if (b.request_id !== res.requestId) fail(`request_id ${JSON.stringify(b.request_id)} ≠ header ${JSON.stringify(res.requestId)}`);
    if (b.additional_data !== undefined) {
      const ad = b.additional_data;
      if (typeof ad !== "object" || ad === null || Array.isArray(ad)) fail("additional_data is not an object");
      for (const v of Object.values(ad as object))
        if (typeof v !== "string" && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) fail("additional_data values must be strings or string arrays");
    }
  } else {
    // /_quire is Quire's own API (health answers `{status:"ok"}`); the rule is for /v1.
    const own = req !== undefined && /^\/+_quire(\/|$)/.test(req.path);
    // Data source templates answer `{templates, has_more, next_cursor}`, not a list object (spec §3).
    const templates = req !== undefined && /^\/+v1\/+data_sources\/+[^/?]+\/+templates\/*(\?|$)/i.test(req.path);
    if (templates && !Array.isArray(b.templates)) fail("templates answer without a `templates` array");
    // So does the meeting-notes query: `{results, has_more}` (the SDK's QueryMeetingNotesResponse).
    const notes = req !== undefined && /^\/+v1\/+blocks\/+meeting_notes\/+query\/*(\?|$)/i.test(req.path);
    if (notes && (!Array.isArray(b.results) || typeof b.has_more !== "boolean")) fail("meeting-notes query answer without `results` and `has_more`");
    if (!own && !templates && !notes && typeof b.object !== "string") fail("2xx body without a string `object`");
    if (!own) {
      const bad = malformedValue(b);
      if (bad) {
        const bug = req && !STRICT ? matchKnownBug(req, "value", bad) : undefined;
        if (!bug) fail(`2xx body holds a malformed value: ${bad}`);
        recordKnownBug(bug!);
      }
    }
    if (b.request_id !== undefined && b.request_id !== res.requestId) fail("2xx request_id ≠ header");
  }
}

const RICH_TEXT_TYPES = new Set(["text", "mention", "equation"]);

/** An ISO 8601 date or date-time as Notion writes them (years beyond 9999 signed, as JavaScript does). */
const ISO_DATE = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const isIsoDate = (v: unknown): boolean => typeof v === "string" && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v));

/**
 * What a stored-garbage bug looks like from outside: a rich-text item that is not an object with
 * a known `type` and a string `plain_text`, an icon / cover that is not null or a typed
 * object, or a date value whose start / end is not an ISO 8601 date. Returns where, or null.
 */
export function malformedValue(body: unknown): string | null {
  const stack: [unknown, string][] = [[body, "body"]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    for (const [k, x] of Object.entries(v)) {
      const here = `${at}.${k}`;
      if ((k === "rich_text" || k === "caption" || (k === "title" && Array.isArray(x))) && Array.isArray(x)) {
        for (const [i, item] of x.entries()) {
          const it = item as Record<string, unknown> | null;
          if (!it || typeof it !== "object" || !RICH_TEXT_TYPES.has(it.type as string) || typeof it.plain_text !== "string" || typeof it[it.type as string] !== "object")
            return `${here}[${i}] = ${JSON.stringify(item)?.slice(0, 120)}`;
        }
        continue;
      }
      if ((k === "icon" || k === "cover") && x !== null && (typeof x !== "object" || typeof (x as { type?: unknown }).type !== "string" || (x as Record<string, unknown>)[(x as { type: string }).type] == null))
        return `${here} = ${JSON.stringify(x)?.slice(0, 120)}`;
      if (k === "icon" || k === "cover") continue;
      if (k === "date" && x && typeof x === "object" && "start" in x) {
        const d = x as { start: unknown; end?: unknown };
        if (!isIsoDate(d.start) || (d.end !== null && d.end !== undefined && !isIsoDate(d.end))) return `${here} = ${JSON.stringify(x)?.slice(0, 120)}`;
        continue;
      }
      stack.push([x, here]);
    }
  }
  return null;
}
