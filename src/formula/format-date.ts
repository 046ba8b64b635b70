/**
 * Date → text. formatDate() takes Moment-style tokens (Notion formats with Luxon but keeps
 * Moment's tokens — thomasjfrank.com/formulas/functions/formatdate); `[...]` escapes text.
 */
import { fields, isoWeek, toWall, zoneAbbrev } from "./time.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const TOKEN = /\[([^\]]*)]|YYYY|YY|Q|MMMM|MMM|MM|M|Do|DDDD|DD|D|dddd|ddd|dd|d|E|WW|W|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|zz|z|X|x/g;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const ordinal = (n: number) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${s}`;
};

function offsetText(off: number, colon: boolean): string {
  const sign = off < 0 ? "-" : "+";
  const m = Math.abs(Math.round(off / 60000));
  return `${sign}${pad(Math.floor(m / 60))}${colon ? ":" : ""}${pad(m % 60)}`;
}

/** Midnight UTC of a calendar day (Date.UTC would read years 0–99 as 1900–1999). */
function utcDay(y: number, mo: number, day: number): number {
  const d = new Date(0);
  return d.setUTCFullYear(y, mo, day);
}

/** Formats an instant in a zone with Moment-style tokens. */
export function formatInstant(ms: number, pattern: string, zone: string): string {
  const d = fields(zone, ms);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  const wd = d.getUTCDay();
  const h = d.getUTCHours();
  const dayOfYear = Math.floor((utcDay(y, mo, day) - utcDay(y, 0, 1)) / 86_400_000) + 1;
  return pattern.replace(TOKEN, (tok, lit: string | undefined) => {
    if (lit !== undefined) return lit;
    switch (tok) {
      // Four digits at least, as Moment and ISO 8601 write years ("0050", "-0001", "+10000").
      case "YYYY": return y < 0 ? `-${pad(-y, 4)}` : y > 9999 ? `+${y}` : pad(y, 4);
      case "YY": return pad(y % 100);
      case "Q": return String(Math.floor(mo / 3) + 1);
      case "MMMM": return MONTHS[mo];
      case "MMM": return MONTHS[mo].slice(0, 3);
      case "MM": return pad(mo + 1);
      case "M": return String(mo + 1);
      case "Do": return ordinal(day);
      case "DDDD": return pad(dayOfYear, 3);
      case "DD": return pad(day);
      case "D": return String(day);
      case "dddd": return WEEKDAYS[wd];
      case "ddd": return WEEKDAYS[wd].slice(0, 3);
      case "dd": return WEEKDAYS[wd].slice(0, 2);
      case "d": return String(wd);
      case "E": return String(wd || 7);
      case "WW": return pad(isoWeek(d));
      case "W": return String(isoWeek(d));
      case "HH": return pad(h);
      case "H": return String(h);
      case "hh": return pad(h % 12 || 12);
      case "h": return String(h % 12 || 12);
      case "mm": return pad(d.getUTCMinutes());
      case "m": return String(d.getUTCMinutes());
      case "ss": return pad(d.getUTCSeconds());
      case "s": return String(d.getUTCSeconds());
      case "SSS": return pad(d.getUTCMilliseconds(), 3);
      case "A": return h < 12 ? "AM" : "PM";
      case "a": return h < 12 ? "am" : "pm";
      case "ZZ": return offsetText(toWall(zone, ms) - ms, false);
      case "Z": return offsetText(toWall(zone, ms) - ms, true);
      case "zz":
      case "z": return zoneAbbrev(zone, ms);
      case "X": return String(Math.floor(ms / 1000));
      case "x": return String(ms);
    }
    return tok;
  });
}

/** ISO 8601 with the zone's offset, e.g. "2024-01-05T10:00:00.000+01:00". */
export function isoInZone(ms: number, zone: string): string {
  return formatInstant(ms, "YYYY-MM-DD[T]HH:mm:ss.SSSZ", zone);
}

/** The calendar date "YYYY-MM-DD" of an instant in a zone. */
export function isoDay(ms: number, zone: string): string {
  return formatInstant(ms, "YYYY-MM-DD", zone);
}
