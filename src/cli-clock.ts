/**
 * `quire clock …` and `quire rate-limit …`: the toolkit's server-wide clock and rate limit over
 * `/_quire/v1/clock` and `/_quire/v1/rate_limit` (docs/design/clock-rate-limits-faults.md).
 */
import { ConfigError } from "./config.js";

/** The options these commands add to the control commands' (`--offset=-3d`: a negative value needs the `=`). */
export const CLOCK_OPTIONS = {
  offset: { type: "string" },
  running: { type: "boolean" },
} as const;

/** Parsed values of the options above. */
export interface ClockValues {
  offset?: string;
  running?: boolean;
}

type Request = [string, string, unknown?];

/**
 * `quire clock [get]`, `clock set TIME [--running]`, `clock set --offset=-3d`, `clock freeze`,
 * `clock reset`; `quire rate-limit [get]`, `rate-limit set notion|off|<n>/min`. Undefined when the
 * command is another, null for a usage error.
 */
export function clockRoute(command: string, sub: string | undefined, a: string | undefined, values: ClockValues): Request | null | undefined {
  if (command === "clock") {
    if (sub === undefined || sub === "get") return ["GET", "/_quire/v1/clock"];
    if (sub === "reset") return ["DELETE", "/_quire/v1/clock"];
    if (sub === "freeze") return ["PUT", "/_quire/v1/clock", { frozen: true }];
    if (sub === "set") {
      if ((a === undefined) === (values.offset === undefined)) throw new ConfigError("clock set needs a time (2026-06-27T12:00:00Z) or --offset=DURATION (-3d, 90m, ms), not both.");
      const offset = values.offset !== undefined && /^[+-]?\d+$/.test(values.offset) ? Number(values.offset) : values.offset;
      return ["PUT", "/_quire/v1/clock", a !== undefined ? { time: a, frozen: !values.running } : { offset }];
    }
    return null;
  }
  if (command === "rate-limit") {
    if (sub === undefined || sub === "get") return ["GET", "/_quire/v1/rate_limit"];
    if (sub === "set" && a) return ["PUT", "/_quire/v1/rate_limit", { limit: a }];
    return null;
  }
  return undefined;
}
