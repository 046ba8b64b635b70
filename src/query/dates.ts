/**
 * Dates for filters: ISO parsing (values and operands), relative tokens and windows, and the
 * `[from, to)` bounds a date condition resolves to.
 *
 * Day model: a date-only value is a floating calendar day, stored at 00:00 UTC
 * (docs/design/database-values.md); days are therefore UTC days. "If no timezone is provided,
 * then the timezone defaults to UTC" (developers.notion.com/reference/filter-data-source-entries),
 * and relative dates resolve in UTC unless a time zone is given (neodrop.ai "Notion API compound
 * filters" gotchas, 3p). A time zone only decides which calendar day "today" is.
 */
import type { DateOp } from "./ast.js";

export const DAY = 86_400_000;
export const MINUTE = 60_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type ParsedIso =
  | { readonly dateOnly: true; readonly day: number }
  | { readonly dateOnly: false; readonly ms: number; readonly floating: boolean; readonly wall: readonly number[] };

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999 (months are 1-based here). */
export function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

const daysIn = (y: number, m: number) => new Date(utc(y, m + 1, 0)).getUTCDate();

/** Parses an ISO 8601 date or date-time; null when malformed or out of range. */
export function parseIso(text: string): ParsedIso | null {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (m < 1 || m > 12 || day < 1 || day > daysIn(y, m)) return null;
    return { dateOnly: true, day: Math.floor(utc(y, m, day) / DAY) };
  }
  const t = DATE_TIME.exec(text);
  if (!t) return null;
  const [y, mo, day, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(t[i] ?? 0));
  const ms = Number((t[7] ?? "").padEnd(3, "0").slice(0, 3));
  if (mo < 1 || mo > 12 || day < 1 || day > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const wall = [y, mo, day, h, mi, s, ms];
  const at = utc(y, mo, day, h, mi, s, ms);
  const zone = t[8];
  if (!zone) return { dateOnly: false, ms: at, floating: true, wall };
  if (zone.toUpperCase() === "Z") return { dateOnly: false, ms: at, floating: false, wall };
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const oh = Number(digits.slice(0, 2));
  const om = Number(digits.slice(2));
  if (oh > 23 || om > 59) return null;
  return { dateOnly: false, ms: at - sign * (oh * 60 + om) * 60_000, floating: false, wall };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
function formatter(tz: string): Intl.DateTimeFormat | null {
  if (!formatters.has(tz)) {
    try {
      formatters.set(tz, new Intl.DateTimeFormat("en-US", {
        timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", second: "2-digit",
      }));
    } catch {
      formatters.set(tz, null);
    }
  }
  return formatters.get(tz)!;
}

/** Wall-clock fields [y, m, d, h, mi, s] of an instant in a time zone (UTC when unknown). */
export function wallClock(ms: number, tz: string | undefined): number[] {
  const f = tz ? formatter(tz) : null;
  if (!f) {
    const d = new Date(ms);
    return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(ms)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second];
}

/** The instant at which a wall-clock time occurs in `tz` (the earlier one across a DST fold). */
export function zonedToUtc(wall: readonly number[], tz: string): number {
  const [y, mo, d, h, mi, s, ms] = wall;
  const asUtc = utc(y, mo, d, h, mi, s, ms);
  const offsetAt = (t: number) => {
    const w = wallClock(t, tz);
    return utc(w[0], w[1], w[2], w[3], w[4], w[5]) - Math.floor(t / 1000) * 1000;
  };
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  return Math.min(first, second);
}

/** Start of a stored date value (`{start, end, time_zone}`) in epoch ms; null when empty. */
export function dateStart(value: unknown): number | null {
  return dateBound(value, "start");
}

/** End of a stored date value in epoch ms (the start when it has no end); null when empty. */
export function dateEnd(value: unknown): number | null {
  return dateBound(value, "end") ?? dateBound(value, "start");
}

function dateBound(value: unknown, key: "start" | "end"): number | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const text = v[key];
  if (typeof text !== "string") return null;
  const p = parseIso(text);
  if (!p) return null;
  if (p.dateOnly) return p.day * DAY;
  // A date-time without offset is wall-clock time in the value's own time zone, if it has one.
  const ms = p.floating && typeof v.time_zone === "string" && formatter(v.time_zone) ? zonedToUtc(p.wall, v.time_zone) : p.ms;
  // Notion keeps dates to the minute (src/domain/dates.ts): values stored with seconds compare
  // as the minute they are shown as.
  return Math.floor(ms / MINUTE) * MINUTE;
}

/** The calendar day (days since 1970-01-01) that `now` falls on in `tz` (UTC by default). */
export function today(now: number, tz?: string): number {
  const [y, m, d] = wallClock(now, tz);
  return Math.floor(utc(y, m, d) / DAY);
}

/** The same day of the month `n` months later (clamped to the month's last day). */
export function addMonths(day: number, n: number): number {
  const d = new Date(day * DAY);
  const target = new Date(utc(d.getUTCFullYear(), d.getUTCMonth() + 1 + n, 1));
  const [y, m] = [target.getUTCFullYear(), target.getUTCMonth() + 1];
  return Math.floor(utc(y, m, Math.min(d.getUTCDate(), daysIn(y, m))) / DAY);
}

export const RELATIVE_DATES = ["today", "tomorrow", "yesterday", "one_week_ago", "one_week_from_now", "one_month_ago", "one_month_from_now"] as const;
export type RelativeDate = (typeof RELATIVE_DATES)[number];

/** The day a relative token names (tokens are whole days, as in the UI's date picker). */
export function relativeDay(token: RelativeDate, t: number): number {
  switch (token) {
    case "today": return t;
    case "tomorrow": return t + 1;
    case "yesterday": return t - 1;
    case "one_week_ago": return t - 7;
    case "one_week_from_now": return t + 7;
    case "one_month_ago": return addMonths(t, -1);
    case "one_month_from_now": return addMonths(t, 1);
  }
}

export type Bound = { from: number | null; to: number | null };

/**
 * Bounds for a comparison operator. A date-only operand compares by day; a date-time operand
 * to the millisecond (values are whole ms, so "equals t" is [t, t + 1)), or — for date values,
 * which Notion keeps to the minute (`minute`) — to its minute: `equals 18:01:15` matches a value
 * of 18:01 and `before 18:01:15` does not (recorded 2026-03-11 traffic, ultimate-notion
 * tests/cassettes test_date_query #12–#16).
 */
export function comparisonBounds(op: "equals" | "before" | "after" | "on_or_before" | "on_or_after", operand: ParsedIso, minute = false): Bound {
  const [lo, hi] = operand.dateOnly
    ? [operand.day * DAY, (operand.day + 1) * DAY]
    : minute
      ? [Math.floor(operand.ms / MINUTE) * MINUTE, Math.floor(operand.ms / MINUTE) * MINUTE + MINUTE]
      : [operand.ms, operand.ms + 1];
  switch (op) {
    case "equals": return { from: lo, to: hi };
    case "before": return { from: null, to: lo };
    case "after": return { from: hi, to: null };
    case "on_or_before": return { from: null, to: hi };
    case "on_or_after": return { from: lo, to: null };
  }
}

/**
 * Bounds for the window operators, whole days including today. Weeks start on Sunday, the
 * default of Notion's `start_day_of_week` (0) in the SDK's date group-by settings.
 */
export function windowBounds(op: Exclude<DateOp, "equals" | "before" | "after" | "on_or_before" | "on_or_after">, t: number): Bound {
  const days = (a: number, b: number): Bound => ({ from: a * DAY, to: (b + 1) * DAY });
  switch (op) {
    case "past_week": return days(t - 7, t);
    case "past_month": return days(addMonths(t, -1), t);
    case "past_year": return days(addMonths(t, -12), t);
    case "next_week": return days(t, t + 7);
    case "next_month": return days(t, addMonths(t, 1));
    case "next_year": return days(t, addMonths(t, 12));
    case "this_week": {
      const start = t - (((t + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      return days(start, start + 6);
    }
  }
}
