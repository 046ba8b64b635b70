/**
 * Fault injection (beyond Notion): rules matching /v1 requests by method, path and integration
 * that answer one of Notion's server errors, hold the request, reset its socket, or delay it
 * (docs/design/clock-rate-limits-faults.md, "Faults"). Kept in this process.
 */
import { ApiError } from "../../api/errors.js";
import { rateLimitedError } from "./rate-limit.js";

export type FaultError = 429 | 500 | 502 | 503 | 504 | 529 | "timeout" | "reset";

export interface FaultMatch {
  method?: string;
  /** `/v1/pages/*`, `/v1/pages/{id}` or a full path; `*` and `{…}` stand for one segment. */
  path?: string;
  integration_id?: string;
}

export interface FaultInput {
  match: FaultMatch;
  error?: FaultError;
  latency_ms?: number;
  probability?: number;
  count?: number;
  seed?: number;
}

/** A fault as the control API shows it. */
export interface FaultView {
  object: "fault";
  id: string;
  match: FaultMatch;
  error: FaultError | null;
  latency_ms: number;
  probability: number;
  /** Matches left; null = unlimited. */
  remaining: number | null;
  hits: number;
  created_time: string;
}

interface Fault {
  view: FaultView;
  segments: string[] | null;
  random: () => number;
}

/** What a request meets: a delay, then maybe an error, a hold or a reset. */
export interface FaultOutcome {
  latencyMs: number;
  error: FaultError | null;
}

/** Mulberry32: a small seedable generator, so a test's probabilities repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const segmentsOf = (path: string) => path.split("?")[0].split("/").filter(Boolean).map((s) => s.toLowerCase().replaceAll("-", ""));

/** The registry of a process's faults. */
export class Faults {
  private readonly list: Fault[] = [];
  /** True when no fault with an integration is set: the after-auth phase is skipped. */
  byIntegration = 0;

  get size(): number {
    return this.list.length;
  }

  add(id: string, input: FaultInput, createdTime: string): FaultView {
    const view: FaultView = {
      object: "fault",
      id,
      match: input.match,
      error: input.error ?? null,
      latency_ms: input.latency_ms ?? 0,
      probability: input.probability ?? 1,
      remaining: input.count ?? null,
      hits: 0,
      created_time: createdTime,
    };
    this.list.push({ view, segments: input.match.path ? segmentsOf(input.match.path) : null, random: input.seed === undefined ? Math.random : seededRandom(input.seed) });
    if (input.match.integration_id) this.byIntegration++;
    return view;
  }

  all(): FaultView[] {
    return this.list.map((f) => f.view);
  }

  get(id: string): FaultView | undefined {
    return this.list.find((f) => f.view.id === id)?.view;
  }

  remove(id: string): boolean {
    const i = this.list.findIndex((f) => f.view.id === id);
    if (i < 0) return false;
    this.drop(i);
    return true;
  }

  clear(): void {
    this.list.length = 0;
    this.byIntegration = 0;
  }

  /**
   * The first fault matching a request, its count spent (a fault whose count runs out is removed);
   * `integrationId` undefined = before auth, where only faults without an integration are asked.
   */
  meet(method: string, url: string, integrationId?: string): FaultOutcome | null {
    let segments: string[] | null = null;
    for (let i = 0; i < this.list.length; i++) {
      const f = this.list[i];
      const m = f.view.match;
      if ((m.integration_id !== undefined) !== (integrationId !== undefined)) continue;
      if (m.integration_id !== undefined && m.integration_id.replaceAll("-", "") !== integrationId!.replaceAll("-", "")) continue;
      if (m.method && m.method.toUpperCase() !== method) continue;
      if (f.segments) {
        segments ??= segmentsOf(url);
        if (!samePath(f.segments, segments)) continue;
      }
      if (f.view.probability < 1 && f.random() >= f.view.probability) continue;
      f.view.hits++;
      if (f.view.remaining !== null && --f.view.remaining <= 0) this.drop(i);
      return { latencyMs: f.view.latency_ms, error: f.view.error };
    }
    return null;
  }

  private drop(i: number) {
    if (this.list[i].view.match.integration_id) this.byIntegration--;
    this.list.splice(i, 1);
  }
}

function samePath(pattern: string[], path: string[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((p, i) => p === "*" || (p.startsWith("{") && p.endsWith("}")) || p === path[i]);
}

/** Notion's answer for an error fault (messages from developers.notion.com/reference/status-codes). */
export function faultError(error: 429 | 500 | 502 | 503 | 504 | 529): ApiError {
  switch (error) {
    case 429:
      return rateLimitedError(1, "public_api_request_rate_limit");
    case 500:
      return new ApiError(500, "internal_server_error", "Unexpected error occurred.");
    case 502:
      return new ApiError(502, "bad_gateway", "Bad Gateway");
    case 503:
      return new ApiError(503, "service_unavailable", "Notion is unavailable, please try again later.");
    case 504:
      return new ApiError(504, "gateway_timeout", "Notion timed out while attempting to complete this request. Please try again later.");
    case 529:
      // Notion's exact wording for 529 is unconfirmed (../shared/spec/notion-api.md §2).
      return new ApiError(529, "service_overload", "Notion is currently overloaded. Please try again later.", undefined, { "retry-after": "1" });
  }
}
