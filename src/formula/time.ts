/**
 * Time-zone arithmetic without a date library: a zone's UTC offset comes from Intl (memoized per
 * hour, since offsets change on hour boundaries), and calendar fields are read from
 * "wall time" = instant + offset using the UTC getters.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const HOUR = 3_600_000;
export const DAY = 86_400_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", era: "short", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(zone, f);
  }
  return f;
}

/** True if Intl knows the zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC in ms at an instant. */
export function offsetAt(zone: string, ms: number): number {
  if (zone === "UTC" || zone === "Etc/UTC") return 0;
  let memo = offsets.get(zone);
  if (!memo) offsets.set(zone, (memo = new Map()));
  const hour = Math.floor(ms / HOUR);
  let off = memo.get(hour);
  if (off === undefined) {
    const p: Record<string, number> = {};
    let bc = false;
    for (const part of formatter(zone).formatToParts(new Date(hour * HOUR))) {
      if (part.type === "era") bc = part.value === "BC";
      else if (part.type !== "literal") p[part.type] = Number(part.value);
    }
    // Years before 1 AD come as "<n> BC" (year 0 is 1 BC), and Date.UTC would read years 0–99 as
    // 1900–1999: both gave offsets of thousands of years for extreme dates (fuzzer).
    const wall = new Date(0);
    wall.setUTCFullYear(bc ? 1 - p.year : p.year, p.month - 1, p.day);
    wall.setUTCHours(p.hour, p.minute, p.second, 0);
    off = wall.getTime() - hour * HOUR;
    if (memo.size > 100_000) memo.clear();
    memo.set(hour, off);
  }
  return off;
}

/** Instant → wall-clock ms in the zone. */
export const toWall = (zone: string, ms: number): number => ms + offsetAt(zone, ms);

/** Wall-clock ms in the zone → instant (the earlier one when the wall time is ambiguous). */
export function fromWall(zone: string, wall: number): number {
  const first = wall - offsetAt(zone, wall);
  return wall - offsetAt(zone, first);
}

/** Calendar fields of an instant in a zone. */
export function fields(zone: string, ms: number): Date {
  return new Date(toWall(zone, ms));
}

/** ISO week number (Monday-based, week 1 holds the first Thursday). */
export function isoWeek(wall: Date): number {
  const d = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7);
}

/** Short zone name (e.g. "EST") of an instant, for the "z" format token. */
export function zoneAbbrev(zone: string, ms: number): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" }).formatToParts(new Date(ms));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}
