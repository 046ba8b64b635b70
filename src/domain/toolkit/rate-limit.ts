/**
 * Notion's request limits (developers.notion.com/reference/request-limits): a budget of requests
 * per 60-second window per connection (integration token), and one per workspace shared by its
 * connections; past it, 429 `rate_limited` with `Retry-After` and `additional_data.rate_limit_reason`
 * worded as Notion words them. Counted in this process (docs/design/clock-rate-limits-faults.md,
 * "Across nodes", says why and what that means on several nodes).
 */
import { ApiError } from "../../api/errors.js";
import { NOTION_CONNECTION_PER_MINUTE, NOTION_WORKSPACE_PER_MINUTE, RATE_WINDOW_MS, type RateLimitSetting } from "./settings.js";

/** Notion's `rate_limit_reason` values. */
export type RateLimitReason = "public_api_request_rate_limit" | "public_api_space_request_rate_limit";

interface Window {
  start: number;
  count: number;
}

/** Fixed 60-second windows per key, opened by a key's first request; on real time, never the controlled clock (a frozen clock would never reopen one). */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(
    private readonly windowMs: number = RATE_WINDOW_MS,
    private readonly realNow: () => number = Date.now,
  ) {}

  /** Counts a request of `key` against `budget`; the seconds until its window reopens when it is over, else 0. */
  take(key: string, budget: number): number {
    const now = this.realNow();
    if (now - this.sweptAt > this.windowMs) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) this.windows.set(key, (w = { start: now, count: 0 }));
    if (w.count >= budget) return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    w.count++;
    return 0;
  }

  /** Forgets every count (the setting changed). */
  clear(): void {
    this.windows.clear();
  }

  private sweep(now: number) {
    this.sweptAt = now;
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

/** The per-connection budget a setting gives, or null when off. */
export function connectionBudget(s: RateLimitSetting): number | null {
  return s.kind === "off" ? null : s.kind === "notion" ? NOTION_CONNECTION_PER_MINUTE : s.n;
}

/** The per-workspace budget a setting gives, or null when it has none (off, or a plain `<n>/min`). */
export function workspaceBudget(s: RateLimitSetting): number | null {
  return s.kind === "notion" ? NOTION_WORKSPACE_PER_MINUTE : null;
}

/** Notion's 429 for a reason, with `Retry-After` in seconds in the header and in `additional_data`. */
export function rateLimitedError(retryAfter: number, reason: RateLimitReason): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    "You have been rate limited. Please try again in a few minutes.",
    { retry_after: String(retryAfter), rate_limit_reason: reason },
    { "retry-after": String(retryAfter) },
  );
}
