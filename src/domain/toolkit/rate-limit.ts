/**
 * Notion's request limits (developers.notion.com/reference/request-limits): a budget of requests
 * per 60-second window per connection (integration token), and one per workspace shared by its
 * connections; past it, 429 `rate_limited` with `Retry-After` and `additional_data.rate_limit_reason`
 * worded as Notion words them. Counted in the store, so every node on one PostgreSQL database
 * spends the same budgets (docs/design/clock-rate-limits-faults.md, "Across nodes").
 */
import { ApiError } from "../../api/errors.js";
import type { RateWindowStore } from "../../storage/toolkit-shared.js";
import { NOTION_CONNECTION_PER_MINUTE, NOTION_WORKSPACE_PER_MINUTE, type RateLimitSetting } from "./settings.js";

/** Notion's `rate_limit_reason` values. */
export type RateLimitReason = "public_api_request_rate_limit" | "public_api_space_request_rate_limit";

/** Who a request is counted for: its connection (an integration, or a personal token) in a workspace. */
export interface RateSubject {
  workspaceId: string;
  /** `c:<integration id>` or `p:<personal token id>`. */
  connection: string;
}

/**
 * Counts a request against the setting's budgets, in one store call (`Store.shared`, one
 * statement on PostgreSQL for both counters): Notion's 429 when a budget is spent, else null.
 * Windows are fixed, opened by a key's first request, on real time (`realNow`), never the
 * controlled clock: a frozen clock would never reopen one.
 */
export async function countRequest(windows: RateWindowStore, setting: RateLimitSetting, subject: RateSubject, windowMs: number, realNow: number): Promise<ApiError | null> {
  const perConnection = connectionBudget(setting);
  if (perConnection === null) return null;
  const perWorkspace = workspaceBudget(setting);
  const keys = perWorkspace === null ? [subject.connection] : [subject.connection, WORKSPACE_KEY];
  const counts = await windows.count(subject.workspaceId, keys, realNow, windowMs);
  const over = counts.find((c, i) => c.count > (i === 0 ? perConnection : perWorkspace!));
  if (!over) return null;
  const retryAfter = Math.max(1, Math.ceil((over.windowStart + windowMs - realNow) / 1000));
  return rateLimitedError(retryAfter, over.key === WORKSPACE_KEY ? "public_api_space_request_rate_limit" : "public_api_request_rate_limit");
}

/** The workspace's own counter (connection keys start with `c:` or `p:`). */
const WORKSPACE_KEY = "w";

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
