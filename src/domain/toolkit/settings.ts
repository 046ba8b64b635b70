/**
 * The toolkit's settings as the flags, the environment and the control API give them: the clock,
 * the rate limit, the latency (docs/design/clock-rate-limits-faults.md). Parsers answer a setting
 * or a sentence saying what was expected; callers turn that into their own error.
 */
import type { ClockSetting } from "../clock.js";

/** Notion's documented per-connection budget: 180 requests per 60-second window on most plans (developers.notion.com/reference/request-limits). */
export const NOTION_CONNECTION_PER_MINUTE = 180;
/**
 * Notion documents a per-workspace limit shared by a workspace's connections without its value;
 * Quire's `notion` setting takes ten connections' budgets.
 */
export const NOTION_WORKSPACE_PER_MINUTE = 1800;
/** The window Notion's budgets are counted in. */
export const RATE_WINDOW_MS = 60_000;

/** `off`, Notion's limits, or a budget of `n` requests per connection per minute. */
export type RateLimitSetting = { kind: "off" } | { kind: "notion" } | { kind: "per_minute"; n: number };

/** `off`, or a delay drawn from Notion-like figures on every /v1 request (figures in toolkit/latency.ts). */
export type LatencySetting = "off" | "notion";

/** What the clock, rate limit and latency are set to; stored in `meta` under `toolkit` so every node reads it. */
export interface ToolkitSettings {
  clock: ClockSetting;
  rateLimit: RateLimitSetting;
  latency: LatencySetting;
}

export const DEFAULT_SETTINGS: ToolkitSettings = { clock: { offsetMs: 0, frozenAt: null }, rateLimit: { kind: "off" }, latency: "off" };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Ten years either way: further is a mistake, not a test. */
const MAX_OFFSET_MS = 10 * 365 * 86_400_000;

/** `-3d`, `90m`, `1h30m`, `2500` (ms) → milliseconds; a string saying what was expected otherwise. */
export function parseDuration(raw: string): number | string {
  const expected = `should be milliseconds or a duration such as -3d, 90m or 1h30m, instead was "${raw}"`;
  const m = /^\s*([+-]?)((?:\d+(?:ms|s|m|h|d|w))+|\d+)\s*$/.exec(raw);
  if (!m) return expected;
  let ms = 0;
  if (/^\d+$/.test(m[2])) ms = Number(m[2]);
  else for (const part of m[2].matchAll(/(\d+)(ms|s|m|h|d|w)/g)) ms += Number(part[1]) * UNITS[part[2]];
  if (!Number.isSafeInteger(ms) || ms > MAX_OFFSET_MS) return `should be at most ten years either way, instead was "${raw}"`;
  return m[1] === "-" ? -ms : ms;
}

/** An ISO 8601 time with its zone (`2026-06-27T12:00:00Z`) → ms; a string saying what was expected otherwise. */
export function parseInstant(raw: string): number | string {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) return `should be an ISO 8601 time with its zone such as 2026-06-27T12:00:00Z, instead was "${raw}"`;
  return ms;
}

/** `notion`, `off`, or `<n>/min` (1 to 100000) → the setting; a string saying what was expected otherwise. */
export function parseRateLimit(raw: string): RateLimitSetting | string {
  if (raw === "off") return { kind: "off" };
  if (raw === "notion") return { kind: "notion" };
  const m = /^(\d{1,6})\/min$/.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= 100_000)) return `should be "notion", "off" or "<n>/min" with n from 1 to 100000, instead was "${raw}"`;
  return { kind: "per_minute", n };
}

/** The setting as the control API and the CLI show it. */
export function rateLimitName(s: RateLimitSetting): string {
  return s.kind === "per_minute" ? `${s.n}/min` : s.kind;
}

/** `notion` or `off`. */
export function parseLatency(raw: string): LatencySetting | string {
  return raw === "notion" || raw === "off" ? raw : `should be "notion" or "off", instead was "${raw}"`;
}
