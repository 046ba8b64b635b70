/**
 * Runtime formula values: JS numbers, strings, booleans and arrays, plus tagged objects for
 * dates, people and pages; null is Notion's "empty". Also the converter from Quire's page
 * property values and the renderer to the API's formula value.
 */
import { fields, fromWall } from "./time.js";
import { formatInstant, isoDay, isoInZone } from "./format-date.js";
import type { ApiResultType } from "./types.js";
import { BUDGET, charge } from "./budget.js";
import { FormulaError } from "./errors.js";
import { plainText } from "../api/rich-text.js";

import { isDate, mkDate, type Ctx, type FDate, type FormulaValue, type FPage, type FPerson } from "./value-types.js";

export type { FDate, FPerson, FPage, FormulaValue, PageAccessor, FormulaEnv, Ctx } from "./value-types.js";
export { isDate, isPerson, isPage, mkDate } from "./value-types.js";

/** A number as Notion shows it in text (no exponent for ordinary magnitudes, no "-0"). */
export function numberText(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

/** A date as Notion shows it by default: "January 5, 2024" or "January 5, 2024 3:04 PM"; ranges with →. */
export function dateText(d: FDate, zone: string): string {
  const fmt = d.time ? "MMMM D, YYYY h:mm A" : "MMMM D, YYYY";
  const s = formatInstant(d.start, fmt, zone);
  return d.end === null ? s : `${s} → ${formatInstant(d.end, fmt, zone)}`;
}

/**
 * Any value as text (format(), "+" with text, and how lists/people/pages reach the API). Lists
 * may share items (a list of the same list a thousand times), so their text is built against a
 * cap: past BUDGET.MAX_TEXT characters it stops with too_large; with `ctx` every item visited
 * is also a step.
 */
export function toText(v: FormulaValue, zone: string, title?: (id: string) => string, ctx?: Ctx): string {
  if (!Array.isArray(v)) return scalarText(v, zone, title);
  const room = { left: BUDGET.MAX_TEXT };
  return listText(v, zone, title, ctx, room);
}

function listText(xs: FormulaValue[], zone: string, title: ((id: string) => string) | undefined, ctx: Ctx | undefined, room: { left: number }): string {
  if (ctx) charge(ctx, xs.length);
  room.left -= 2 * Math.max(0, xs.length - 1);
  const parts: string[] = [];
  for (const x of xs) {
    if (room.left < 0) throw new FormulaError("too_large", `Text longer than ${BUDGET.MAX_TEXT} characters`, { start: 0, end: 0 });
    const part = Array.isArray(x) ? listText(x, zone, title, ctx, room) : scalarText(x, zone, title);
    if (!Array.isArray(x)) room.left -= part.length;
    parts.push(part);
  }
  if (room.left < 0) throw new FormulaError("too_large", `Text longer than ${BUDGET.MAX_TEXT} characters`, { start: 0, end: 0 });
  return parts.join(", ");
}

function scalarText(v: Exclude<FormulaValue, FormulaValue[]>, zone: string, title?: (id: string) => string): string {
  if (v === null) return "";
  switch (typeof v) {
    case "string": return v;
    case "number": return numberText(v);
    case "boolean": return v ? "true" : "false";
  }
  if (v.kind === "date") return dateText(v, zone);
  if (v.kind === "person") return v.name;
  return v.title ?? (title ? title(v.id) : "");
}

export { compare, equals, valueKey } from "./compare.js";

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 date or date-time; a time without offset is wall time in `zone`. */
export function parseIso(s: string, zone: string): FDate | null {
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, off] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +(h ?? 0), +(mi ?? 0), +(sec ?? 0), frac ? +frac.padEnd(3, "0") : 0);
  if (Number.isNaN(wall) || new Date(wall).getUTCDate() !== +d) return null;
  if (off) {
    const sign = off === "Z" ? 0 : off[0] === "-" ? -1 : 1;
    const digits = off.replace(/[^0-9]/g, "");
    const minutes = sign === 0 ? 0 : sign * (+digits.slice(0, 2) * 60 + +digits.slice(2));
    return mkDate(wall - minutes * 60000, null, true);
  }
  return mkDate(fromWall(zone, wall), null, h !== undefined);
}

type Json = Record<string, any>;

function userValue(u: Json | null | undefined): FPerson | null {
  if (!u) return null;
  return { kind: "person", id: String(u.id), name: u.name ?? "", email: u.person?.email ?? "" };
}

function dateValue(v: Json | null | undefined, zone: string): FDate | null {
  if (!v?.start) return null;
  const tz = typeof v.time_zone === "string" && v.time_zone ? v.time_zone : zone;
  const start = parseIso(v.start, tz);
  if (!start) return null;
  const end = v.end ? parseIso(v.end, tz) : null;
  return mkDate(start.start, end ? end.start : null, start.time || !!end?.time);
}

/** A formula's or rollup's number, string or boolean result; anything else (`unsupported`, `incomplete`) is empty. */
function resultValue(x: Json | null | undefined): FormulaValue {
  const v = x?.[x?.type];
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : null;
}

/** Converts a page property value as Quire returns it (`{type, [type]: …}`) to a formula value. */
export function fromPropertyValue(v: Json | null | undefined, zone = "UTC"): FormulaValue {
  if (!v) return null;
  const x = v[v.type];
  switch (v.type) {
    case "title":
    case "rich_text": return plainText(x);
    case "number": return typeof x === "number" ? x : null;
    case "url":
    case "email":
    case "phone_number": return typeof x === "string" ? x : null;
    case "checkbox": return x === true;
    case "select":
    case "status": return x?.name ?? null;
    case "multi_select": return (x ?? []).map((o: Json) => o.name);
    case "date": return dateValue(x, zone);
    case "created_time":
    case "last_edited_time": return typeof x === "string" ? parseIso(x, zone) : null;
    case "people": return (x ?? []).map(userValue).filter(Boolean);
    case "created_by":
    case "last_edited_by": return userValue(x);
    case "relation": return (x ?? []).map((r: Json) => ({ kind: "page", id: r.id }) as FPage);
    case "files": return (x ?? []).map((f: Json) => f.name ?? "");
    case "unique_id": return typeof x?.number === "number" ? x.number : null;
    case "formula": return x?.type === "date" ? dateValue(x.date, zone) : resultValue(x);
    case "rollup":
      if (x?.type === "array") return (x.array ?? []).map((i: Json) => fromPropertyValue(i, zone));
      return x?.type === "date" ? dateValue(x.date, zone) : resultValue(x);
  }
  return null;
}

/** Notion's page value for a formula result: `{type, [type]: value}`. */
export function toApiValue(value: FormulaValue, resultType: ApiResultType | "unknown", timeZone = "UTC"): Json {
  const type = resultType === "unknown" ? runtimeType(value) : resultType;
  if (value === null) return { type, [type]: null };
  switch (type) {
    case "number": return { type, number: typeof value === "number" && Number.isFinite(value) ? value : null };
    case "boolean": return { type, boolean: value === true };
    case "date": {
      // ISO 8601 dates in the API have four-digit years: a formula date outside 0000–9999 (or not a
      // time at all) has no API form, and shows as no date.
      if (!isDate(value) || !inIsoRange(value.start, timeZone) || (value.end !== null && !inIsoRange(value.end, timeZone))) return { type, date: null };
      const show = (ms: number) => (value.time ? isoInZone(ms, timeZone) : isoDay(ms, timeZone));
      return { type, date: { start: show(value.start), end: value.end === null ? null : show(value.end), time_zone: null } };
    }
  }
  return { type: "string", string: toText(value, timeZone) };
}

/** Whether an instant's calendar year in the zone is 0000–9999. */
function inIsoRange(ms: number, zone: string): boolean {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return false;
  const year = fields(zone, ms).getUTCFullYear();
  return year >= 0 && year <= 9999;
}

function runtimeType(v: FormulaValue): ApiResultType {
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "boolean";
  if (isDate(v)) return "date";
  return "string";
}
