/**
 * Fault injection (beyond Notion): rules matching /v1 requests by method, path and integration
 * that answer one of Notion's server errors, hold the request, reset its socket, or delay it
 * (docs/design/clock-rate-limits-faults.md, "Faults"). Kept in the store, so every node on one
 * PostgreSQL database applies the same faults and spends the same counts.
 */
import { ApiError } from "../../api/errors.js";
import type { FaultRow, FaultStore } from "../../storage/toolkit-shared.js";
import { iso } from "../clock.js";
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

/** The rule as stored (`FaultRow.rule`). */
interface StoredRule {
  match: FaultMatch;
  error: FaultError | null;
  latency_ms: number;
  probability: number;
  seed?: number;
}

/** A fault this node matches requests against: its rule, parsed once. */
interface Fault {
  id: string;
  rule: StoredRule;
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

/**
 * The faults as this node knows them: a copy of the store's list (`Store.shared.faults`), taken
 * again after every change made here and, on PostgreSQL, with the settings once a second
 * (`Toolkit.follow`). Matching reads the copy (no statement when there is no fault); a match is
 * then spent in the store, which is what makes `count` hold across nodes: a fault another node
 * spent or deleted meanwhile answers null there and is dropped here.
 */
export class Faults {
  private list: Fault[] = [];
  /** How many faults name an integration: 0 skips the after-auth phase. */
  byIntegration = 0;

  constructor(private readonly store: FaultStore) {}

  get size(): number {
    return this.list.length;
  }

  async add(id: string, input: FaultInput, createdTime: number): Promise<FaultView> {
    const rule: StoredRule = { match: input.match, error: input.error ?? null, latency_ms: input.latency_ms ?? 0, probability: input.probability ?? 1, ...(input.seed === undefined ? {} : { seed: input.seed }) };
    const row: FaultRow = { id, rule: JSON.stringify(rule), remaining: input.count ?? null, hits: 0, created_time: createdTime };
    await this.store.add(row);
    await this.refresh();
    return viewOf(row);
  }

  async all(): Promise<FaultView[]> {
    const rows = await this.store.list();
    this.adopt(rows);
    return rows.map(viewOf);
  }

  async get(id: string): Promise<FaultView | undefined> {
    const row = await this.store.get(id);
    return row ? viewOf(row) : undefined;
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.store.remove(id);
    await this.refresh();
    return removed;
  }

  async clear(): Promise<number> {
    const n = await this.store.clear();
    this.adopt([]);
    return n;
  }

  /** Takes the store's list again. */
  async refresh(): Promise<void> {
    this.adopt(await this.store.list());
  }

  /**
   * The first fault matching a request, one of its matches spent in the store;
   * `integrationId` undefined = before auth, where only faults without an integration are asked.
   */
  async meet(method: string, url: string, integrationId?: string): Promise<FaultOutcome | null> {
    let segments: string[] | null = null;
    for (const f of [...this.list]) {
      const m = f.rule.match;
      if ((m.integration_id !== undefined) !== (integrationId !== undefined)) continue;
      if (m.integration_id !== undefined && m.integration_id.replaceAll("-", "") !== integrationId!.replaceAll("-", "")) continue;
      if (m.method && m.method.toUpperCase() !== method) continue;
      if (f.segments) {
        segments ??= segmentsOf(url);
        if (!samePath(f.segments, segments)) continue;
      }
      if (f.rule.probability < 1 && f.random() >= f.rule.probability) continue;
      const spent = await this.store.spend(f.id);
      if (spent === null || spent.remaining === 0) this.drop(f.id);
      // Gone or spent by another node meanwhile: the next fault may still match.
      if (spent === null) continue;
      return { latencyMs: f.rule.latency_ms, error: f.rule.error };
    }
    return null;
  }

  /** The store's rows as this node's list; a fault kept keeps its random sequence. */
  private adopt(rows: FaultRow[]) {
    const known = new Map(this.list.map((f) => [f.id, f]));
    this.keep(rows.map((r) => known.get(r.id) ?? parse(r)));
  }

  private drop(id: string) {
    this.keep(this.list.filter((f) => f.id !== id));
  }

  private keep(list: Fault[]) {
    this.list = list;
    this.byIntegration = list.filter((f) => f.rule.match.integration_id !== undefined).length;
  }
}

function parse(row: FaultRow): Fault {
  const rule = JSON.parse(row.rule) as StoredRule;
  return { id: row.id, rule, segments: rule.match.path ? segmentsOf(rule.match.path) : null, random: rule.seed === undefined ? Math.random : seededRandom(rule.seed) };
}

function viewOf(row: FaultRow): FaultView {
  const rule = JSON.parse(row.rule) as StoredRule;
  return { object: "fault", id: row.id, match: rule.match, error: rule.error, latency_ms: rule.latency_ms, probability: rule.probability, remaining: row.remaining, hits: row.hits, created_time: iso(row.created_time) };
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
