/** Request shapes of the toolkit's control routes: clock, rate limit, latency, faults (admin-clock.ts, admin-rate-limit.ts, admin-faults.ts). */
import { boolean, fail, number, object, oneOf, optional, string, union, uuid, type V } from "../api/validate.js";
import { parseDuration, parseInstant, parseLatency, parseRateLimit, type LatencySetting, type RateLimitSetting } from "../domain/toolkit/settings.js";
import type { FaultError } from "../domain/toolkit/faults.js";

/** An ISO time with its zone, as ms. */
const instant = (): V<number> => (value, path) => {
  const ms = parseInstant(string()(value, path));
  return typeof ms === "string" ? fail(path, ms, value) : ms;
};

/** ms as a number, or a duration string (`-3d`, `90m`). */
const offset = (): V<number> =>
  union(number({ integer: true, min: -315_360_000_000, max: 315_360_000_000 }), (value, path) => {
    const ms = parseDuration(string()(value, path));
    return typeof ms === "string" ? fail(path, ms, value) : ms;
  });

export const clockBody = object({ time: optional(instant()), offset: optional(offset()), frozen: optional(boolean()) });

export const rateLimitBody = object({
  limit: (value, path): RateLimitSetting => {
    const s = parseRateLimit(string()(value, path));
    return typeof s === "string" ? fail(path, s, value) : s;
  },
});

export const latencyBody = object({
  latency: (value, path): LatencySetting => {
    const raw = string()(value, path);
    return raw === "notion" || raw === "off" ? raw : fail(path, parseLatency(raw), value);
  },
});

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
const faultError: V<FaultError> = (value, path) => {
  if ([429, 500, 502, 503, 504, 529].includes(value as number) || value === "timeout" || value === "reset") return value as FaultError;
  return fail(path, "should be one of 429, 500, 502, 503, 504, 529, `timeout`, `reset`", value);
};

export const faultBody = object({
  match: object({
    method: optional((value, path) => oneOf(METHODS)(typeof value === "string" ? value.toUpperCase() : value, path)),
    path: optional(string({ minLength: 1, maxLength: 500, check: { test: (s) => s.startsWith("/"), expectation: "should start with `/`" } })),
    integration_id: optional(uuid()),
  }),
  error: optional(faultError),
  latency_ms: optional(number({ integer: true, min: 0, max: 60_000 })),
  probability: optional(number({ min: 0, max: 1 })),
  count: optional(number({ integer: true, min: 1, max: 1_000_000 })),
  seed: optional(number({ integer: true, min: 0, max: 2 ** 32 - 1 })),
});
