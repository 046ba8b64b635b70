/**
 * Date functions. Calendar fields and calendar arithmetic (days and longer) use the workspace
 * time zone; hours and shorter are exact durations. Formula 2.0 numbers weekdays 1 (Monday) to
 * 7 (Sunday) and months 1–12 (thomasjfrank.com/formulas/functions/day).
 */
import type { Span } from "../errors.js";
import { formatInstant } from "../format-date.js";
import { DAY, fields, fromWall, isoWeek, isTimeZone, toWall } from "../time.js";
import { mkDate, parseIso, type Ctx, type FDate } from "../values.js";
import { alias, bad, capped, chargeText, date, define, num, str } from "./registry.js";
import { table } from "../../lib/dict.js";

const UNITS = table({
  years: "years", year: "years", y: "years",
  quarters: "quarters", quarter: "quarters", Q: "quarters",
  months: "months", month: "months", M: "months",
  weeks: "weeks", week: "weeks", w: "weeks",
  days: "days", day: "days", d: "days",
  hours: "hours", hour: "hours", h: "hours",
  minutes: "minutes", minute: "minutes", m: "minutes",
  seconds: "seconds", second: "seconds", s: "seconds",
  milliseconds: "milliseconds", millisecond: "milliseconds", ms: "milliseconds",
});
const EXACT = table({ hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 });

function unit(u: unknown, span: Span): string {
  const x = UNITS[String(u)];
  if (!x) bad(`Unknown date unit "${String(u)}" (use years, quarters, months, weeks, days, hours, minutes, seconds or milliseconds)`, span);
  return x;
}

/** Moves an instant by n units; months clamp to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function shift(ms: number, n: number, u: string, zone: string): number {
  if (u in EXACT) return ms + n * EXACT[u];
  const w = new Date(toWall(zone, ms));
  if (u === "days" || u === "weeks") {
    w.setUTCDate(w.getUTCDate() + n * (u === "weeks" ? 7 : 1));
    return fromWall(zone, w.getTime());
  }
  const months = n * (u === "years" ? 12 : u === "quarters" ? 3 : 1);
  const day = w.getUTCDate();
  w.setUTCDate(1);
  w.setUTCMonth(w.getUTCMonth() + months);
  const last = new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth() + 1, 0)).getUTCDate();
  w.setUTCDate(Math.min(day, last));
  return fromWall(zone, w.getTime());
}

/** Whole units from b to a (a − b), truncated toward zero, as Notion's dateBetween. */
export function between(a: number, b: number, u: string, zone: string): number {
  if (u in EXACT) return Math.trunc((a - b) / EXACT[u]);
  if (u === "days" || u === "weeks") {
    const days = (toWall(zone, a) - toWall(zone, b)) / DAY;
    return Math.trunc(u === "weeks" ? days / 7 : days);
  }
  const wa = new Date(toWall(zone, a));
  const wb = new Date(toWall(zone, b));
  let months = (wa.getUTCFullYear() - wb.getUTCFullYear()) * 12 + (wa.getUTCMonth() - wb.getUTCMonth());
  // A month counts only once the day and time of month are reached.
  if (months > 0 && shift(b, months, "months", zone) > a) months--;
  if (months < 0 && shift(b, months, "months", zone) < a) months++;
  const per = u === "years" ? 12 : u === "quarters" ? 3 : 1;
  return Math.trunc(months / per);
}

const part = (name: string, doc: string, f: (w: Date) => number) =>
  define(name, ["(date) -> number"], doc, ([d], ctx) => {
    const x = date(d);
    return x ? f(fields(ctx.zone, x.start)) : null;
  });
part("minute", "minute(date): 0–59", (w) => w.getUTCMinutes());
part("hour", "hour(date): 0–23", (w) => w.getUTCHours());
part("day", "day(date): weekday, 1 = Monday … 7 = Sunday", (w) => w.getUTCDay() || 7);
part("date", "date(date): day of the month, 1–31", (w) => w.getUTCDate());
part("week", "week(date): ISO week number", isoWeek);
part("month", "month(date): 1–12", (w) => w.getUTCMonth() + 1);
part("year", "year(date)", (w) => w.getUTCFullYear());

define("now", ["() -> date"], "now(): the current date and time", (_a, ctx) => mkDate(ctx.env.now));
define("today", ["() -> date"], "today(): the current date, without time", (_a, ctx) => mkDate(startOfDay(ctx.env.now, ctx), null, false));

function startOfDay(ms: number, ctx: Ctx): number {
  const w = toWall(ctx.zone, ms);
  return fromWall(ctx.zone, w - (((w % DAY) + DAY) % DAY));
}

const move = (sign: number) => ([d, n, u]: any[], ctx: Ctx, span: Span) => {
  const x = date(d);
  if (!x) return null;
  const k = unit(u, span);
  const by = sign * num(n);
  return mkDate(shift(x.start, by, k, ctx.zone), x.end === null ? null : shift(x.end, by, k, ctx.zone), x.time || k in EXACT);
};
define("dateAdd", ["(date, number, string) -> date"], "dateAdd(date, amount, unit)", move(1));
define("dateSubtract", ["(date, number, string) -> date"], "dateSubtract(date, amount, unit)", move(-1));
define("dateBetween", ["(date, date, string) -> number"], "dateBetween(a, b, unit): whole units from b to a", ([a, b, u], ctx, span) => {
  const x = date(a);
  const y = date(b);
  return x && y ? between(x.start, y.start, unit(u, span), ctx.zone) : null;
});
define("dateRange", ["(date, date) -> date"], "dateRange(start, end)", ([a, b]) => {
  const x = date(a);
  const y = date(b);
  if (!x || !y) return x ?? y;
  return mkDate(x.start, y.end ?? y.start, x.time || y.time);
});
define("dateStart", ["(date) -> date"], "dateStart(range)", ([d]) => {
  const x = date(d);
  return x && mkDate(x.start, null, x.time);
});
define("dateEnd", ["(date) -> date"], "dateEnd(range): the end, or the date itself", ([d]) => {
  const x = date(d);
  return x && mkDate(x.end ?? x.start, null, x.time);
});
alias("start", "dateStart");
alias("end", "dateEnd");
define("timestamp", ["(date) -> number"], "timestamp(date): ms since 1970", ([d]) => date(d)?.start ?? null);
define("fromTimestamp", ["(number) -> date"], "fromTimestamp(ms)", ([n]) => (n === null ? null : mkDate(num(n))));
define("formatDate", ["(date, string, string?) -> string"], "formatDate(date, pattern, timeZone?)", ([d, p, tz], ctx, span) => {
  const x: FDate | null = date(d);
  if (!x) return "";
  const zone = tz === undefined ? ctx.zone : str(tz, ctx);
  if (!isTimeZone(zone)) bad(`Unknown time zone "${zone}"`, span);
  const pattern = str(p, ctx);
  chargeText(ctx, 4 * pattern.length); // a pattern letter may write a few characters (dddd: "Wednesday")
  const s = formatInstant(x.start, pattern, zone);
  return capped(x.end === null ? s : `${s} → ${formatInstant(x.end, pattern, zone)}`, span);
});
define("parseDate", ["(string) -> date"], "parseDate(\"2024-01-05\" or ISO date-time)", ([s], ctx, span) => {
  const t = str(s, ctx);
  if (t === "") return null;
  chargeText(ctx, t.length);
  return parseIso(t, ctx.zone) ?? bad(`Cannot parse "${t}" as a date (use ISO 8601, e.g. 2024-01-05)`, span);
});
