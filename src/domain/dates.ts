/**
 * Notion's date values ({start, end, time_zone}) as they are stored and shown everywhere: page
 * property values, date mentions, verification dates, rollups and page markdown all go through
 * `normalizeDate`, so one rule decides the text. (Formula results are computed values, formatted
 * by src/formula; they keep their seconds — Notion's form for them is unrecorded.)
 *
 * - A date-time keeps its minute: seconds and fractions are dropped, never rounded
 *   (`17:57:39.08` → `17:57`), and it is written `YYYY-MM-DDTHH:MM:00.000±HH:MM` (`Z` as
 *   `+00:00`). Recorded 2026-03-11 traffic (ultimate-notion tests/cassettes test_db_querying,
 *   test_date_query, test_page_advanced); every date-time in every recording has `:00.000`.
 * - With `time_zone`, a time without offset keeps its clock time and takes the zone's offset at
 *   that moment (`2024-06-27T17:57:33` + `Europe/London` → `…17:57:00.000+01:00`), and the answer's
 *   `time_zone` is null: "The public API will always return the time_zone field as null when
 *   rendering dates and time zone will be displayed as a UTC offset in the start and end date
 *   fields" (developers.notion.com/changelog/time-zone-support).
 * - With `time_zone`, a time that carries an offset is the same instant shown in that zone
 *   (`…16:57:28Z` + `UTC` → `…16:57:00.000+00:00`, recorded). The changelog says such a pair is
 *   not allowed, yet `Z` + `UTC` is accepted live; a conflicting offset is unrecorded — Quire keeps
 *   the instant and shows it in the zone **(unconfirmed)**.
 * - Without `time_zone`, an offset is kept as given; a time without offset is UTC, as filters
 *   read it ("If no timezone is provided, then the timezone defaults to UTC",
 *   developers.notion.com/reference/filter-data-source-entries) **(unconfirmed for values)**.
 * - A date without time stays as sent, and so does anything that does not parse (never stored).
 *
 * Values stored before this rule (with seconds, `Z`, or a `time_zone`) are shown through it too:
 * readers call `normalizeDate` on what is stored, and filters compare at the minute
 * (src/query/dates.ts), so stored text never has to be rewritten.
 */
import { parseIso, utc, wallClock, zonedToUtc } from "../query/dates.js";

/** A date value in Notion's shape. */
export interface DateValue {
  start: string;
  end: string | null;
  time_zone: string | null;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** `YYYY-MM-DDTHH:MM:00.000±HH:MM` from wall-clock fields and an offset in minutes. */
function minuteText(wall: readonly number[], offsetMinutes: number): string {
  const [y, mo, d, h, mi] = wall;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const off = Math.abs(offsetMinutes);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:00.000${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** The offset (minutes east of UTC) of `tz` at the instant `ms`. */
function offsetAt(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  return Math.round((utc(w[0], w[1], w[2], w[3], w[4], w[5]) - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The given offset of a date-time text in minutes (0 for `Z`). */
function givenOffset(text: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m || /z$/i.test(text)) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** One bound of a date value as Notion shows it (see the file comment). */
export function minuteIso(text: string, timeZone: string | null): string {
  const p = parseIso(text);
  if (!p || p.dateOnly) return text;
  if (p.floating) {
    const wall = [...p.wall.slice(0, 5), 0, 0];
    if (!timeZone) return minuteText(wall, 0);
    const at = zonedToUtc(wall, timeZone);
    return minuteText(wall, Math.round((utc(wall[0], wall[1], wall[2], wall[3], wall[4]) - at) / 60_000));
  }
  if (!timeZone) return minuteText(p.wall, givenOffset(text));
  const offset = offsetAt(p.ms, timeZone);
  const w = wallClock(p.ms + offset * 60_000, undefined);
  return minuteText(w, offset);
}

/** A date value (request or stored) → the value Notion stores and shows: `time_zone` always null. */
export function normalizeDate(value: { start: string; end?: string | null; time_zone?: string | null }): DateValue {
  const zone = value.time_zone ?? null;
  return { start: minuteIso(value.start, zone), end: value.end ? minuteIso(value.end, zone) : null, time_zone: null };
}

/** A stored date value as shown (values stored before normalisation included); null when empty. */
export function showDate(value: unknown): DateValue | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.start !== "string") return null;
  return normalizeDate({ start: v.start, end: typeof v.end === "string" ? v.end : null, time_zone: typeof v.time_zone === "string" ? v.time_zone : null });
}

/** The `plain_text` of a date mention: its start, or `start → end` (recorded: the `start` string). */
export function dateMentionText(d: DateValue): string {
  return d.end ? `${d.start} → ${d.end}` : d.start;
}
