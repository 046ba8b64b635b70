/**
 * Dates as Notion's app shows a date mention: "Today", "Tomorrow", "Yesterday" or "December 7,
 * 2026", with "3:00 PM" when the value has a time, and "→" between a range's ends. A value with
 * a time is shown in its `time_zone` when it has one, else in the reader's zone.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Parts {
  y: number;
  m: number;
  d: number;
  time: string | null;
}

function partsOf(value: string, timeZone: string | null | undefined): Parts | null {
  const only = DATE_ONLY.exec(value);
  if (only) return { y: +only[1], m: +only[2], d: +only[3], time: null };
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const zone = timeZone ?? undefined;
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit" });
  } catch {
    f = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit" });
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: +p.year, m: +p.month, d: +p.day, time: `${p.hour}:${p.minute} ${p.dayPeriod}` };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function dayText(p: Parts, today: Date): string {
  const day = Date.UTC(p.y, p.m - 1, p.d);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const diff = Math.round((day - now) / 86_400_000);
  if (diff === 0) return "Today";
  if (diff === 1) return "Tomorrow";
  if (diff === -1) return "Yesterday";
  return `${MONTHS[p.m - 1]} ${p.d}, ${p.y}`;
}

function one(value: string, timeZone: string | null | undefined, today: Date): string {
  const p = partsOf(value, timeZone);
  if (!p) return value;
  return p.time ? `${dayText(p, today)} ${p.time}` : dayText(p, today);
}

/** A Notion date value (`{start, end, time_zone}`) as the app shows it, without the mention's "@". */
export function formatNotionDate(date: { start?: string; end?: string | null; time_zone?: string | null } | null | undefined, today = new Date()): string {
  if (!date?.start) return "";
  const start = one(date.start, date.time_zone, today);
  return date.end ? `${start} → ${one(date.end, date.time_zone, today)}` : start;
}
