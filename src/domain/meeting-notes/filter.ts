/**
 * The filter and sort grammar of POST /v1/blocks/meeting_notes/query, parsed into a predicate and
 * a comparator over meeting notes. The grammar is the SDK's (@notionhq/client 5.26
 * `QueryMeetingNotesParameters`, `meetingNotesFilterableProperties` and the operator lists of
 * build/src/meeting-notes.d.ts): a combinator `{operator: "and" | "or", filters}` at the top,
 * combinators nested two levels below it at most, property filters `{property, filter: {operator,
 * value?}}`. Notion documents the operators but not their edge semantics; Quire's reading is in
 * docs/design/meeting-notes.md (text folded as data-source filters fold it, days in UTC as there).
 */
import { Invalid, array, fail, isObject, number, oneOf, string, union, uuid, type V } from "../../api/validate.js";
import { DAY, RELATIVE_DATES, addMonths, dateStart, parseIso, relativeDay, today, windowBounds, type ParsedIso, type RelativeDate } from "../../query/dates.js";
import { fold } from "../../query/values.js";

/** What a meeting note is filtered and sorted on. */
export interface NoteFacts {
  id: string;
  /** Plain text of the title, folded. */
  title: string;
  /** Timestamps to the minute, as responses show them. */
  created_time: number;
  last_edited_time: number;
  created_by: string;
  last_edited_by: string;
  attendees: readonly string[];
}

export type NotePredicate = (note: NoteFacts) => boolean;
export type NoteComparator = (a: NoteFacts, b: NoteFacts) => number;

export const FILTERABLE = ["title", "created_time", "last_edited_time", "created_by", "last_edited_by", "attendees"] as const;
type Property = (typeof FILTERABLE)[number];

const EMPTY = ["is_empty", "is_not_empty"] as const;
const TEXT_OPS = ["string_is", "string_is_not", "string_contains", "string_does_not_contain", "string_starts_with", "string_ends_with", ...EMPTY] as const;
const DATE_POINT_OPS = ["date_is", "date_is_before", "date_is_after", "date_is_on_or_before", "date_is_on_or_after"] as const;
const DATE_RANGE_OPS = ["date_is_within", "date_is_relative_to"] as const;
const DATE_OPS = [...DATE_POINT_OPS, ...DATE_RANGE_OPS, ...EMPTY] as const;
const PERSON_OPS = ["person_contains", "person_does_not_contain", ...EMPTY] as const;
/** The data-source filter's named windows, taken as relative ranges (Quire's reading). */
const WINDOWS = ["this_week", "past_week", "past_month", "past_year", "next_week", "next_month", "next_year"] as const;
const MINUTE = 60_000;
/** Combinators nest this many levels below the top one (the API type's depth). */
const MAX_DEPTH = 2;

/** Filter-time facts: the clock and the workspace's time zone (which day "today" is). */
export interface FilterClock {
  now: number;
  timeZone?: string;
}

/** Parses `filter` (absent: every note) into a predicate; throws Invalid with Notion-style paths. */
export function parseNotesFilter(value: unknown, path: string, clock: FilterClock): NotePredicate {
  if (value === undefined || value === null) return () => true;
  return combinator(value, path, 0, clock);
}

function combinator(value: unknown, path: string, depth: number, clock: FilterClock): NotePredicate {
  if (!isObject(value)) fail(path, "should be an object", value);
  const op = oneOf(["and", "or"] as const)(value.operator, `${path}.operator`);
  const items = value.filters === undefined ? [] : value.filters;
  if (!Array.isArray(items)) fail(`${path}.filters`, "should be an array", items);
  const children = items.map((item, i) => node(item, `${path}.filters[${i}]`, depth + 1, clock));
  return op === "and" ? (n) => children.every((c) => c(n)) : (n) => children.length === 0 || children.some((c) => c(n));
}

function node(value: unknown, path: string, depth: number, clock: FilterClock): NotePredicate {
  if (!isObject(value)) fail(path, "should be an object", value);
  if (value.property === undefined && value.operator !== undefined) {
    if (depth > MAX_DEPTH) fail(`${path}.operator`, "should be not present", value.operator);
    return combinator(value, path, depth, clock);
  }
  if (value.property === undefined) {
    const keys = depth > MAX_DEPTH ? ["property"] : ["property", "operator"];
    throw new Invalid(keys.map((k) => `${path}.${k} should be defined, instead was \`undefined\`.`), keys.length > 1);
  }
  const property = oneOf(FILTERABLE)(value.property, `${path}.property`);
  const filter = value.filter;
  if (!isObject(filter)) fail(`${path}.filter`, "should be an object", filter);
  return condition(property, filter, `${path}.filter`, clock);
}

function condition(property: Property, filter: Record<string, unknown>, path: string, clock: FilterClock): NotePredicate {
  switch (property) {
    case "title":
      return textCondition(filter, path);
    case "created_time":
    case "last_edited_time":
      return dateCondition(property, filter, path, clock);
    case "created_by":
    case "last_edited_by":
    case "attendees":
      return personCondition(property, filter, path);
  }
}

/** `{type: "exact", value}`, the one value shape of text and person operators. */
function exact<T>(inner: V<T>): V<T> {
  return (v, p) => {
    if (!isObject(v)) fail(p, "should be an object", v);
    oneOf(["exact"] as const)(v.type, `${p}.type`);
    return inner(v.value, `${p}.value`);
  };
}

function textCondition(filter: Record<string, unknown>, path: string): NotePredicate {
  const op = oneOf(TEXT_OPS)(filter.operator, `${path}.operator`);
  if (op === "is_empty") return (n) => n.title === "";
  if (op === "is_not_empty") return (n) => n.title !== "";
  const operand = fold(exact(string())(filter.value, `${path}.value`));
  switch (op) {
    case "string_is": return (n) => n.title === operand;
    case "string_is_not": return (n) => n.title !== operand;
    case "string_contains": return (n) => n.title.includes(operand);
    case "string_does_not_contain": return (n) => !n.title.includes(operand);
    case "string_starts_with": return (n) => n.title.startsWith(operand);
    case "string_ends_with": return (n) => n.title.endsWith(operand);
  }
}

const personValue = exact((v, p) => {
  if (!isObject(v)) fail(p, "should be an object", v);
  oneOf(["notion_user"] as const)(v.table, `${p}.table`);
  return uuid()(v.id, `${p}.id`);
});

function personCondition(property: "created_by" | "last_edited_by" | "attendees", filter: Record<string, unknown>, path: string): NotePredicate {
  const op = oneOf(PERSON_OPS)(filter.operator, `${path}.operator`);
  const people = (n: NoteFacts): readonly string[] => (property === "attendees" ? n.attendees : [n[property]]);
  if (op === "is_empty") return (n) => people(n).length === 0;
  if (op === "is_not_empty") return (n) => people(n).length > 0;
  const ids = new Set(union<string[]>((v, p) => [personValue(v, p)], array(personValue, { maxLength: 100 }))(filter.value, `${path}.value`));
  const any = (n: NoteFacts) => people(n).some((id) => ids.has(id));
  return op === "person_contains" ? any : (n) => !any(n);
}

/** A half-open window of instants a timestamp must fall in (null: unbounded). */
type Window = { from: number | null; to: number | null };

function dateCondition(property: "created_time" | "last_edited_time", filter: Record<string, unknown>, path: string, clock: FilterClock): NotePredicate {
  const op = oneOf(DATE_OPS)(filter.operator, `${path}.operator`);
  // Timestamps always hold a value.
  if (op === "is_empty") return () => false;
  if (op === "is_not_empty") return () => true;
  const w = (DATE_RANGE_OPS as readonly string[]).includes(op) ? rangeWindow(filter.value, `${path}.value`, clock) : pointWindow(op as (typeof DATE_POINT_OPS)[number], filter.value, `${path}.value`, clock);
  return (n) => (w.from === null || n[property] >= w.from) && (w.to === null || n[property] < w.to);
}

/**
 * A date point — a relative day, a day, or a date-time to the minute (in its own time zone, else
 * UTC) — as the span `[lo, hi)` it covers, then the window each operator takes from it.
 */
function pointWindow(op: (typeof DATE_POINT_OPS)[number], value: unknown, path: string, clock: FilterClock): Window {
  if (!isObject(value)) fail(path, "should be an object", value);
  const kind = oneOf(["relative", "exact"] as const)(value.type, `${path}.type`);
  let span: [number, number];
  if (kind === "relative") {
    const day = relativeDay(oneOf(RELATIVE_DATES)(value.value, `${path}.value`) as RelativeDate, today(clock.now, clock.timeZone));
    span = [day * DAY, (day + 1) * DAY];
  } else {
    const v = value.value;
    if (!isObject(v)) fail(`${path}.value`, "should be an object", v);
    const type = oneOf(["date", "datetime"] as const)(v.type, `${path}.value.type`);
    const day = isoDay(v.start_date, `${path}.value.start_date`).day;
    if (type === "date") span = [day * DAY, (day + 1) * DAY];
    else {
      const time = string({ check: { test: (s) => /^\d{2}:\d{2}$/.test(s), expectation: "should be a time like `14:30`" } })(v.start_time, `${path}.value.start_time`);
      const zone = v.time_zone === undefined ? undefined : string({ check: { test: isTimeZone, expectation: "should be an IANA time zone" } })(v.time_zone, `${path}.value.time_zone`);
      const ms = dateStart({ start: `${v.start_date as string}T${time}`, time_zone: zone });
      if (ms === null) fail(`${path}.value.start_time`, "should be a valid time", time);
      span = [ms, ms + MINUTE];
    }
  }
  const [lo, hi] = span;
  switch (op) {
    case "date_is": return { from: lo, to: hi };
    case "date_is_before": return { from: null, to: lo };
    case "date_is_after": return { from: hi, to: null };
    case "date_is_on_or_before": return { from: null, to: hi };
    case "date_is_on_or_after": return { from: lo, to: null };
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isoDay(value: unknown, path: string): ParsedIso & { dateOnly: true } {
  const text = string()(value, path);
  const parsed = parseIso(text);
  if (!parsed || !parsed.dateOnly) fail(path, "should be a date like `2026-07-14`", value);
  return parsed as ParsedIso & { dateOnly: true };
}

/** A range: an exact `daterange`, or relative — a named window, or `direction` × `count` `unit`s from today. */
function rangeWindow(value: unknown, path: string, clock: FilterClock): Window {
  if (!isObject(value)) fail(path, "should be an object", value);
  const kind = oneOf(["relative", "exact"] as const)(value.type, `${path}.type`);
  if (kind === "exact") {
    const v = value.value;
    if (!isObject(v)) fail(`${path}.value`, "should be an object", v);
    oneOf(["daterange"] as const)(v.type, `${path}.value.type`);
    const start = isoDay(v.start_date, `${path}.value.start_date`).day;
    const end = v.end_date === undefined || v.end_date === null ? null : isoDay(v.end_date, `${path}.value.end_date`).day;
    if (end !== null && end < start) fail(`${path}.value.end_date`, "should be on or after start_date", v.end_date);
    return { from: start * DAY, to: end === null ? null : (end + 1) * DAY };
  }
  const t = today(clock.now, clock.timeZone);
  if (value.direction === undefined && value.unit === undefined && value.count === undefined)
    return windowBounds(oneOf(WINDOWS)(value.value, `${path}.value`), t);
  string()(value.value, `${path}.value`);
  const direction = oneOf(["past", "future"] as const)(value.direction, `${path}.direction`);
  const unit = oneOf(["day", "week", "month", "year"] as const)(value.unit, `${path}.unit`);
  const count = number({ integer: true, min: 1, max: 10_000 })(value.count, `${path}.count`);
  const sign = direction === "past" ? -1 : 1;
  const other = unit === "day" ? t + sign * count : unit === "week" ? t + sign * 7 * count : addMonths(t, sign * count * (unit === "year" ? 12 : 1));
  const [a, b] = sign < 0 ? [other, t] : [t, other];
  return { from: a * DAY, to: (b + 1) * DAY };
}

/** Sort keys in order; none: newest first. Ties fall back to the id, so the order is total. */
export function parseNotesSort(value: unknown, path: string): NoteComparator {
  const keys = value === undefined || value === null ? [{ property: "created_time" as Property, direction: "descending" as const }] : sortKeys(value, path);
  return (a, b) => {
    for (const k of keys) {
      const c = compareBy(k.property, a, b);
      if (c !== 0) return k.direction === "ascending" ? c : -c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

function sortKeys(value: unknown, path: string) {
  return array(
    (v, p) => {
      if (!isObject(v)) fail(p, "should be an object", v);
      return { property: oneOf(FILTERABLE)(v.property, `${p}.property`), direction: oneOf(["ascending", "descending"] as const)(v.direction, `${p}.direction`) };
    },
    { maxLength: 100 },
  )(value, path);
}

/** Attendees sort by their first id (as Quire sorts people values); the rest by value. */
function compareBy(property: Property, a: NoteFacts, b: NoteFacts): number {
  const x = property === "attendees" ? (a.attendees[0] ?? "") : a[property];
  const y = property === "attendees" ? (b.attendees[0] ?? "") : b[property];
  return x < y ? -1 : x > y ? 1 : 0;
}
